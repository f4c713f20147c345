"""Tests for restwell.filters: SearchFilter term parsing and safety (case C14), OrderingFilter."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test import RequestFactory
from django.urls import path

from restwell import filters, generics, mixins, serializers
from restwell.exceptions import ValidationError
from restwell.request import Request

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class FltArticle(models.Model):
    title = models.CharField(max_length=100)
    secret = models.CharField(max_length=100, default="")

    class Meta:
        app_label = "tests"


class FltTag(models.Model):
    label = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"


class FltPost(models.Model):
    title = models.CharField(max_length=100)
    tags = models.ManyToManyField(FltTag)

    class Meta:
        app_label = "tests"


class FltArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField()
    secret = serializers.CharField(write_only=True)


class FltPostSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField()


class SearchView(generics.ListAPIView):
    queryset = FltArticle.objects.order_by("id")
    serializer_class = FltArticleSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["title"]


class RegexSearchView(SearchView):
    search_fields = ["$title"]


class AsyncSearchView(mixins.ListModelMixin, generics.GenericAPIView):
    queryset = FltArticle.objects.order_by("id")
    serializer_class = FltArticleSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["title"]

    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.alist(request, *args, **kwargs)


class OrderingView(generics.ListAPIView):
    queryset = FltArticle.objects.order_by("id")
    serializer_class = FltArticleSerializer
    filter_backends = [filters.OrderingFilter]
    ordering = ["id"]


class TagSearchView(generics.ListAPIView):
    queryset = FltPost.objects.order_by("id")
    serializer_class = FltPostSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["title", "tags__label"]


urlpatterns = [
    path("search/", SearchView.as_view()),
    path("async-search/", AsyncSearchView.as_view()),
    path("regex-search/", RegexSearchView.as_view()),
    path("ordering/", OrderingView.as_view()),
    path("tag-search/", TagSearchView.as_view()),
]


@pytest.fixture
def articles() -> dict[str, int]:
    titles = ["red car blue", "red car", "blue", "100%", "1000", "a_b", "axb", "aaaa"]
    return {
        title: FltArticle.objects.create(title=title, secret=str(i)).id
        for i, title in enumerate(titles)
    }


@pytest.fixture(params=["/search/", "/async-search/"])
def search_url(request: pytest.FixtureRequest) -> str:
    return request.param


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()]


# -- C14: special characters ---------------------------------------------------


@pytest.mark.parametrize("term", ["\x00", "ab\x00c"])
def test_nul_in_search_is_400_naming_the_parameter(
    api_client: Any, search_url: str, articles: Any, term: str
) -> None:
    """C14: a NUL character is a 400 naming ``search``, never a database error."""
    response = api_client.get(search_url, {"search": term})
    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}


def test_nul_from_percent_encoding_is_400(api_client: Any, articles: Any) -> None:
    """C14: ``?search=%00`` (the raw query string) is the same 400."""
    response = api_client.get("/search/?search=%00")
    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}


def test_quoted_and_comma_terms_are_anded(api_client: Any, search_url: str, articles: Any) -> None:
    """C14: ``"red car",blue`` is the terms ["red car", "blue"], both required."""
    response = api_client.get(search_url, {"search": '"red car",blue'})
    assert _titles(response) == ["red car blue"]


def test_percent_matches_literally(api_client: Any, search_url: str, articles: Any) -> None:
    """C14: ``100%`` matches "100%" only, not "1000" (no LIKE wildcard)."""
    assert _titles(api_client.get(search_url + "?search=100%25")) == ["100%"]


def test_underscore_matches_literally(api_client: Any, search_url: str, articles: Any) -> None:
    """C14: ``a_b`` matches "a_b" only, not "axb"."""
    assert _titles(api_client.get(search_url, {"search": "a_b"})) == ["a_b"]


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*b", "((a|b)+)*", "(a{1,5})+", r"(a)\1"])
def test_catastrophic_regex_is_rejected(api_client: Any, articles: Any, pattern: str) -> None:
    """C14: a regex search with nested repeats (ReDoS) or backreferences is a 400, not run."""
    response = api_client.get("/regex-search/", {"search": pattern})
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["search"]
    assert len(body["search"]) == 1


def test_invalid_regex_is_400(api_client: Any, articles: Any) -> None:
    response = api_client.get("/regex-search/", {"search": "(unclosed"})
    assert response.status_code == 400
    assert response.json()["search"][0].startswith("Invalid regular expression: ")


def test_overlong_regex_is_400(api_client: Any, articles: Any) -> None:
    response = api_client.get("/regex-search/", {"search": "a" * 101})
    assert response.status_code == 400
    assert response.json() == {"search": ["Regular expression too long: at most 100 characters."]}


def test_safe_regex_still_works(api_client: Any, articles: Any) -> None:
    assert _titles(api_client.get("/regex-search/", {"search": "^a.b$"})) == ["a_b", "axb"]


# -- term splitting -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ('"red car",blue', ["red car", "blue"]),
        ('"hello, world"', ["hello, world"]),
        (',,"hello, world",,', ["hello, world"]),
        (",,hello, world,,", ["hello", "world"]),
        ('"hello, world",found', ['"hello', 'world"', "found"]),
        ("  spaced   out ", ["spaced", "out"]),
        ('"', ['"']),
        ("", []),
    ],
)
def test_search_smart_split(raw: str, terms: list[str]) -> None:
    assert filters.search_smart_split(raw) == terms


def test_get_search_terms_raises_validation_error_for_nul() -> None:
    request = Request(RequestFactory().get("/", {"search": "a\x00b"}))
    with pytest.raises(ValidationError) as excinfo:
        filters.SearchFilter().get_search_terms(request)
    assert excinfo.value.detail == {"search": ["Null characters are not allowed."]}


def test_search_param_follows_settings(api_client: Any, articles: Any, settings: Any) -> None:
    settings.REST_FRAMEWORK = {"SEARCH_PARAM": "q"}
    assert _titles(api_client.get("/search/", {"q": "a_b"})) == ["a_b"]


def test_construct_search_lookups() -> None:
    backend = filters.SearchFilter()
    queryset = FltArticle.objects.all()
    assert backend.construct_search("title", queryset) == "title__icontains"
    assert backend.construct_search("^title", queryset) == "title__istartswith"
    assert backend.construct_search("=title", queryset) == "title__iexact"
    assert backend.construct_search("@title", queryset) == "title__search"
    assert backend.construct_search("$title", queryset) == "title__iregex"
    assert backend.construct_search("title__iendswith", queryset) == "title__iendswith"


def test_m2m_search_returns_each_row_once(api_client: Any) -> None:
    post = FltPost.objects.create(title="post")
    post.tags.add(FltTag.objects.create(label="xa"), FltTag.objects.create(label="xb"))
    FltPost.objects.create(title="other")
    assert filters.SearchFilter().must_call_distinct(FltPost.objects.all(), ["tags__label"])
    assert _titles(api_client.get("/tag-search/", {"search": "x"})) == ["post"]


# -- OrderingFilter -------------------------------------------------------------


def test_ordering_by_readable_field(api_client: Any, articles: Any) -> None:
    titles = _titles(api_client.get("/ordering/", {"ordering": "-title"}))
    assert titles == sorted(articles, reverse=True)


def test_ordering_by_write_only_field_is_ignored(api_client: Any, articles: Any) -> None:
    """A write-only field is not orderable: sorting by it would leak its values."""
    titles = _titles(api_client.get("/ordering/", {"ordering": "secret"}))
    assert titles == list(articles)  # the view's default ordering (id)


def test_ordering_invalid_and_double_hyphen_are_ignored(api_client: Any, articles: Any) -> None:
    assert _titles(api_client.get("/ordering/", {"ordering": "--title,nope"})) == list(articles)


def test_ordering_without_serializer_or_fields_is_improperly_configured() -> None:
    class NoSerializer(generics.ListAPIView):
        queryset = FltArticle.objects.all()
        filter_backends = [filters.OrderingFilter]

    view = NoSerializer()
    request = Request(RequestFactory().get("/", {"ordering": "title"}))
    with pytest.raises(ImproperlyConfigured):
        filters.OrderingFilter().filter_queryset(request, FltArticle.objects.all(), view)


def test_ordering_all_fields() -> None:
    class AllFields:
        ordering_fields = "__all__"

    valid = filters.OrderingFilter().get_valid_fields(FltArticle.objects.all(), AllFields())
    assert [name for name, _label in valid] == ["id", "title", "secret"]


def test_base_filter_backend_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        filters.BaseFilterBackend().filter_queryset(None, None, None)


@pytest.mark.parametrize("pattern", ["(?P<n>a)", "a{2", "[[:alpha:]]", "a**"])
def test_regex_the_database_cannot_run_is_400_not_500(api_client: Any, articles: Any, pattern: str) -> None:
    """Python-valid patterns that the database's regex dialect refuses are a 400 too."""
    response = api_client.get("/regex-search/", {"search": pattern})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert list(response.json()) == ["search"]
    # The probe ran in a savepoint: the test transaction is still usable.
    assert FltArticle.objects.count() == len(articles)


class AsyncRegexSearchView(AsyncSearchView):
    search_fields = ["$title"]


urlpatterns.append(path("async-regex-search/", AsyncRegexSearchView.as_view()))


def test_async_regex_search(api_client: Any, articles: Any) -> None:
    """The database probe of a regex term runs off the event loop in async views."""
    assert _titles(api_client.get("/async-regex-search/", {"search": "^a.b$"})) == ["a_b", "axb"]
    assert api_client.get("/async-regex-search/", {"search": "(a+)+"}).status_code == 400
