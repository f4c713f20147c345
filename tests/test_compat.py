"""Tests for restwell.compat: optional packages and the helpers DRF users import."""

from __future__ import annotations

import subprocess
import sys

import markdown as markdown_package
import pytest
from django.contrib.auth.models import User
from django.views.generic import View

from restwell import compat


def test_optional_packages_are_the_modules_or_none():
    import requests
    import uritemplate
    import yaml
    from django.contrib.postgres import fields

    assert compat.requests is requests
    assert compat.uritemplate is uritemplate
    assert compat.yaml is yaml
    assert compat.postgres_fields is fields
    assert compat.markdown is markdown_package
    assert compat.coreapi is None
    assert compat.coreschema is None


def test_optional_packages_are_imported_on_first_use():
    code = (
        "import sys; import restwell.compat as c; "
        "before = 'requests' in sys.modules or 'markdown' in sys.modules; "
        "c.requests; c.apply_markdown; "
        "print(before, 'requests' in sys.modules, 'markdown' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "False"]


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        compat.nothing_here  # noqa: B018


def test_every_public_name_is_exported():
    for name in compat.__all__:
        assert hasattr(compat, name), name


def test_unicode_http_header_decodes_latin1_bytes():
    assert compat.unicode_http_header(b"caf\xe9") == "café"
    assert compat.unicode_http_header("plain") == "plain"


def test_split_header_value_strips_and_drops_empty_parts():
    assert list(compat.split_header_value(" no-cache, ,max-age=0 ,")) == ["no-cache", "max-age=0"]


def test_separators():
    assert compat.SHORT_SEPARATORS == (",", ":")
    assert compat.LONG_SEPARATORS == (", ", ": ")
    assert compat.INDENT_SEPARATORS == (",", ": ")


def test_view_accepts_patch():
    assert "patch" in View.http_method_names


def test_ip_address_validators_returns_django_validators():
    from django.core.validators import validate_ipv4_address, validate_ipv46_address

    assert compat.ip_address_validators("both", False) == [validate_ipv46_address]
    assert compat.ip_address_validators("ipv4", False) == [validate_ipv4_address]


@pytest.mark.django_db
def test_distinct_removes_duplicate_rows():
    user = User.objects.create_user("ann")
    User.objects.create_user("bob")
    base = User.objects.all()
    doubled = base.filter(username__in=["ann", "ann"]) | base.filter(pk=user.pk)
    assert list(compat.distinct(doubled, base)) == [user]


def test_apply_markdown_headers_start_at_h2_and_code_is_highlighted():
    text = "Title\n=====\n\nSome *text*.\n\n```python\nx = 1\n\nprint(x)\n```\n"
    assert compat.apply_markdown(text) == (
        '<h2 id="title">Title</h2>\n'
        "<p>Some <em>text</em>.</p>\n"
        '<div class="highlight"><pre><span></span><span class="n">x</span> '
        '<span class="o">=</span> <span class="mi">1</span><br />&nbsp;<br />'
        '<span class="nb">print</span><span class="p">(</span><span class="n">x</span>'
        '<span class="p">)</span><br /></pre></div>\n'
        "<p><br /></p>"
    )


def test_apply_markdown_unknown_language_falls_back_to_plain_text():
    html = compat.apply_markdown("# Head\n```nosuchlang\na < b\n```")
    assert html == (
        '<h2 id="head">Head</h2>\n'
        '<div class="highlight"><pre><span></span>a &lt; b<br /></pre></div>\n'
        "<p><br /></p>"
    )


def test_md_filter_add_syntax_highlight_registers_preprocessor():
    md = markdown_package.Markdown()
    assert compat.md_filter_add_syntax_highlight(md) is True
    assert "highlight" in md.preprocessors


def test_pygments_helpers():
    assert compat.pygments_highlight("x = 1", "python", "default") == (
        '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n'
    )
    css = compat.pygments_css("default")
    assert css.startswith("pre { line-height: 125%; }")
    assert ".highlight .k " in css


# The names Django REST framework users import from this module.
DRF_NAMES = [
    "INDENT_SEPARATORS",
    "LONG_SEPARATORS",
    "SHORT_SEPARATORS",
    "apply_markdown",
    "inflection",
    "markdown",
    "md_filter_add_syntax_highlight",
    "postgres_fields",
    "pygments",
    "pygments_css",
    "pygments_highlight",
    "requests",
    "split_header_value",
    "unicode_http_header",
    "uritemplate",
    "yaml",
    "coreapi",
    "coreschema",
    "distinct",
    "ip_address_validators",
]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.compat")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
