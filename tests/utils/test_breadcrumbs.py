"""Tests for restwell.utils.breadcrumbs."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path, set_script_prefix

from restwell.utils.breadcrumbs import get_breadcrumbs
from restwell.views import APIView


class RootView(APIView):
    pass


class ShelfList(APIView):
    pass


class ShelfDetail(APIView):
    pass


class ShelfBooks(APIView):
    pass


class Renamed(APIView):
    name = "Special"


def plain_django_view(request):
    return HttpResponse("x")


shelf_detail = ShelfDetail.as_view()

urlpatterns = [
    path("", RootView.as_view()),
    path("shelves/", ShelfList.as_view()),
    path("shelves/special", Renamed.as_view()),
    path("shelves/<int:pk>", shelf_detail),
    path("shelves/<int:pk>/", shelf_detail),
    path("shelves/<int:pk>/books", ShelfBooks.as_view()),
    path("plain/", plain_django_view),
]

pytestmark = pytest.mark.urls(__name__)


def test_root():
    assert get_breadcrumbs("/") == [("Root", "/")]


def test_nested_path_lists_each_api_view_once():
    assert get_breadcrumbs("/shelves/7/books") == [
        ("Root", "/"),
        ("Shelf List", "/shelves/"),
        ("Shelf Detail", "/shelves/7/"),
        ("Shelf Books", "/shelves/7/books"),
    ]


def test_trailing_slash_variant_of_same_view_is_not_repeated():
    assert get_breadcrumbs("/shelves/7/") == [
        ("Root", "/"),
        ("Shelf List", "/shelves/"),
        ("Shelf Detail", "/shelves/7/"),
    ]


def test_view_name_attribute_is_used():
    assert get_breadcrumbs("/shelves/special") == [
        ("Root", "/"),
        ("Shelf List", "/shelves/"),
        ("Special", "/shelves/special"),
    ]


def test_unresolvable_and_non_api_views_are_skipped():
    assert get_breadcrumbs("/nothing/here") == [("Root", "/")]
    assert get_breadcrumbs("/plain/") == [("Root", "/")]


def test_format_query_parameter_is_kept():
    request = RequestFactory().get("/shelves/", {"format": "json"})
    assert get_breadcrumbs("/shelves/", request) == [
        ("Root", "/?format=json"),
        ("Shelf List", "/shelves/?format=json"),
    ]


def test_script_prefix_is_stripped_and_restored():
    set_script_prefix("/app/")
    try:
        assert get_breadcrumbs("/app/shelves/") == [
            ("Root", "/app/"),
            ("Shelf List", "/app/shelves/"),
        ]
    finally:
        set_script_prefix("/")


# The names Django REST framework users import from this module.
DRF_NAMES = ["get_breadcrumbs"]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.breadcrumbs")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
