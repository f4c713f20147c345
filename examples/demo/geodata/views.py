"""Read-only viewsets over the ISO data, one pagination style each.

Every queryset loads what its serializer shows in a fixed number of queries
(``select_related`` for nested objects, a prefetch for the subdivision links),
so the query count of a page does not grow with its size.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import pagination, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from geodata import filters, serializers
from geodata.models import Country, Currency, Language, Subdivision


class CountryPagination(pagination.PageNumberPagination):
    """``?page=2&page_size=50``."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 250


class SubdivisionPagination(pagination.LimitOffsetPagination):
    """``?limit=100&offset=200``."""

    default_limit = 50
    max_limit = 500


class CurrencyPagination(pagination.CursorPagination):
    """Opaque ``?cursor=…`` links, stable while rows are added."""

    page_size = 50
    ordering = "alpha_3"


class LanguagePagination(pagination.PageNumberPagination):
    """``?page=3``; languages are many, so pages are larger."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries and territories of ISO 3166-1, addressed by their alpha-2 code.

    Search with `?search=` (name, official name, alpha-3), order with
    `?ordering=` (`name`, `numeric`, `subdivision_count`, a leading `-` reverses),
    filter with `?alpha_3=`, `?numeric=` or `?name=`.
    """

    queryset = Country.objects.annotate(subdivision_count=Count("subdivisions"))
    serializer_class = serializers.CountrySerializer
    pagination_class = CountryPagination
    lookup_field = "alpha_2"
    lookup_value_regex = "[A-Z]{2}"
    filterset_class = filters.CountryFilter
    search_fields = ["name", "official_name", "common_name", "alpha_3"]
    ordering_fields = ["alpha_2", "alpha_3", "numeric", "name", "subdivision_count"]
    ordering = ["alpha_2"]

    def get_queryset(self) -> Any:
        """Add the subdivision links, which only the detail view shows."""
        queryset = super().get_queryset()
        if self.action == "retrieve":
            codes_only = Subdivision.objects.only("code", "country_id").order_by("code")
            queryset = queryset.prefetch_related(Prefetch("subdivisions", queryset=codes_only))
        return queryset

    def get_serializer_class(self) -> Any:
        """Use the detail serializer, with every subdivision link, for one country."""
        if self.action == "retrieve":
            return serializers.CountryDetailSerializer
        return super().get_serializer_class()


class SubdivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Subdivisions of ISO 3166-2 (regions, provinces, states…), addressed by code.

    Filter with `?country=FR`, `?parent=FR-IDF`, `?top_level=true` or `?type=`;
    search with `?search=`; order with `?ordering=name`.
    """

    queryset = Subdivision.objects.select_related("country")
    serializer_class = serializers.SubdivisionSerializer
    pagination_class = SubdivisionPagination
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9]{1,3}-[A-Z0-9]{1,3}"
    filterset_class = filters.SubdivisionFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "type"]
    ordering = ["code"]


class CurrencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Currencies of ISO 4217, addressed by their alpha-3 code, paged by cursor."""

    queryset = Currency.objects.all()
    serializer_class = serializers.CurrencySerializer
    pagination_class = CurrencyPagination
    lookup_field = "alpha_3"
    lookup_value_regex = "[A-Z]{3}"
    filterset_class = filters.CurrencyFilter
    search_fields = ["name", "alpha_3"]
    ordering_fields = ["alpha_3", "numeric"]


class LanguageViewSet(viewsets.ReadOnlyModelViewSet):
    """Languages of ISO 639-3, addressed by their alpha-3 code.

    Filter with `?scope=` (I, M, S), `?type=` (A, C, E, H, L, S) or `?alpha_2=`.
    """

    queryset = Language.objects.all()
    serializer_class = serializers.LanguageSerializer
    pagination_class = LanguagePagination
    lookup_field = "alpha_3"
    lookup_value_regex = "[a-z]{3}"
    filterset_class = filters.LanguageFilter
    search_fields = ["name", "inverted_name", "alpha_3"]
    ordering_fields = ["alpha_3", "name"]
    ordering = ["alpha_3"]


class DatasetSummaryView(APIView):
    """How many entries of each ISO standard are loaded, and from which pycountry release.

    The handler is `async def`: under an ASGI server it runs on the event
    loop, its queries going through Django's async ORM.
    """

    @extend_schema(responses=serializers.DatasetSummarySerializer)
    async def get(self, request: Any, format: Any = None) -> Response:
        return Response(
            {
                "countries": await Country.objects.acount(),
                "subdivisions": await Subdivision.objects.acount(),
                "currencies": await Currency.objects.acount(),
                "languages": await Language.objects.acount(),
                "pycountry_version": version("pycountry"),
            }
        )
