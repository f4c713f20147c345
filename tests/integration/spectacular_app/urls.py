"""Serializers, viewsets and a router written against DRF's import names."""

from django.urls import include, path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import filters, serializers, viewsets
from rest_framework.authtoken import views as authtoken_views
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from .models import SpecAuthor, SpecBook


class AuthorSerializer(serializers.ModelSerializer):
    book_count = serializers.IntegerField(source="books.count", read_only=True)

    class Meta:
        model = SpecAuthor
        fields = ["id", "name", "born", "book_count"]


class BookSerializer(serializers.HyperlinkedModelSerializer):
    author = serializers.PrimaryKeyRelatedField(queryset=SpecAuthor.objects.all())
    owner = serializers.ReadOnlyField(source="owner.username")
    tags = serializers.ListField(child=serializers.CharField(), required=False, write_only=True)

    class Meta:
        model = SpecBook
        fields = ["url", "id", "title", "author", "genre", "price", "published", "owner", "tags"]
        extra_kwargs = {"url": {"view_name": "specbook-detail"}}


class ReservationSerializer(serializers.Serializer):
    until = serializers.DateField(help_text="Last day of the reservation.")


class AuthorViewSet(viewsets.ModelViewSet):
    """Authors of the books."""

    queryset = SpecAuthor.objects.all()
    serializer_class = AuthorSerializer
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["name"]
    ordering_fields = ["name", "born"]


class BookViewSet(viewsets.ModelViewSet):
    """The books in the library."""

    queryset = SpecBook.objects.all()
    serializer_class = BookSerializer

    @extend_schema(parameters=[OpenApiParameter("since", int, description="A year.")])
    @action(detail=False)
    def recent(self, request):
        """Books published since a year."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=True, methods=["post"], serializer_class=ReservationSerializer)
    def reserve(self, request, pk=None):
        """Reserve this book."""
        return Response(status=204)


class ReadOnlyAuthorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SpecAuthor.objects.all()
    serializer_class = AuthorSerializer
    lookup_field = "name"


router = DefaultRouter()
router.register("authors", AuthorViewSet)
router.register("books", BookViewSet, basename="specbook")
router.register("public-authors", ReadOnlyAuthorViewSet, basename="public-author")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/token/", authtoken_views.obtain_auth_token),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema/swagger-ui/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/schema/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
