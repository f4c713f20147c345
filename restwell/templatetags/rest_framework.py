"""The ``rest_framework`` template tag library used by the browsable API.

Load it with ``{% load rest_framework %}``. Every tag and filter escapes what it
inserts: values from the request, the response or the user are never trusted
as HTML. The names are Django REST framework's, so project templates written
for it keep working.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import escape, format_html, smart_urlquote
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "CodeNode",
    "add_class",
    "add_nested_class",
    "add_query_param",
    "as_list_of_strings",
    "as_string",
    "break_long_headers",
    "data",
    "format_value",
    "get_pagination_html",
    "highlight_code",
    "items",
    "optional_docs_login",
    "optional_login",
    "optional_logout",
    "register",
    "render_field",
    "render_form",
    "render_markdown",
    "schema_links",
    "smart_urlquote_wrapper",
]

register = template.Library()

# The value of an existing class="..." attribute in an HTML snippet.
class_re = re.compile(r"(?<=class=[\"'])(.*?)(?=[\"'])")
_WHITESPACE = re.compile(r"\s")


def _form_renderer() -> Any:
    from restwell.renderers import HTMLFormRenderer

    return HTMLFormRenderer()


class CodeNode(template.Node):
    """``{% code lang %}...{% endcode %}``: syntax-highlight the enclosed text."""

    style = "emacs"

    def __init__(self, lang: str, code: Any) -> None:
        self.lang = lang
        self.nodelist = code

    def render(self, context: Any) -> str:
        from restwell.compat import pygments_highlight

        text = self.nodelist.render(context)
        return pygments_highlight(text, self.lang, self.style)


@register.tag(name="code")
def highlight_code(parser: Any, token: Any) -> CodeNode:
    """Parse ``{% code <lang> %}`` up to ``{% endcode %}``."""
    lang = token.split_contents()[-1]
    nodelist = parser.parse(("endcode",))
    parser.delete_first_token()
    return CodeNode(lang, nodelist)


@register.simple_tag
def render_markdown(markdown_text: str) -> str:
    """Render Markdown to HTML when the ``markdown`` package is installed.

    Without it the text is returned as it is (and autoescaped by the template).
    """
    from restwell.compat import apply_markdown

    if apply_markdown is None:
        return markdown_text
    return mark_safe(apply_markdown(markdown_text))


@register.simple_tag
def get_pagination_html(pager: Any) -> Any:
    """Return the paginator's own HTML controls (``pager.to_html()``)."""
    return pager.to_html()


@register.simple_tag
def render_form(serializer: Any, template_pack: str | None = None) -> SafeString:
    """Render a serializer as an HTML form, optionally with another template pack."""
    style = {"template_pack": template_pack} if template_pack else {}
    return _form_renderer().render(serializer.data, None, {"style": style})


@register.simple_tag
def render_field(field: Any, style: dict[str, Any]) -> SafeString:
    """Render one bound field with the renderer named in ``style`` (or a default one)."""
    renderer = style.get("renderer") or _form_renderer()
    return renderer.render_field(field, style)


@register.simple_tag
def optional_login(request: Any) -> SafeString:
    """A "Log in" menu entry if the ``rest_framework:login`` URL is installed."""
    try:
        login_url = reverse("rest_framework:login")
    except NoReverseMatch:
        return mark_safe("")
    next_path = getattr(request, "path", "")
    return format_html('<li><a href="{}?next={}">Log in</a></li>', login_url, next_path)


@register.simple_tag
def optional_docs_login(request: Any) -> SafeString:
    """A "log in" link for documentation pages, or plain text without login URLs."""
    try:
        login_url = reverse("rest_framework:login")
    except NoReverseMatch:
        return mark_safe("log in")
    return format_html('<a href="{}?next={}">log in</a>', login_url, getattr(request, "path", ""))


@register.simple_tag
def optional_logout(request: Any, user: Any, csrf_token: Any) -> SafeString:
    """The user's name, with a "Log out" form if ``rest_framework:logout`` is installed.

    Logging out is a POST (Django 5 no longer accepts GET), so the entry is a
    small form with a submit button: no JavaScript needed.
    """
    try:
        logout_url = reverse("rest_framework:logout")
    except NoReverseMatch:
        return format_html('<li class="rw-user">{}</li>', user)
    return format_html(
        '<li class="rw-user">'
        '<details class="rw-menu"><summary>{}</summary>'
        '<form id="logoutForm" method="post" action="{}?next={}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="rw-link-button">Log out</button>'
        "</form></details></li>",
        user,
        logout_url,
        getattr(request, "path", ""),
        csrf_token,
    )


