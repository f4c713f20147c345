"""Tests for restwell.utils.urls."""

from __future__ import annotations

import pytest

from restwell.utils.urls import remove_query_param, replace_query_param


@pytest.mark.parametrize(
    ("url", "key", "value", "expected"),
    [
        ("http://x.test/books/", "page", 2, "http://x.test/books/?page=2"),
        ("/books/?page=1&q=a", "page", "3", "/books/?page=3&q=a"),
        ("/books/?z=1&a=2", "m", "x y", "/books/?a=2&m=x+y&z=1"),
        ("/books/?a=&b=1#frag", "b", 2, "/books/?a=&b=2#frag"),
        ("/?q=%E6%9F%A5", "page", 2, "/?page=2&q=%E6%9F%A5"),
        ("/?page=1", "q", "%E6%9F%A5", "/?page=1&q=%25E6%259F%25A5"),
    ],
)
def test_replace_query_param(url, key, value, expected):
    assert replace_query_param(url, key, value) == expected


@pytest.mark.parametrize(
    ("url", "key", "expected"),
    [
        ("/books/?page=2&q=a", "page", "/books/?q=a"),
        ("/books/?q=a", "page", "/books/?q=a"),
        ("/books/?page=2", "page", "/books/"),
        ("/?page=2345&q=%E6%9F%A5", "q", "/?page=2345"),
    ],
)
def test_remove_query_param(url, key, expected):
    assert remove_query_param(url, key) == expected


def test_invalid_percent_encoding_does_not_raise():
    url = "/e/?%FF%FE%3Cscript%3E=1&from=login&page=2"
    assert "from=login" in remove_query_param(url, "page")
    assert "from=x" in replace_query_param(url, "from", "x")


# The names Django REST framework users import from this module.
DRF_NAMES = ["remove_query_param", "replace_query_param"]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.urls")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
