"""Tests for restwell.pagination: page numbers, limit/offset and cursors (cases C12, C13)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import models
from django.test import RequestFactory
from django.urls import path

from restwell import generics, mixins, pagination, serializers
from restwell.exceptions import NotFound
from restwell.pagination import PAGE_BREAK, Cursor, PageLink
from restwell.request import Request

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class PagRow(models.Model):
    number = models.IntegerField()

    class Meta:
        app_label = "tests"


class PagRelease(models.Model):
    year = models.IntegerField(null=True)

    class Meta:
        app_label = "tests"


class PagScore(models.Model):
    score = models.IntegerField()

    class Meta:
        app_label = "tests"


class PagRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField()


class PagIdSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)


class TenPerPage(pagination.PageNumberPagination):
    page_size = 10


class TenByDefault(pagination.LimitOffsetPagination):
    default_limit = 10


class YearCursor(pagination.CursorPagination):
    ordering = "-year"
    page_size = 1


class ScoreCursor(pagination.CursorPagination):
    ordering = ("-score", "id")
    page_size = 2


class ScoreOnlyCursor(pagination.CursorPagination):
    ordering = "-score"
    page_size = 2


def _list_view(pagination_class: Any, model: Any, serializer: Any) -> Any:
    class SyncList(generics.ListAPIView):
        queryset = model.objects.order_by("id")
        serializer_class = serializer

    SyncList.pagination_class = pagination_class
    return SyncList


def _async_list_view(pagination_class: Any, model: Any, serializer: Any) -> Any:
    class AsyncList(mixins.ListModelMixin, generics.GenericAPIView):
        queryset = model.objects.order_by("id")
        serializer_class = serializer

        async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            return await self.alist(request, *args, **kwargs)

    AsyncList.pagination_class = pagination_class
    return AsyncList


def _routes(name: str, pagination_class: Any, model: Any, serializer: Any) -> list[Any]:
    return [
        path(f"sync/{name}/", _list_view(pagination_class, model, serializer).as_view()),
        path(f"async/{name}/", _async_list_view(pagination_class, model, serializer).as_view()),
    ]


urlpatterns = [
    *_routes("pages", TenPerPage, PagRow, PagRowSerializer),
    *_routes("limits", TenByDefault, PagRow, PagRowSerializer),
    *_routes("years", YearCursor, PagRelease, PagIdSerializer),
    *_routes("scores", ScoreCursor, PagScore, PagIdSerializer),
    *_routes("scores-only", ScoreOnlyCursor, PagScore, PagIdSerializer),
]


@pytest.fixture
def rows() -> list[int]:
    return [PagRow.objects.create(number=n).id for n in range(1, 26)]


@pytest.fixture(params=["sync", "async"])
def prefix(request: pytest.FixtureRequest) -> str:
    """Each endpoint is served by a sync view and by an ``async def`` view using ``alist``."""
    return "/" + request.param


# -- C12: page number bounds --------------------------------------------------


def test_page_number_last_page_has_remaining_rows(
    api_client: Any, prefix: str, rows: list[int]
) -> None:
    """C12: 25 rows, page_size 10: page 3 has 5 rows and no next link."""
    response = api_client.get(f"{prefix}/pages/?page=3")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 25
    assert body["next"] is None
    assert body["previous"] == f"http://testserver{prefix}/pages/?page=2"
    assert [item["number"] for item in body["results"]] == [21, 22, 23, 24, 25]


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "1e3", "9" * 50])
def test_page_number_out_of_range_is_404(
    api_client: Any, prefix: str, rows: list[int], page: str
) -> None:
    """C12: a page past the end, zero, negative or not a number is a 404 "Invalid page."."""
    response = api_client.get(f"{prefix}/pages/", {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_page_number_last_keyword(api_client: Any, prefix: str, rows: list[int]) -> None:
    """C12: ``?page=last`` is page 3."""
    body = api_client.get(f"{prefix}/pages/?page=last").json()
    assert [item["number"] for item in body["results"]] == [21, 22, 23, 24, 25]
    assert body["previous"] == f"http://testserver{prefix}/pages/?page=2"


def test_page_number_first_page_links(api_client: Any, prefix: str, rows: list[int]) -> None:
    body = api_client.get(f"{prefix}/pages/?page=2&q=x").json()
    assert body["previous"] == f"http://testserver{prefix}/pages/?q=x"
    assert body["next"] == f"http://testserver{prefix}/pages/?page=3&q=x"


# -- C12: limit/offset bounds -------------------------------------------------


@pytest.mark.parametrize("limit", ["-5", "0", "abc", ""])
def test_limit_invalid_falls_back_to_default(
    api_client: Any, prefix: str, rows: list[int], limit: str
) -> None:
    """C12: a negative, zero or malformed limit means the default limit (10)."""
    body = api_client.get(f"{prefix}/limits/", {"limit": limit}).json()
    assert body["count"] == 25
    assert [item["number"] for item in body["results"]] == list(range(1, 11))


def test_negative_offset_is_zero(api_client: Any, prefix: str, rows: list[int]) -> None:
    """C12: ``?offset=-3`` means offset 0."""
    body = api_client.get(f"{prefix}/limits/?offset=-3").json()
    assert [item["number"] for item in body["results"]] == list(range(1, 11))
    assert body["previous"] is None
    assert body["next"] == f"http://testserver{prefix}/limits/?limit=10&offset=10"


def test_huge_limit_is_capped_by_default_max_limit(
    api_client: Any, prefix: str, rows: list[int]
) -> None:
    """C12: ``?limit=10000000`` is capped at DEFAULT_MAX_LIMIT; the count is unchanged."""
    body = api_client.get(f"{prefix}/limits/?limit=10000000").json()
    assert body["count"] == 25
    assert len(body["results"]) == 25
    assert body["next"] is None


def test_huge_limit_next_link_uses_the_cap() -> None:
    """C12: the capped limit, not the requested one, appears in the next link."""
    paginator = pagination.LimitOffsetPagination()
    assert paginator.max_limit == pagination.DEFAULT_MAX_LIMIT == 1000
    request = Request(RequestFactory().get("/items/", {"limit": "10000000"}))
    page = paginator.paginate_queryset(list(range(2500)), request)
    assert len(page) == 1000
    response = paginator.get_paginated_response(page)
    assert response.data["count"] == 2500
    assert response.data["next"] == "http://testserver/items/?limit=1000&offset=1000"


def test_max_limit_none_lifts_the_cap() -> None:
    class Unbounded(pagination.LimitOffsetPagination):
        max_limit = None

    request = Request(RequestFactory().get("/", {"limit": "2000"}))
    assert len(Unbounded().paginate_queryset(list(range(2500)), request)) == 2000


def test_limit_offset_without_limit_does_not_paginate() -> None:
    request = Request(RequestFactory().get("/"))
    assert pagination.LimitOffsetPagination().paginate_queryset([1, 2], request) is None


# -- C13: cursor pagination with NULLs and equal values -------------------------


def _walk(api_client: Any, url: str, direction: str) -> tuple[list[list[int]], Any]:
    pages = []
    last = None
    for _ in range(20):
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([item["id"] for item in body["results"]])
        last = body
        url = body[direction]
        if url is None:
            break
    return pages, last


def test_cursor_walk_includes_null_rows_once(api_client: Any, prefix: str) -> None:
    """C13: years [null, null, 1995, 2000] ordered "-year", one per page: every row exactly once."""
    ids = [PagRelease.objects.create(year=year).id for year in (None, None, 1995, 2000)]
    pages, last = _walk(api_client, f"{prefix}/years/", "next")
    walked = [item for page in pages for item in page]
    assert sorted(walked) == sorted(ids)
    assert len(walked) == 4
    # The non-NULL rows come in descending order, wherever the database sorts NULLs.
    assert [i for i in walked if i in ids[2:]] == [ids[3], ids[2]]
    # And back again with the previous links.
    back, _ = _walk(api_client, last["previous"], "previous")
    assert [item for page in back for item in page] == list(reversed(walked[:-1]))


def test_cursor_equal_scores_forward_and_back(api_client: Any, prefix: str) -> None:
    """C13: scores [5, 5, 5, 3], ordering ("-score", "id"), page_size 2."""
    ids = [PagScore.objects.create(score=score).id for score in (5, 5, 5, 3)]
    first = api_client.get(f"{prefix}/scores/").json()
    assert [item["id"] for item in first["results"]] == ids[:2]
    assert first["previous"] is None
    second = api_client.get(first["next"]).json()
    assert [item["id"] for item in second["results"]] == ids[2:]
    assert second["next"] is None
    back = api_client.get(second["previous"]).json()
    assert [item["id"] for item in back["results"]] == ids[:2]


def test_cursor_non_unique_ordering_gets_pk_tie_breaker(api_client: Any, prefix: str) -> None:
    """C13: ordering on "-score" alone still walks every row exactly once, in pk order on ties."""
    ids = [PagScore.objects.create(score=score).id for score in (5, 3, 5, 5, 3, 5, 1)]
    pages, _ = _walk(api_client, f"{prefix}/scores-only/", "next")
    walked = [item for page in pages for item in page]
    fives = sorted(ids[i] for i in (0, 2, 3, 5))
    threes = sorted(ids[i] for i in (1, 4))
    assert walked == list(reversed(fives)) + list(reversed(threes)) + [ids[6]]


@pytest.mark.parametrize("cursor", ["zzz", "%%%", "cD1hYmM=", "bz0tNQ==", "cj14"])
def test_cursor_tampered_is_404(api_client: Any, prefix: str, cursor: str) -> None:
    """C13: a cursor that does not decode, or whose position is not a year, is a 404."""
    PagRelease.objects.create(year=2000)
    response = api_client.get(f"{prefix}/years/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_cursor_encodes_null_position_distinctly() -> None:
    paginator = pagination.CursorPagination()
    paginator.base_url = "http://testserver/"
    from restwell.pagination._cursor import NULL_POSITION

    url = paginator.encode_cursor(Cursor(offset=0, reverse=False, position=NULL_POSITION))
    encoded = parse_qs(urlparse(url).query)["cursor"][0]
    request = Request(RequestFactory().get("/", {"cursor": encoded}))
    assert paginator.decode_cursor(request).position is NULL_POSITION
    # The string "None" is an ordinary position, not NULL.
    url = paginator.encode_cursor(Cursor(offset=0, reverse=False, position="None"))
    encoded = parse_qs(urlparse(url).query)["cursor"][0]
    request = Request(RequestFactory().get("/", {"cursor": encoded}))
    assert paginator.decode_cursor(request).position == "None"


def test_cursor_invalid_cursor_raises_not_found() -> None:
    paginator = pagination.CursorPagination()
    request = Request(RequestFactory().get("/", {"cursor": "123"}))
    with pytest.raises(NotFound):
        paginator.decode_cursor(request)


# -- helpers and HTML context --------------------------------------------------


@pytest.mark.parametrize(
    ("current", "final", "expected"),
    [
        (1, 5, [1, 2, 3, 4, 5]),
        (1, 6, [1, 2, 3, None, 6]),
        (5, 6, [1, None, 4, 5, 6]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
        (5, 9, [1, None, 4, 5, 6, None, 9]),
        (9, 9, [1, None, 7, 8, 9]),
    ],
)
def test_displayed_page_numbers(current: int, final: int, expected: list[Any]) -> None:
    assert pagination._get_displayed_page_numbers(current, final) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [("5", {}, 5), ("0", {}, 0), ("50", {"cutoff": 20}, 20)],
)
def test_positive_int(value: str, kwargs: dict[str, Any], expected: int) -> None:
    assert pagination._positive_int(value, **kwargs) == expected


@pytest.mark.parametrize(("value", "strict"), [("-1", False), ("0", True), ("x", False)])
def test_positive_int_rejects(value: str, strict: bool) -> None:
    with pytest.raises(ValueError):
        pagination._positive_int(value, strict=strict)


def test_page_number_html_context() -> None:
    paginator = TenPerPage()
    request = Request(RequestFactory().get("/", {"page": "2"}))
    paginator.paginate_queryset(list(range(100)), request)
    context = paginator.get_html_context()
    assert context["previous_url"] == "http://testserver/"
    assert context["next_url"] == "http://testserver/?page=3"
    assert context["page_links"] == [
        PageLink("http://testserver/", 1, False, False),
        PageLink("http://testserver/?page=2", 2, True, False),
        PageLink("http://testserver/?page=3", 3, False, False),
        PAGE_BREAK,
        PageLink("http://testserver/?page=10", 10, False, False),
    ]
    assert paginator.display_page_controls is True


def test_page_size_setting_is_read_lazily(settings: Any) -> None:
    settings.REST_FRAMEWORK = {"PAGE_SIZE": 3}
    request = Request(RequestFactory().get("/"))
    assert pagination.PageNumberPagination().paginate_queryset(list(range(10)), request) == [
        0,
        1,
        2,
    ]


def test_schema_parameters() -> None:
    class Sized(pagination.PageNumberPagination):
        page_size_query_param = "size"

    names = [p["name"] for p in Sized().get_schema_operation_parameters(None)]
    assert names == ["page", "size"]
    names = [
        p["name"] for p in pagination.LimitOffsetPagination().get_schema_operation_parameters(None)
    ]
    assert names == ["limit", "offset"]


def _walk_paginator(paginator: Any, queryset: Any, url: str, direction: str) -> list[list[int]]:
    pages = []
    for _ in range(100):
        page = paginator.paginate_queryset(queryset, Request(RequestFactory().get(url)))
        pages.append([row.id for row in page])
        url = paginator.get_next_link() if direction == "next" else paginator.get_previous_link()
        if url is None:
            return pages
    raise AssertionError("cursor walk did not end")


@pytest.mark.parametrize("seed", range(8))
def test_cursor_walks_are_exact_with_nulls_and_ties(seed: int) -> None:
    """C13, generalised: forward and backward walks see every row once, NULLs and ties included."""
    import random

    rnd = random.Random(seed)
    for _ in range(rnd.randint(1, 18)):
        PagRelease.objects.create(year=rnd.choice([None, 1, 2, 2, 3, 3, 3]))
    queryset = PagRelease.objects.all()
    for ordering in ("year", "-year"):
        expected = list(
            queryset.order_by(ordering, "-pk" if ordering[0] == "-" else "pk").values_list("id", flat=True)
        )
        for size in (1, 2, 3):
            paginator = type("P", (pagination.CursorPagination,), {"ordering": ordering, "page_size": size})()
            forward = _walk_paginator(paginator, queryset, "/", "next")
            assert [i for page in forward for i in page] == expected
            if len(forward) > 1:
                # Walk back from the last page using the previous links.
                url = "/"
                for _ in range(len(forward) - 1):
                    paginator.paginate_queryset(queryset, Request(RequestFactory().get(url)))
                    url = paginator.get_next_link()
                paginator.paginate_queryset(queryset, Request(RequestFactory().get(url)))
                back = _walk_paginator(paginator, queryset, paginator.get_previous_link(), "previous")
                walked_back = [i for page in reversed(back) for i in page] + forward[-1]
                assert walked_back == expected


def test_cursor_position_follows_related_field_path() -> None:
    class Holder:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

    class Inner:
        year = 1999

    paginator = pagination.CursorPagination()
    assert paginator._get_position_from_instance(Holder(Inner()), ("-inner__year",)) == "1999"
    from restwell.pagination._cursor import NULL_POSITION

    assert paginator._get_position_from_instance(Holder(None), ("inner__year",)) is NULL_POSITION
