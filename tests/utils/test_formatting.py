"""Tests for restwell.utils.formatting."""

from __future__ import annotations

from unittest import mock

import pytest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from restwell.utils import formatting
from restwell.utils.formatting import (
    camelcase_to_spaces,
    dedent,
    lazy_format,
    markup_description,
    remove_trailing_string,
)


@pytest.mark.parametrize(
    ("content", "trailing", "expected"),
    [
        ("BookListView", "View", "BookList"),
        ("View", "View", "View"),
        ("BookViewSet", "View", "BookViewSet"),
        ("", "View", ""),
    ],
)
def test_remove_trailing_string(content, trailing, expected):
    assert remove_trailing_string(content, trailing) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("BookList", "Book List"),
        ("HTTPServerError", "Http Server Error"),
        ("APIRoot", "Api Root"),
        ("snake_case_name", "Snake Case Name"),
        ("Simple", "Simple"),
        ("myOwnView", "My Own View"),
    ],
)
def test_camelcase_to_spaces(content, expected):
    assert camelcase_to_spaces(content) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "First line.\n\n        Body line\n          indented more\n",
            "First line.\n\nBody line\n  indented more",
        ),
        ("    first string\n\n    second string", "first string\n\nsecond string"),
        ("first string\n\n\tsecond string", "first string\n\nsecond string"),
        ("\tfirst\n\t\tsecond", "first\nsecond"),
        ("one line", "one line"),
        ("  \n", ""),
    ],
)
def test_dedent(content, expected):
    assert dedent(content) == expected


def test_dedent_accepts_lazy_text():
    assert dedent(gettext_lazy("  Hello")) == "Hello"


def test_markup_description_with_markdown():
    html = markup_description("Some *text*")
    assert isinstance(html, SafeString)
    assert html == "<p>Some <em>text</em></p>"


def test_markup_description_without_markdown_escapes_and_breaks_lines():
    with mock.patch.object(formatting.compat, "apply_markdown", None):
        html = markup_description("a < b\nnext")
    assert html == "<p>a &lt; b<br />next</p>"
    assert isinstance(html, SafeString)


def test_lazy_format_formats_once_on_demand():
    template = mock.Mock(wraps="Hello {name}: %s")
    message = lazy_format(template, name="Ann")
    assert template.format.call_count == 0
    assert str(message) == "Hello Ann: %s"
    assert str(message) == "Hello Ann: %s"
    assert template.format.call_count == 1
    assert message % "hi" == "Hello Ann: hi"


def test_lazy_format_with_lazy_translation():
    message = lazy_format(
        gettext_lazy("Ensure this field has no more than {max_length} characters."), max_length=3
    )
    assert str(message) == "Ensure this field has no more than 3 characters."


# The names Django REST framework users import from this module.
DRF_NAMES = [
    "apply_markdown",
    "camelcase_to_spaces",
    "dedent",
    "lazy_format",
    "markup_description",
    "remove_trailing_string",
]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.formatting")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
