"""Tests for restwell.routers: generated URL patterns, names, root view and format suffixes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import include, path, resolve, reverse

from restwell import routers, serializers, viewsets
from restwell.decorators import action
from restwell.response import Response

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class RtrItem(models.Model):
    slug = models.SlugField(unique=True)

    class Meta:
        app_label = "tests"


class RtrItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RtrItem
        fields = ["id", "slug"]


class ItemViewSet(viewsets.ModelViewSet):
    queryset = RtrItem.objects.order_by("id")
    serializer_class = RtrItemSerializer
    lookup_field = "slug"

    @action(detail=True, methods=["get", "post"], url_path="a/b", url_name="braces")
    def braces(self, request: Any, slug: Any = None) -> Response:
        return Response({"slug": slug})

    @action(detail=False, url_path="recent")
    def latest(self, request: Any) -> Response:
        return Response({"action": self.action})


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RtrItem.objects.order_by("id")
    serializer_class = RtrItemSerializer
    lookup_value_regex = "[0-9]+"
    lookup_value_converter = "int"


default_router = routers.DefaultRouter()
default_router.register("items", ItemViewSet)
default_router.register("ro", ReadOnlyViewSet, basename="ro")

path_router = routers.SimpleRouter(trailing_slash=False, use_regex_path=False)
path_router.register("ro", ReadOnlyViewSet, basename="path-ro")

urlpatterns = [
    path("api/", include(default_router.urls)),
    path("p/", include(path_router.urls)),
]


def _names(router: Any) -> list[str]:
    return [pattern.name for pattern in router.urls]


def test_simple_router_patterns() -> None:
    router = routers.SimpleRouter()
    router.register("items", ItemViewSet)
    assert [(str(p.pattern), p.name) for p in router.urls] == [
        ("^items/$", "rtritem-list"),
        ("^items/recent/$", "rtritem-latest"),
        ("^items/(?P<slug>[^/.]+)/$", "rtritem-detail"),
        ("^items/(?P<slug>[^/.]+)/a/b/$", "rtritem-braces"),
    ]


def test_mappings_only_include_implemented_actions() -> None:
    router = routers.SimpleRouter()
    router.register("ro", ReadOnlyViewSet, basename="ro")
    list_view, detail_view = (p.callback for p in router.urls)
    assert list_view.actions == {"get": "list"}
    assert detail_view.actions == {"get": "retrieve"}
    assert detail_view.initkwargs == {"suffix": "Instance", "basename": "ro", "detail": True}


def test_path_router_uses_converters_without_trailing_slash() -> None:
    assert [str(p.pattern) for p in path_router.urls] == ["ro", "ro/<int:pk>"]


def test_empty_prefix() -> None:
    router = routers.SimpleRouter()
    router.register("", ReadOnlyViewSet, basename="root")
    assert [str(p.pattern) for p in router.urls] == ["^$", "^(?P<pk>[0-9]+)/$"]
    router = routers.SimpleRouter(use_regex_path=False)
    router.register("", ReadOnlyViewSet, basename="root")
    assert [str(p.pattern) for p in router.urls] == ["", "<int:pk>/"]


def test_requests_through_router(api_client: Any) -> None:
    item = RtrItem.objects.create(slug="one")
    assert api_client.get("/api/items/one/").json() == {"id": item.id, "slug": "one"}
    assert api_client.get("/api/items/one/a/b/").json() == {"slug": "one"}
    assert api_client.get("/api/items/recent/").json() == {"action": "latest"}
    assert api_client.get(f"/p/ro/{item.id}").json() == {"id": item.id, "slug": "one"}
    assert api_client.get("/p/ro/abc").status_code == 404


def test_format_suffixes(api_client: Any) -> None:
    RtrItem.objects.create(slug="one")
    response = api_client.get("/api/items/one.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert resolve("/api/items.json").url_name == "rtritem-list"


def test_api_root_view(api_client: Any) -> None:
    response = api_client.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "items": "http://testserver/api/items/",
        "ro": "http://testserver/api/ro/",
    }
    assert reverse("api-root") == "/api/"


def test_duplicate_basename_is_rejected() -> None:
    router = routers.SimpleRouter()
    router.register("a", ItemViewSet)
    with pytest.raises(ImproperlyConfigured, match='basename "rtritem" is already registered'):
        router.register("b", ItemViewSet)
    router.register("b", ItemViewSet, basename="other")


def test_basename_needed_without_queryset() -> None:
    class NoQueryset(viewsets.ViewSet):
        def list(self, request: Any) -> Response:
            return Response()

    with pytest.raises(ImproperlyConfigured, match="`basename` argument not specified"):
        routers.SimpleRouter().register("x", NoQueryset)


def test_action_named_like_a_route_is_rejected() -> None:
    class Clash(viewsets.ViewSet):
        @action(detail=False)
        def list(self, request: Any) -> Response:
            return Response()

    router = routers.SimpleRouter()
    router.register("x", Clash, basename="clash")
    with pytest.raises(ImproperlyConfigured, match="existing routes: list"):
        router.urls


def test_register_after_urls_rebuilds() -> None:
    router = routers.SimpleRouter()
    router.register("a", ReadOnlyViewSet, basename="a")
    assert len(router.urls) == 2
    router.register("b", ReadOnlyViewSet, basename="b")
    assert len(router.urls) == 4


def test_escape_curly_brackets() -> None:
    assert routers.escape_curly_brackets("a/{b}") == "a/{{b}}"
