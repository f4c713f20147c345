"""Hostile input to generic views: lookups, filters, pagination and relations.

Every case runs on the sync and the async stack (``api_client``), against a
view with sync handlers and one with ``async def`` handlers, and answers with
a clear 4xx on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import base64
import datetime

import pytest
from django.db import connection, models
from django.urls import path

from restwell import filters, pagination, serializers
from restwell.generics import ListAPIView, ListCreateAPIView, RetrieveUpdateDestroyAPIView
from restwell.validators import qs_exists
from restwell.viewsets import ModelViewSet

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

BIG = 2**70


class BadTag(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"


class BadCode(models.Model):
    code = models.CharField(max_length=20, primary_key=True)
    label = models.CharField(max_length=20, blank=True)

    class Meta:
        app_label = "tests"


class BadBook(models.Model):
    title = models.CharField(max_length=50)
    created = models.DateTimeField(null=True)
    tags = models.ManyToManyField(BadTag, blank=True)

    def title_upper(self) -> str:
        return self.title.upper()

    class Meta:
        app_label = "tests"


class BadRef(models.Model):
    code = models.ForeignKey(BadCode, null=True, on_delete=models.CASCADE, related_name="+")
    codes = models.ManyToManyField(BadCode, blank=True, related_name="+")
    tags = models.ManyToManyField(BadTag, blank=True)

    class Meta:
        app_label = "tests"


class BookSerializer(serializers.ModelSerializer):
    # A model method, not a column: shown, but not something to order by.
    title_upper = serializers.ReadOnlyField()

    class Meta:
        model = BadBook
        fields = ["id", "title", "created", "title_upper", "tags"]


class CodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BadCode
        fields = ["code", "label"]


class RefSerializer(serializers.ModelSerializer):
    code_link = serializers.HyperlinkedRelatedField(
        source="code", view_name="bad-code", queryset=BadCode.objects.all(), required=False
    )
    code_labels = serializers.SlugRelatedField(
        source="codes", slug_field="label", many=True, queryset=BadCode.objects.all(), required=False
    )

    class Meta:
        model = BadRef
        fields = ["id", "code", "codes", "tags", "code_link", "code_labels"]


class Pages(pagination.PageNumberPagination):
    page_size = 10


class ByCreated(pagination.CursorPagination):
    page_size = 2
    ordering = "created"


class BookViewSet(ModelViewSet):
    queryset = BadBook.objects.all()
    serializer_class = BookSerializer
    pagination_class = Pages
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["title"]
    ordering = ["-id"]


class AsyncBookViewSet(BookViewSet):
    async def list(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


class CursorList(ListAPIView):
    queryset = BadBook.objects.all()
    serializer_class = BookSerializer
    pagination_class = ByCreated


class AsyncCursorList(CursorList):
    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


class CodeDetail(RetrieveUpdateDestroyAPIView):
    queryset = BadCode.objects.all()
    serializer_class = CodeSerializer


class AsyncCodeDetail(CodeDetail):
    async def get(self, request, *args, **kwargs):
        return await self.aretrieve(request, *args, **kwargs)

    async def put(self, request, *args, **kwargs):
        return await self.aupdate(request, *args, **kwargs)

    async def patch(self, request, *args, **kwargs):
        return await self.apartial_update(request, *args, **kwargs)

    async def delete(self, request, *args, **kwargs):
        return await self.adestroy(request, *args, **kwargs)


class RefList(ListCreateAPIView):
    queryset = BadRef.objects.all()
    serializer_class = RefSerializer


class AsyncRefList(RefList):
    async def post(self, request, *args, **kwargs):
        return await self.acreate(request, *args, **kwargs)

    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


urlpatterns = [
    path("books/", BookViewSet.as_view({"get": "list", "post": "create"})),
    path("abooks/", AsyncBookViewSet.as_view({"get": "list"})),
    path("cursor/", CursorList.as_view()),
    path("acursor/", AsyncCursorList.as_view()),
    path("codes/<str:pk>/", CodeDetail.as_view(), name="bad-code"),
    path("acodes/<str:pk>/", AsyncCodeDetail.as_view()),
    path("refs/", RefList.as_view()),
    path("arefs/", AsyncRefList.as_view()),
]

BOOK_LISTS = ["/books/", "/abooks/"]
CURSOR_LISTS = ["/cursor/", "/acursor/"]
CODE_DETAILS = ["/codes/", "/acodes/"]
REF_LISTS = ["/refs/", "/arefs/"]


@pytest.fixture
def books() -> list[BadBook]:
    one, two = BadTag.objects.create(name="one"), BadTag.objects.create(name="two")
    created = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    rows = [
        BadBook.objects.create(title=f"b{i}", created=created + datetime.timedelta(days=i))
        for i in range(3)
    ]
    rows[0].tags.set([one, two])
    return rows


def _titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def _json(client, url: str):
    return client.get(url, headers={"Accept": "application/json"})


# -- search -------------------------------------------------------------------


@pytest.mark.parametrize("url", BOOK_LISTS)
def test_too_many_search_terms_are_a_400(api_client, books, url):
    words = " ".join(f"w{i}" for i in range(51))
    response = _json(api_client, f"{url}?search={words}")
    assert response.status_code == 400
    assert response.json() == {"search": ["Too many search terms: at most 50 are allowed."]}


@pytest.mark.parametrize("url", BOOK_LISTS)
def test_fifty_search_terms_are_allowed(api_client, books, url):
    words = " ".join(["b"] + [f"w{i}" for i in range(49)])
    response = _json(api_client, f"{url}?search={words}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("url", BOOK_LISTS)
def test_a_repeated_search_term_counts_once(api_client, books, url):
    # 3000 copies used to build a condition SQLite refuses ("Expression tree
    # is too large"): a 500.
    response = _json(api_client, f"{url}?search=" + "+".join(["b1"] * 3000))
    assert response.status_code == 200
    assert _titles(response) == ["b1"]


# -- ordering -----------------------------------------------------------------


@pytest.mark.parametrize("url", BOOK_LISTS)
def test_ordering_by_a_model_method_is_ignored(api_client, books, url):
    response = _json(api_client, f"{url}?ordering=title_upper")
    assert response.status_code == 200
    assert _titles(response) == ["b2", "b1", "b0"]  # the view's default ordering


@pytest.mark.parametrize("url", BOOK_LISTS)
def test_valid_ordering_terms_survive_an_invalid_one(api_client, books, url):
    response = _json(api_client, f"{url}?ordering=-title_upper,title")
    assert response.status_code == 200
    assert _titles(response) == ["b0", "b1", "b2"]


@pytest.mark.parametrize("url", BOOK_LISTS)
def test_ordering_by_a_many_relation_is_ignored(api_client, books, url):
    # Ordering by a many-to-many field would list b0 once per tag.
    response = _json(api_client, f"{url}?ordering=tags")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert _titles(response) == ["b2", "b1", "b0"]


# -- cursor pagination --------------------------------------------------------


def _cursor(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


@pytest.mark.parametrize("url", CURSOR_LISTS)
def test_cursor_position_beyond_the_datetime_range(api_client, books, url):
    # In UTC this is the year 10000, which SQLite's adapter cannot convert;
    # PostgreSQL compares it as it is and finds no later row.
    response = _json(api_client, f"{url}?cursor=" + _cursor("p=9999-12-31T23:59:59-12:00"))
    if connection.vendor == "sqlite":
        assert response.status_code == 404
        assert response.json() == {"detail": "Invalid cursor"}
    else:
        assert response.status_code == 200
        assert response.json()["results"] == []


@pytest.mark.parametrize("url", CURSOR_LISTS)
@pytest.mark.parametrize("position", ["p=%00", "p=0000-00-00", "p=" + "9" * 5000])
def test_cursor_position_of_the_wrong_kind(api_client, books, url, position):
    response = _json(api_client, f"{url}?cursor=" + _cursor(position))
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


# -- detail lookups -----------------------------------------------------------


@pytest.mark.parametrize("url", CODE_DETAILS)
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("key", ["%00", "abc%00", "%00abc"])
def test_nul_in_a_lookup_is_a_404(api_client, url, method, key):
    BadCode.objects.create(code="abc", label="kept")
    response = api_client.generic(
        method, f"{url}{key}/", b'{"label": "x"}', content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert BadCode.objects.get().label == "kept"


# -- relations ----------------------------------------------------------------

RELATION_ERRORS = [
    ({"code": "a\x00"}, {"code": ['Invalid pk "a\x00" - object does not exist.']}),
    ({"codes": ["abc", "\x00"]}, {"codes": ['Invalid pk "\x00" - object does not exist.']}),
    ({"tags": [BIG]}, {"tags": [f'Invalid pk "{BIG}" - object does not exist.']}),
    ({"codes": {"abc": 1}}, {"codes": ['Expected a list of items but got type "dict".']}),
    ({"code_labels": {"kept": 1}}, {"code_labels": ['Expected a list of items but got type "dict".']}),
    ({"code_labels": ["\x00"]}, {"code_labels": ["Object with label=\x00 does not exist."]}),
    ({"code_link": "http://[::1"}, {"code_link": ["Invalid hyperlink - No URL match."]}),
    ({"code_link": "/codes/\udc80/"}, {"code_link": ["Invalid hyperlink - No URL match."]}),
    ({"code_link": "/codes/a%00b/"}, {"code_link": ["Invalid hyperlink - Object does not exist."]}),
    ({"code_link": "http://testserver/codes/%00/"}, {"code_link": ["Invalid hyperlink - Object does not exist."]}),
]


@pytest.mark.parametrize("url", REF_LISTS)
@pytest.mark.parametrize(("payload", "errors"), RELATION_ERRORS)
def test_bad_relation_values_are_a_400(api_client, url, payload, errors):
    BadCode.objects.create(code="abc", label="kept")
    BadTag.objects.create(name="one")
    # The standard library escapes lone surrogates, which orjson cannot write.
    from json import dumps

    body = dumps(payload).encode()
    response = api_client.generic(
        "POST", url, body, content_type="application/json", headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert not BadRef.objects.exists()


@pytest.mark.parametrize("url", REF_LISTS)
def test_an_oversized_pk_among_good_ones_is_named(api_client, url):
    tag = BadTag.objects.create(name="one")
    response = api_client.post(
        url, {"tags": [tag.pk, BIG]}, content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {"tags": [f'Invalid pk "{BIG}" - object does not exist.']}
    assert not BadRef.objects.exists()


@pytest.mark.parametrize("url", REF_LISTS)
def test_good_relation_values_still_save(api_client, url):
    BadCode.objects.create(code="abc", label="kept")
    tag = BadTag.objects.create(name="one")
    body = {"codes": ["abc"], "tags": [tag.pk], "code_link": "http://testserver/codes/abc/"}
    response = api_client.post(
        url, body, content_type="application/json", headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": BadRef.objects.get().pk,
        "code": "abc",
        "codes": ["abc"],
        "tags": [tag.pk],
        "code_link": "http://testserver/codes/abc/",
        "code_labels": ["kept"],
    }


# -- JSON bodies --------------------------------------------------------------


@pytest.mark.parametrize("url", ["/books/"])
def test_an_overflowing_number_is_quoted_shortened(api_client, url):
    literal = "1" + "0" * 1000 + ".5"
    response = api_client.generic(
        "POST", url, b'{"title": ' + literal.encode() + b"}", content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "JSON parse error - Out of range float values are not JSON compliant: "
        "'10000000000000000000...00000000.5'"
    }


# -- validators ---------------------------------------------------------------


def test_uniqueness_check_with_an_unconvertible_datetime_finds_nothing():
    # SQLite's adapter converts to naive UTC: the year 10000 overflows.
    far = datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.timezone(-datetime.timedelta(hours=12)))
    assert qs_exists(BadBook.objects.filter(created=far)) is False
