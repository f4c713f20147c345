"""Read-only representations of the ISO data: hyperlinked, with nested summaries."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.reverse import reverse

from geodata.models import Country, Currency, Language, Subdivision


class SubdivisionLinkField(serializers.HyperlinkedRelatedField):
    """A link to a subdivision, built from the foreign key alone.

    Subdivisions are addressed by ``code``, their primary key, so the link
    needs only the key the row already holds: ``lookup_field="pk"`` lets the
    serializer skip loading the related object.
    """

    view_name = "subdivision-detail"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_field", "pk")
        kwargs.setdefault("lookup_url_kwarg", "code")
        super().__init__(**kwargs)


class CountrySummarySerializer(serializers.HyperlinkedModelSerializer):
    """The few fields of a country shown inside other objects."""

    class Meta:
        model = Country
        fields = ["url", "alpha_2", "name", "flag"]
        extra_kwargs = {"url": {"lookup_field": "alpha_2"}}


class CountrySerializer(serializers.HyperlinkedModelSerializer):
    """A country in a list: its codes and names, and where its subdivisions are."""

    subdivision_count = serializers.IntegerField(read_only=True)
    subdivisions_url = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = [
            "url",
            "alpha_2",
            "alpha_3",
            "numeric",
            "name",
            "official_name",
            "common_name",
            "flag",
            "subdivision_count",
            "subdivisions_url",
        ]
        extra_kwargs = {"url": {"lookup_field": "alpha_2"}}

    def get_subdivisions_url(self, country: Country) -> str:
        """Link to the subdivision list filtered on this country."""
        url = reverse("subdivision-list", request=self.context.get("request"))
        return "%s?country=%s" % (url, country.alpha_2)


class CountryDetailSerializer(CountrySerializer):
    """A single country, with a link to each of its subdivisions."""

    subdivisions = SubdivisionLinkField(many=True, read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "subdivisions"]


class SubdivisionSerializer(serializers.HyperlinkedModelSerializer):
    """A subdivision, with its country nested and a link to the subdivision containing it."""

    country = CountrySummarySerializer(read_only=True)
    parent = SubdivisionLinkField(read_only=True)

    class Meta:
        model = Subdivision
        fields = ["url", "code", "name", "type", "country", "parent"]
        extra_kwargs = {"url": {"lookup_field": "code"}}


class CurrencySerializer(serializers.HyperlinkedModelSerializer):
    """A currency of ISO 4217."""

    class Meta:
        model = Currency
        fields = ["url", "alpha_3", "numeric", "name"]
        extra_kwargs = {"url": {"lookup_field": "alpha_3"}}


class LanguageSerializer(serializers.HyperlinkedModelSerializer):
    """A language of ISO 639-3, with its scope and type spelled out."""

    scope_name = serializers.CharField(source="get_scope_display", read_only=True)
    type_name = serializers.CharField(source="get_type_display", read_only=True)

    class Meta:
        model = Language
        fields = [
            "url",
            "alpha_3",
            "alpha_2",
            "bibliographic",
            "name",
            "inverted_name",
            "scope",
            "scope_name",
            "type",
            "type_name",
        ]
        extra_kwargs = {"url": {"lookup_field": "alpha_3"}}


class DatasetSummarySerializer(serializers.Serializer):
    """Row counts of the loaded ISO data (describes the summary endpoint's response)."""

    countries = serializers.IntegerField()
    subdivisions = serializers.IntegerField()
    currencies = serializers.IntegerField()
    languages = serializers.IntegerField()
    pycountry_version = serializers.CharField()
