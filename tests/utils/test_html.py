"""Tests for restwell.utils.html: nested values from HTML form input."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from restwell.utils.html import is_html_input, parse_html_dict, parse_html_list


def test_is_html_input():
    assert is_html_input(QueryDict("a=1"))
    assert is_html_input(MultiValueDict())
    assert not is_html_input({"a": 1})


def test_parse_html_list_of_primitives_ordered_by_index():
    data = QueryDict("tags[2]=c&tags[0]=a&tags[10]=d&other=x&tags[1]=b")
    assert parse_html_list(data, prefix="tags") == ["a", "b", "c", "d"]


def test_parse_html_list_of_objects():
    data = QueryDict("items[0]name=a&items[0]qty=1&items[1]name=b")
    result = parse_html_list(data, prefix="items")
    assert [dict(item.items()) for item in result] == [{"name": "a", "qty": "1"}, {"name": "b"}]
    assert isinstance(result[0], MultiValueDict)


def test_parse_html_list_without_prefix_and_default():
    assert parse_html_list(QueryDict("[0]=x&[1]=y")) == ["x", "y"]
    assert parse_html_list(QueryDict("a=1"), prefix="tags") is None
    assert parse_html_list(QueryDict("a=1"), prefix="tags", default=[]) == []


def test_parse_html_list_prefix_is_literal():
    assert parse_html_list(QueryDict("a.b[0]=x&aXb[0]=y"), prefix="a.b") == ["x"]


def test_parse_html_dict():
    data = QueryDict("profile.email=a@x.test&profile.tags=1&profile.tags=2&other=x")
    result = parse_html_dict(data, prefix="profile")
    assert isinstance(result, MultiValueDict)
    assert result["email"] == "a@x.test"
    assert result.getlist("tags") == ["1", "2"]
    assert "other" not in result


def test_parse_html_dict_default():
    empty = parse_html_dict(QueryDict("a=1"), prefix="profile")
    assert isinstance(empty, MultiValueDict) and not empty
    assert parse_html_dict(QueryDict("a=1"), prefix="profile", default=None) is None


# The names Django REST framework users import from this module.
DRF_NAMES = ["NOT_PROVIDED", "is_html_input", "parse_html_dict", "parse_html_list"]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.html")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