@register.simple_tag
def add_query_param(request: Any, key: str, val: Any) -> str:
    """Return the current URL with ``key`` set to ``val`` in its query string."""
    from restwell.utils.urls import replace_query_param

    uri = iri_to_uri(request.get_full_path())
    return escape(replace_query_param(uri, key, val))


@register.filter
def as_string(value: Any) -> str:
    """``str(value)``, with ``None`` as the empty string."""
    if value is None:
        return ""
    return f"{value}"


@register.filter
def as_list_of_strings(value: Any) -> list[str]:
    """Each item as a string (``None`` as the empty string)."""
    return ["" if item is None else f"{item}" for item in value]


@register.filter
def add_class(value: Any, css_class: str) -> Any:
    """Add a CSS class to the first tag of an HTML snippet (``{{ x|add_class:"c" }}``)."""
    html = str(value)
    css_class = escape(css_class)
    end = html.find(">")
    if end == -1:
        return value
    # Only the opening tag is edited, never the element's content.
    tag, rest = html[:end], html[end:]
    if tag.endswith("/"):
        tag, rest = tag[:-1].rstrip(), " /" + rest
    match = class_re.search(tag)
    if match is None:
        return mark_safe(f'{tag} class="{css_class}"{rest}')
    if css_class in match.group(1).split():
        return value
    start, stop = match.span(1)
    return mark_safe(tag[:start] + match.group(1) + " " + css_class + tag[stop:] + rest)


def _link_to(url: str, text: str) -> str:
    # An unquoted href is only safe while the (escaped) value has no whitespace.
    if _WHITESPACE.search(url) or "`" in url:
        return f'<a href="{url}">{text}</a>'
    return f"<a href={url}>{text}</a>"


@register.filter
def format_value(value: Any) -> Any:
    """Render one value of a response for the admin-style HTML tables."""
    if getattr(value, "is_hyperlink", False):
        return mark_safe(_link_to(escape(str(value)), escape(str(value.obj))))
    if value is None or isinstance(value, bool):
        word = {True: "true", False: "false", None: "null"}[value]
        return mark_safe(f"<code>{word}</code>")
    if isinstance(value, list):
        nested = any(isinstance(item, (list, dict)) for item in value)
        name = "list_value.html" if nested else "simple_list_value.html"
        return loader.get_template("rest_framework/admin/" + name).render({"value": value})
    if isinstance(value, dict):
        return loader.get_template("rest_framework/admin/dict_value.html").render({"value": value})
    if isinstance(value, str):
        if value.startswith(("http:", "https:", "/")) and not _WHITESPACE.search(value):
            return format_html('<a href="{}">{}</a>', value, value)
        if "@" in value and not _WHITESPACE.search(value):
            return format_html('<a href="mailto:{}">{}</a>', value, value)
        if "\n" in value:
            return format_html("<pre>{}</pre>", value)
    return str(value)


@register.filter
def items(value: Any) -> Any:
    """``value.items()``, immune to a dict key named ``items`` (and to ``None``)."""
    if value is None:
        return []
    return value.items()


@register.filter
def data(value: Any) -> Any:
    """``value.data``, immune to a dict key named ``data``."""
    return getattr(value, "data", None)


@register.filter
def schema_links(section: Any, sec_key: Any = None) -> dict[str, Any]:
    """The links of a schema section, flattened (kept for old documentation templates)."""
    links = dict(getattr(section, "links", {}) or {})
    for key, nested in (getattr(section, "data", {}) or {}).items():
        for name, link in (getattr(nested, "links", {}) or {}).items():
            links[f"{key} > {name}"] = link
    return links


@register.filter
def add_nested_class(value: Any) -> str:
    """``class=nested`` for values rendered as nested tables."""
    if isinstance(value, dict):
        return "class=nested"
    if isinstance(value, list) and any(isinstance(item, (list, dict)) for item in value):
        return "class=nested"
    return ""


@register.filter
def break_long_headers(header: Any) -> Any:
    """Break a long comma-separated header value over lines; each part is escaped."""
    text = str(header)
    if len(text) > 160 and "," in text:
        return mark_safe("<br>".join(escape(part) for part in text.split(",")))
    return text


def smart_urlquote_wrapper(matched_url: str) -> str | None:
    """``smart_urlquote``, returning ``None`` for URLs it cannot parse (bad IPv6)."""
    try:
        return smart_urlquote(matched_url)
    except ValueError:
        return None
