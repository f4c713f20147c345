"""django-filter filter sets for the query-string filters of the ISO endpoints."""

from __future__ import annotations

import django_filters

from geodata.models import Country, Currency, Language, Subdivision


class CountryFilter(django_filters.FilterSet):
    """``?alpha_3=FRA``, ``?numeric=250``, ``?name=…`` (contains, any case)."""

    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Country
        fields = ["alpha_3", "numeric", "name"]


class SubdivisionFilter(django_filters.FilterSet):
    """``?country=FR``, ``?type=Metropolitan department``, ``?parent=FR-IDF``, ``?top_level=true``."""

    # The parent is matched on its code, not chosen from a list: a select of
    # 5,000 subdivisions would be loaded for every browsable page.
    parent = django_filters.CharFilter(field_name="parent_id")
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull")

    class Meta:
        model = Subdivision
        fields = ["country", "type", "parent", "top_level"]


class CurrencyFilter(django_filters.FilterSet):
    """``?numeric=978``."""

    class Meta:
        model = Currency
        fields = ["numeric"]


class LanguageFilter(django_filters.FilterSet):
    """``?scope=M``, ``?type=L``, ``?alpha_2=fr``."""

    class Meta:
        model = Language
        fields = ["scope", "type", "alpha_2"]
