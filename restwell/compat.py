"""Optional third-party packages and version shims, under the names DRF users import.

Every optional package is exposed as a module attribute that is the package
itself when it can be imported and ``None`` otherwise, so callers write
``if compat.yaml is not None: ...``. The packages are imported on first use of
their name, so importing restwell stays fast. The names match Django REST framework's
``rest_framework.compat`` so code (and companion packages) that imports them keeps
working:

- ``postgres_fields``: ``django.contrib.postgres.fields`` (needs psycopg);
- ``uritemplate``, ``yaml``, ``inflection``, ``requests``, ``markdown``, ``pygments``;
- ``coreapi`` and ``coreschema`` are always ``None`` (CoreAPI support was removed
  from Django REST framework 3.17 and restwell never had it);
- ``apply_markdown(text)``: Markdown to HTML with ``#`` headers starting at
  ``<h2>`` and fenced code blocks highlighted by Pygments, or ``None`` without
  the ``markdown`` package;
- ``pygments_highlight``, ``pygments_css``, ``md_filter_add_syntax_highlight``;
- ``unicode_http_header``, ``split_header_value``, ``distinct``,
  ``ip_address_validators`` and the JSON separator constants.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import django
from django.core.validators import ip_address_validators
from django.views.generic import View

__all__ = [
    "INDENT_SEPARATORS",
    "LONG_SEPARATORS",
    "SHORT_SEPARATORS",
    "apply_markdown",
    "coreapi",
    "coreschema",
    "distinct",
    "inflection",
    "ip_address_validators",
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
]


def unicode_http_header(value: str | bytes) -> str:
    """Return an HTTP header value as text (bytes are decoded as latin-1, per RFC 7230)."""
    if isinstance(value, bytes):
        return value.decode("iso-8859-1")
    return value


def distinct(queryset: Any, base: Any) -> Any:
    """Return ``queryset`` without duplicate rows.

    Oracle cannot ``SELECT DISTINCT`` over LOB columns, so there the rows are
    re-selected from ``base`` by primary key instead.
    """
    from django.db import connections

    if connections[queryset.db].vendor == "oracle":
        return base.filter(pk__in=set(queryset.values_list("pk", flat=True)))
    return queryset.distinct()


# --- optional packages --------------------------------------------------------
#
# Importing them all up front would cost most of a second at startup (psycopg
# and requests are heavy), so each is imported on first access of its name
# here (PEP 562 module ``__getattr__``) and then cached as a module attribute.

if TYPE_CHECKING:
    from collections.abc import Callable

    import inflection
    import markdown
    import pygments
    import requests
    import uritemplate
    import yaml
    from django.contrib.postgres import fields as postgres_fields

    apply_markdown: Callable[[str], str] | None

_OPTIONAL_MODULES = {
    # django.contrib.postgres needs psycopg to import.
    "postgres_fields": "django.contrib.postgres.fields",
    "uritemplate": "uritemplate",
    "yaml": "yaml",
    "inflection": "inflection",
    "requests": "requests",
    "markdown": "markdown",
    "pygments": "pygments",
}

# CoreAPI schemas were removed from Django REST framework; the names stay so
# that ``if coreapi is not None`` checks in older code keep working.
coreapi = None
coreschema = None


def _optional(import_path: str) -> Any:
    try:
        return importlib.import_module(import_path)
    except ImportError:
        return None


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def __getattr__(name: str) -> Any:
    if name in _OPTIONAL_MODULES:
        value = _optional(_OPTIONAL_MODULES[name])
    elif name == "apply_markdown":
        value = _apply_markdown if _installed("markdown") else None
    else:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    globals()[name] = value
    return value


# Django's View lists "patch" since 1.x; keep the guarantee for old subclasses.
if "patch" not in View.http_method_names:
    View.http_method_names = [*View.http_method_names, "patch"]


# --- Pygments -------------------------------------------------------------------


def pygments_highlight(text: str, lang: str, style: str) -> str:
    """Highlight ``text`` as language ``lang`` and return the inner HTML.

    Without Pygments, ``text`` is returned unchanged.
    """
    if _optional("pygments") is None:
        return text
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    lexer = get_lexer_by_name(lang, stripall=False)
    return highlight(text, lexer, HtmlFormatter(nowrap=True, style=style))


def pygments_css(style: str) -> str | None:
    """Return the CSS rules of Pygments style ``style`` scoped to ``.highlight``.

    Without Pygments, return ``None``.
    """
    if _optional("pygments") is None:
        return None
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style=style).get_style_defs(".highlight")


# --- Markdown -------------------------------------------------------------------

# A fenced block that names its language: ```lang\n ... ```
_FENCED_CODE = re.compile(r"^\s*``` *([^\n]+)\n(.+?)^\s*```", re.MULTILINE | re.DOTALL)


def _highlight_fence(match: re.Match[str]) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(match.group(1))
    except (ValueError, ClassNotFound):
        lexer = TextLexer()
    source = match.group(2).replace("\t", "    ")
    html = highlight(source, lexer, HtmlFormatter())
    # Keep the block on one line so Markdown passes it through as raw HTML;
    # blank lines would end the HTML block, so they carry a &nbsp;.
    html = html.replace("\n\n", "\n&nbsp;\n").replace("\n", "<br />").replace("\\@", "@")
    return "\n\n" + html + "\n\n"


@functools.cache
def _fenced_code_preprocessor() -> type:
    from markdown.preprocessors import Preprocessor

    class FencedCodeHighlighter(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            return _FENCED_CODE.sub(_highlight_fence, "\n".join(lines)).split("\n")

    return FencedCodeHighlighter


def md_filter_add_syntax_highlight(md: Any) -> bool:
    """Highlight fenced code blocks of Markdown instance ``md`` with Pygments.

    Return True when the highlighter was registered, False when Markdown or
    Pygments is not installed.
    """
    if _optional("markdown") is None or _optional("pygments") is None:
        return False
    md.preprocessors.register(_fenced_code_preprocessor()(md), "highlight", 40)
    return True


def _apply_markdown(text: str) -> str:
    import markdown

    md = markdown.Markdown(
        extensions=["markdown.extensions.toc"],
        extension_configs={"markdown.extensions.toc": {"baselevel": "2"}},
    )
    md_filter_add_syntax_highlight(md)
    return md.convert(text)


_apply_markdown.__name__ = _apply_markdown.__qualname__ = "apply_markdown"
_apply_markdown.__doc__ = """Render ``text`` as Markdown, with headers starting at ``<h2>``.

Fenced code blocks that name a language are highlighted when Pygments is
installed. ``compat.apply_markdown`` is ``None`` when Markdown is not installed.
"""


# --- header parsing -------------------------------------------------------------

if django.VERSION >= (6, 1):
    from django.utils.http import split_header_value
else:

    def split_header_value(value: str, sep: str = ",") -> Iterator[str]:
        """Yield the non-empty, stripped parts of header ``value`` split on ``sep``."""
        for part in value.split(sep):
            part = part.strip()
            if part:
                yield part


# Separators for the stdlib JSON encoder: compact, readable, and with indent.
SHORT_SEPARATORS = (",", ":")
LONG_SEPARATORS = (", ", ": ")
INDENT_SEPARATORS = (",", ": ")
