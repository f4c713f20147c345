"""restwell.reverse: absolute, version-aware URL reversal."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, path

from restwell.reverse import preserve_builtin_query_params, reverse, reverse_lazy
from restwell.test import APIRequestFactory
from restwell.versioning import BaseVersioning

pytestmark = pytest.mark.urls(__name__)
factory = APIRequestFactory()


def reverse_view(request, *args, **kwargs):
    return None


urlpatterns = [
    path("thing/", reverse_view, name="thing"),
    path("thing.<str:format>", reverse_view, name="thing-fmt"),
]


class ReverseScheme(BaseVersioning):
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def reverse(self, *args, **kwargs):
        if self.fail:
            raise NoReverseMatch()
        return "http://scheme/thing/"


def test_relative_without_request() -> None:
    assert reverse("thing") == "/thing/"
    assert reverse("thing-fmt", format="json") == "/thing.json"


def test_absolute_with_request() -> None:
    assert reverse("thing", request=factory.get("/")) == "http://testserver/thing/"


def test_versioning_scheme_and_fallback() -> None:
    request = factory.get("/")
    request.versioning_scheme = ReverseScheme()
    assert reverse("thing", request=request) == "http://scheme/thing/"
    request.versioning_scheme = ReverseScheme(fail=True)
    assert reverse("thing", request=request) == "http://testserver/thing/"


def test_format_override_is_preserved() -> None:
    request = factory.get("/?format=json&page=2")
    assert reverse("thing", request=request) == "http://testserver/thing/?format=json"
    assert preserve_builtin_query_params("/x/", None) == "/x/"


def test_reverse_lazy() -> None:
    url = reverse_lazy("thing")
    assert str(url) == "/thing/"


def test_kwargs_not_mutated() -> None:
    kwargs: dict = {}
    with pytest.raises(NoReverseMatch):
        reverse("thing", kwargs=kwargs, format="json")
    assert kwargs == {}
