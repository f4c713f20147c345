"""restwell.urlpatterns.format_suffix_patterns."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, Resolver404, URLResolver, include, path, re_path, reverse
from django.urls.resolvers import RegexPattern

from restwell.urlpatterns import format_suffix_patterns


def urlpatterns_view(request, *args, **kwargs):
    return None


def _resolve(patterns, url):
    resolver = URLResolver(RegexPattern(r"^/"), patterns)
    try:
        match = resolver.resolve(url)
    except Resolver404:
        return None
    return match.kwargs


NESTED = [
    path("item/<int:pk>", urlpatterns_view, name="item"),
    re_path(r"^re/(?P<pk>[0-9]{2})$", urlpatterns_view, name="re-item"),
]
PATTERNS = format_suffix_patterns(
    [
        path("plain", urlpatterns_view, name="plain"),
        path("slash/", urlpatterns_view, {"extra": "x"}, name="slash"),
        re_path(r"^regex/(?P<pk>[0-9]+)/$", urlpatterns_view, name="regex"),
        path("p/<int:parent>/", include((NESTED, "app"), namespace="ns"), {"foo": "bar"}),
        re_path(r"^rp/(?P<parent>[0-9]{2})/", include(NESTED)),
    ]
)


@pytest.mark.parametrize(
    ("url", "kwargs"),
    [
        ("/plain", {}),
        ("/plain.json", {"format": "json"}),
        ("/plain.api/", {"format": "api"}),
        ("/plain.JSON", None),
        ("/slash/", {"extra": "x"}),
        ("/slash.json", {"extra": "x", "format": "json"}),
        ("/slash/.json", None),
        ("/regex/7/", {"pk": "7"}),
        ("/regex/7.json", {"pk": "7", "format": "json"}),
        ("/p/3/item/4", {"parent": 3, "pk": 4, "foo": "bar"}),
        ("/p/3/item/4.csv", {"parent": 3, "pk": 4, "foo": "bar", "format": "csv"}),
        ("/p/3/re/42.json", {"parent": 3, "pk": "42", "foo": "bar", "format": "json"}),
        ("/rp/12/item/4.json", {"parent": "12", "pk": 4, "format": "json"}),
    ],
)
def test_suffixes_resolve(url: str, kwargs: dict | None) -> None:
    assert _resolve(PATTERNS, url) == kwargs


def test_allowed_and_required() -> None:
    patterns = format_suffix_patterns(
        [path("t", urlpatterns_view), re_path(r"^r$", urlpatterns_view)],
        suffix_required=True,
        allowed=["json", "api"],
    )
    assert _resolve(patterns, "/t") is None
    assert _resolve(patterns, "/t.json") == {"format": "json"}
    assert _resolve(patterns, "/r.api") == {"format": "api"}
    assert _resolve(patterns, "/t.csv") is None
    assert _resolve(patterns, "/r.csv") is None


urlpatterns = PATTERNS


@pytest.mark.urls(__name__)
def test_reverse_with_format() -> None:
    assert reverse("plain") == "/plain"
    assert reverse("plain", kwargs={"format": "json"}) == "/plain.json/"
    assert reverse("regex", kwargs={"pk": 5, "format": "json"}) == "/regex/5.json"
    assert reverse("ns:item", kwargs={"parent": 1, "pk": 2, "format": "csv"}) == "/p/1/item/2.csv/"
    with pytest.raises(NoReverseMatch):
        reverse("plain", kwargs={"format": "a.b"})
