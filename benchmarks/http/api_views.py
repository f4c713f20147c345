"""The API under test, written against Django REST framework's public API.

The same code runs on restwell (``restwell.install_as_rest_framework()`` in
the settings) and on Django REST framework itself.
"""

from __future__ import annotations

from typing import Any

from geodata.models import Country, Subdivision
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

LIST_LENGTH = 50


class Hello(APIView):
    """S0: the smallest JSON endpoint, with the default policies in place."""

    def get(self, request: Any) -> Response:
        return Response({"hello": "world"})


class AsyncHello(APIView):
    """S0 under ASGI: an ``async def`` handler (restwell runs it natively)."""

    async def get(self, request: Any) -> Response:
        return Response({"hello": "world"})


class CountrySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["alpha_2", "alpha_3", "name", "flag"]


class SubdivisionSerializer(serializers.ModelSerializer):
    country = CountrySummarySerializer(read_only=True)

    class Meta:
        model = Subdivision
        fields = ["code", "name", "type", "parent", "country"]


class SubdivisionCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subdivision
        fields = ["code", "name", "type", "country", "parent"]


class SubdivisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """S3: list (first 50, country nested), detail and create of subdivisions."""

    queryset = Subdivision.objects.select_related("country")

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.order_by("code")[:LIST_LENGTH]
        return queryset

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return SubdivisionCreateSerializer
        return SubdivisionSerializer
