"""Tests for restwell.generics: GenericAPIView hooks, the concrete views, async twins."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path

from restwell import filters, generics, pagination, permissions, serializers

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class GenAuthor(models.Model):
    name = models.CharField(max_length=50)

    class Meta:
        app_label = "tests"


class GenTag(models.Model):
    label = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"


class GenBook(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(GenAuthor, on_delete=models.CASCADE)
    tags = models.ManyToManyField(GenTag, blank=True)
    owner = models.CharField(max_length=20, default="")

    class Meta:
        app_label = "tests"


class GenUUIDThing(models.Model):
    uid = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        app_label = "tests"


class GenBookSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="label", many=True, read_only=True)

    class Meta:
        model = GenBook
        fields = ["id", "title", "author", "author_name", "tags"]


class FivePerPage(pagination.PageNumberPagination):
    page_size = 5
    page_size_query_param = "page_size"


class BookList(generics.ListCreateAPIView):
    serializer_class = GenBookSerializer
    pagination_class = FivePerPage

    def get_queryset(self) -> Any:
        # Declaring the relations the serializer reads keeps the number of
        # queries independent of the page size.
        return GenBook.objects.select_related("author").prefetch_related("tags").order_by("id")


class BookDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = GenBook.objects.all()
    serializer_class = GenBookSerializer


class OwnerOnly(permissions.BasePermission):
    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return obj.owner != "someone-else"


class GuardedDetail(BookDetail):
    permission_classes = [OwnerOnly]


class AsyncBookList(BookList):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.alist(request, *args, **kwargs)

    async def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.acreate(request, *args, **kwargs)


class AsyncBookDetail(GuardedDetail):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.aretrieve(request, *args, **kwargs)

    async def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.aupdate(request, *args, **kwargs)

    async def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.apartial_update(request, *args, **kwargs)

    async def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.adestroy(request, *args, **kwargs)


class SlugDetail(generics.RetrieveAPIView):
    queryset = GenUUIDThing.objects.all()
    serializer_class = serializers.Serializer
    lookup_field = "uid"
    lookup_url_kwarg = "thing"


urlpatterns = [
    path("sync/books/", BookList.as_view()),
    path("async/books/", AsyncBookList.as_view()),
    path("sync/books/<str:pk>/", GuardedDetail.as_view()),
    path("async/books/<str:pk>/", AsyncBookDetail.as_view()),
    path("things/<str:thing>/", SlugDetail.as_view()),
]


@pytest.fixture(params=["sync", "async"])
def prefix(request: pytest.FixtureRequest) -> str:
    """Each endpoint is served by sync handlers and by ``async def`` handlers using the a-twins."""
    return "/" + request.param


@pytest.fixture
def books() -> list[GenBook]:
    tags = [GenTag.objects.create(label=label) for label in ("x", "y", "z")]
    result = []
    for i in range(30):
        author = GenAuthor.objects.create(name="author %d" % i)
        book = GenBook.objects.create(title="book %d" % i, author=author)
        book.tags.set(tags[: i % 4])
        result.append(book)
    return result


# -- list: query count independent of page size ---------------------------------


@pytest.mark.parametrize("page_size", [5, 20])
def test_list_query_count_does_not_grow_with_page_size(
    api_client: Any, prefix: str, books: Any, page_size: int
) -> None:
    """select_related/prefetch_related in get_queryset: COUNT + page + one prefetch, whatever the size."""
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(f"{prefix}/books/", {"page_size": page_size})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == page_size
    assert body["results"][1] == {
        "id": books[1].id,
        "title": "book 1",
        "author": books[1].author_id,
        "author_name": "author 1",
        "tags": ["x"],
    }
    selects = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3


def test_create(api_client: Any, prefix: str) -> None:
    author = GenAuthor.objects.create(name="a")
    response = api_client.post(
        f"{prefix}/books/", {"title": "new", "author": author.id}, content_type="application/json"
    )
    assert response.status_code == 201
    book = GenBook.objects.get(title="new")
    assert response.json() == {
        "id": book.id,
        "title": "new",
        "author": author.id,
        "author_name": "a",
        "tags": [],
    }


def test_create_invalid_is_400(api_client: Any, prefix: str) -> None:
    response = api_client.post(f"{prefix}/books/", {"title": ""}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "title": ["This field may not be blank."],
        "author": ["This field is required."],
    }


# -- detail -----------------------------------------------------------------------


def test_retrieve_update_destroy(api_client: Any, prefix: str, books: Any) -> None:
    book = books[2]
    url = f"{prefix}/books/{book.pk}/"
    assert api_client.get(url).json()["title"] == "book 2"

    response = api_client.patch(url, {"title": "renamed"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["title"] == "renamed"
    assert response.json()["tags"] == ["x", "y"]

    response = api_client.put(
        url, {"title": "put", "author": book.author_id}, content_type="application/json"
    )
    assert response.status_code == 200
    assert GenBook.objects.get(pk=book.pk).title == "put"

    response = api_client.delete(url)
    assert response.status_code == 204
    assert not GenBook.objects.filter(pk=book.pk).exists()


def test_missing_object_is_404(api_client: Any, prefix: str) -> None:
    response = api_client.get(f"{prefix}/books/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No GenBook matches the given query."}


@pytest.mark.parametrize("pk", ["abc", "1.5", "%00"])
def test_malformed_pk_is_404(api_client: Any, prefix: str, pk: str) -> None:
    """A lookup value of the wrong type is a 404 (as in Django REST framework), not a 500."""
    response = api_client.get(f"{prefix}/books/{pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_out_of_range_pk_is_404(api_client: Any, prefix: str) -> None:
    response = api_client.get(f"{prefix}/books/{'9' * 40}/")
    assert response.status_code == 404


def test_object_permissions_are_checked(api_client: Any, prefix: str, books: Any) -> None:
    book = books[0]
    GenBook.objects.filter(pk=book.pk).update(owner="someone-else")
    response = api_client.get(f"{prefix}/books/{book.pk}/")
    # Anonymous and denied: "not authenticated", as in Django REST framework.
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert api_client.delete(f"{prefix}/books/{book.pk}/").status_code == 403
    assert GenBook.objects.filter(pk=book.pk).exists()


def test_lookup_url_kwarg_and_malformed_uuid(api_client: Any) -> None:
    thing = GenUUIDThing.objects.create()
    assert api_client.get(f"/things/{thing.uid}/").status_code == 200
    response = api_client.get("/things/not-a-uuid/")
    assert response.status_code == 404


# -- get_object_or_404 ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", None, object()])
def test_get_object_or_404_bad_values(value: Any) -> None:
    with pytest.raises(Http404):
        generics.get_object_or_404(GenBook.objects.all(), pk=value)


def test_get_object_or_404_bad_uuid() -> None:
    with pytest.raises(Http404):
        generics.get_object_or_404(GenUUIDThing, uid="not-a-uuid")


async def test_aget_object_or_404_bad_value() -> None:
    with pytest.raises(Http404):
        await generics.aget_object_or_404(GenBook.objects.all(), pk="abc")


# -- configuration errors -------------------------------------------------------------


def test_missing_queryset_is_improperly_configured() -> None:
    class NoQueryset(generics.GenericAPIView):
        pass

    with pytest.raises(ImproperlyConfigured) as excinfo:
        NoQueryset().get_queryset()
    assert str(excinfo.value) == (
        "'NoQueryset' should either include a `queryset` attribute, "
        "or override the `get_queryset()` method."
    )


def test_missing_serializer_class_is_improperly_configured() -> None:
    class NoSerializer(generics.GenericAPIView):
        pass

    with pytest.raises(ImproperlyConfigured) as excinfo:
        NoSerializer().get_serializer_class()
    # Also an AssertionError, for code written against Django REST framework.
    assert isinstance(excinfo.value, AssertionError)


def test_missing_lookup_kwarg_is_improperly_configured() -> None:
    view = BookDetail()
    view.kwargs = {"id": 1}
    view.request = None
    view.format_kwarg = None
    with pytest.raises(ImproperlyConfigured, match='named "pk"'):
        view.get_object()


# -- settings are read lazily -----------------------------------------------------------


def test_default_policies_follow_override_settings(settings: Any) -> None:
    assert generics.GenericAPIView().filter_backends == []
    assert generics.GenericAPIView().pagination_class is None
    settings.REST_FRAMEWORK = {
        "DEFAULT_FILTER_BACKENDS": ["restwell.filters.SearchFilter"],
        "DEFAULT_PAGINATION_CLASS": "restwell.pagination.LimitOffsetPagination",
        "PAGE_SIZE": 2,
    }
    view = generics.GenericAPIView()
    assert view.filter_backends == [filters.SearchFilter]
    assert isinstance(view.paginator, pagination.LimitOffsetPagination)


def test_get_serializer_context_and_explicit_context() -> None:
    view = BookList()
    view.request = RequestFactory().get("/")
    view.format_kwarg = "json"
    context = view.get_serializer_context()
    assert context == {"request": view.request, "format": "json", "view": view}
    marker = object()
    assert view.get_serializer(context=marker).context is marker


def test_unpaginated_view_has_no_paginator() -> None:
    class Plain(generics.ListAPIView):
        pagination_class = None

    view = Plain()
    assert view.paginator is None
    assert view.paginate_queryset([1, 2]) is None
    with pytest.raises(ImproperlyConfigured):
        view.get_paginated_response([])


def test_class_getitem_returns_the_class() -> None:
    assert generics.GenericAPIView[GenBook] is generics.GenericAPIView
    assert generics.ListAPIView["x"] is generics.ListAPIView


def test_concrete_views_allowed_methods() -> None:
    assert generics.ListCreateAPIView().allowed_methods == ["GET", "POST", "OPTIONS"]
    assert set(generics.RetrieveUpdateDestroyAPIView().allowed_methods) == {
        "GET", "PUT", "PATCH", "DELETE", "OPTIONS",
    }


def test_options_on_async_detail_view(api_client: Any, books: Any) -> None:
    """OPTIONS on an ``async def`` view runs the (blocking) metadata checks off the event loop."""
    response = api_client.options(f"/async/books/{books[0].pk}/")
    assert response.status_code == 200
    assert sorted(response.json()["actions"]) == ["PUT"]


class AuthorScopedBackend(filters.BaseFilterBackend):
    """A custom backend that queries the database while filtering."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        name = request.query_params.get("author")
        if not name:
            return queryset
        author = GenAuthor.objects.get(name=name)
        return queryset.filter(author=author)


class ScopedAsyncList(generics.GenericAPIView):
    serializer_class = GenBookSerializer
    filter_backends = [AuthorScopedBackend]
    pagination_class = None

    def get_queryset(self) -> Any:
        # Blocking work in a sync override: the async path runs it in a thread.
        GenAuthor.objects.count()
        return GenBook.objects.order_by("id")

    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from restwell.mixins import ListModelMixin

        return await ListModelMixin.alist(self, request, *args, **kwargs)


urlpatterns.append(path("scoped/", ScopedAsyncList.as_view()))


def test_async_list_runs_blocking_overrides_off_the_event_loop(api_client: Any, books: Any) -> None:
    response = api_client.get("/scoped/", {"author": "author 3"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()] == ["book 3"]
