"""The ``rest_framework`` template tag library (restwell/templatetags/rest_framework.py)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import include, path
from django.utils.safestring import SafeString

from restwell.templatetags import rest_framework as tags

rf = RequestFactory()

urlpatterns = [path("auth/", include("restwell.urls", namespace="rest_framework"))]


class Link(str):
    is_hyperlink = True

    def __new__(cls, url: str, obj: object) -> Link:
        value = super().__new__(cls, url)
        value.obj = obj
        return value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "<code>true</code>"),
        (False, "<code>false</code>"),
        (None, "<code>null</code>"),
        ("plain text", "plain text"),
        ("http://example.com/a", '<a href="http://example.com/a">http://example.com/a</a>'),
        ("/relative/", '<a href="/relative/">/relative/</a>'),
        ("me@example.com", '<a href="mailto:me@example.com">me@example.com</a>'),
        ("a\nb", "<pre>a\nb</pre>"),
        ("<b>\n", "<pre>&lt;b&gt;\n</pre>"),
        (
            '/x"onmouseover="alert(1)',
            '<a href="/x&quot;onmouseover=&quot;alert(1)">/x&quot;onmouseover=&quot;alert(1)</a>',
        ),
        (12, "12"),
    ],
)
def test_format_value_scalars(value: object, expected: str) -> None:
    assert tags.format_value(value) == expected


def test_format_value_hyperlink_is_escaped() -> None:
    assert tags.format_value(Link("http://x.com", "name")) == "<a href=http://x.com>name</a>"
    evil = Link("http://x.com/a b", "<script>")
    assert tags.format_value(evil) == '<a href="http://x.com/a b">&lt;script&gt;</a>'


def test_format_value_lists_and_dicts() -> None:
    assert tags.format_value(["a", "b"]) == "\n a, b\n"
    assert tags.format_value([]) == "\n\n"
    html = tags.format_value({"k": "<i>v</i>"}).replace("\n", "").replace(" ", "")
    assert (
        html
        == '<tableclass="tabletable-striped"><tbody><tr><th>k</th><td>&lt;i&gt;v&lt;/i&gt;</td></tr></tbody></table>'
    )


def test_add_nested_class() -> None:
    assert tags.add_nested_class({"a": 1}) == "class=nested"
    assert tags.add_nested_class([[1]]) == "class=nested"
    assert tags.add_nested_class(["x"]) == ""
    assert tags.add_nested_class(None) == ""


def test_as_string_and_list_of_strings() -> None:
    assert tags.as_string(None) == ""
    assert tags.as_string(3) == "3"
    assert tags.as_list_of_strings([1, None, "a"]) == ["1", "", "a"]


def test_items_filter_handles_none_and_items_key() -> None:
    assert tags.items(None) == []
    assert list(tags.items({"items": 1})) == [("items", 1)]


def test_add_class() -> None:
    assert tags.add_class('<label class="a">x</label>', "b") == '<label class="a b">x</label>'
    assert tags.add_class("<label>x</label>", "b") == '<label class="b">x</label>'
    assert tags.add_class('<label class="b">x</label>', "b") == '<label class="b">x</label>'
    assert tags.add_class("<input name=x />", "c") == '<input name=x class="c" />'
    assert tags.add_class('<textarea>class="y"</textarea>', "c") == '<textarea class="c">class="y"</textarea>'


def test_add_query_param_keeps_non_latin_and_escapes() -> None:
    request = rf.get("/", {"q": "查询"})
    url = tags.add_query_param(request, "format", "json")
    assert "q=%E6%9F%A5%E8%AF%A2" in url
    assert "format=json" in url
    assert "&amp;" in url


def test_optional_login_without_login_url() -> None:
    assert tags.optional_login(rf.get("/")) == ""
    assert tags.optional_docs_login(rf.get("/")) == "log in"


@override_settings(ROOT_URLCONF=__name__)
def test_optional_login_and_logout_escape_the_path_and_user() -> None:
    request = rf.get('/a"><script>/')
    login = tags.optional_login(request)
    assert login == '<li><a href="/auth/login/?next=/a&quot;&gt;&lt;script&gt;/">Log in</a></li>'
    logout = tags.optional_logout(request, "<img src=x>", "TOKEN")
    assert "&lt;img src=x&gt;" in logout
    assert (
        '<form id="logoutForm" method="post" action="/auth/logout/?next=/a&quot;&gt;&lt;script&gt;/">'
        in logout
    )
    assert ">Log out<" in logout
    assert "onclick" not in logout


def test_optional_logout_without_logout_url() -> None:
    assert tags.optional_logout(rf.get("/"), "<b>", "T") == '<li class="rw-user">&lt;b&gt;</li>'


def test_break_long_headers_escapes_each_part() -> None:
    value = "<script>," + "a" * 200
    out = tags.break_long_headers(value)
    assert out.startswith("&lt;script&gt;<br>")
    assert tags.break_long_headers("<b>short</b>") == "<b>short</b>"  # autoescaped by the template


def test_pagination_html_calls_to_html() -> None:
    class Pager:
        def to_html(self) -> str:
            return "pages"

    assert tags.get_pagination_html(Pager()) == "pages"


def test_smart_urlquote_wrapper_swallows_value_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(url: str) -> str:
        raise ValueError

    monkeypatch.setattr(tags, "smart_urlquote", broken)
    assert tags.smart_urlquote_wrapper("x") is None


def test_render_markdown_returns_safe_html() -> None:
    html = tags.render_markdown("# Title")
    assert isinstance(html, SafeString)
    assert "Title" in html


def test_template_urlize_escapes() -> None:
    template = Template("{% load rest_framework %}{{ content|urlize }}")
    rendered = template.render(Context({"content": "<script>alert()</script> http://example.com"}))
    assert rendered == (
        '&lt;script&gt;alert()&lt;/script&gt; <a href="http://example.com" rel="nofollow">http://example.com</a>'
    )


def test_code_tag_highlights() -> None:
    template = Template("{% load rest_framework %}{% code python %}x = 1{% endcode %}")
    assert "x" in template.render(Context({}))
