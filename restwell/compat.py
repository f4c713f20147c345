"""Optional third-party packages and version shims, under the names DRF users import.

Every optional package is exposed as a module attribute that is the package
itself when it can be imported and ``None`` otherwise, so callers write
``if compat.yaml is not None: ...``. The names match Django REST framework's
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

import re
from collections.abc import Iterator
from typing import Any

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

# django.contrib.postgres needs psycopg to import.
try:
    from django.contrib.postgres import fields as postgres_fields
except ImportError:
    postgres_fields = None

try:
    import uritemplate
except ImportError:
    uritemplate = None

try:
    import yaml
except ImportError:
    yaml = None

try:
    import inflection
except ImportError:
    inflection = None

try:
    import requests
except ImportError:
    requests = None

try:
    import markdown
except ImportError:
    markdown = None

try:
    import pygments
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound
except ImportError:
    pygments = None

# CoreAPI schemas were removed from Django REST framework; the names stay so
# that ``if coreapi is not None`` checks in older code keep working.
coreapi = None
coreschema = None


# Django's View lists "patch" since 1.x; keep the guarantee for old subclasses.
if "patch" not in View.http_method_names:
    View.http_method_names = [*View.http_method_names, "patch"]


# --- Pygments -------------------------------------------------------------------

if pygments is not None:

    def pygments_highlight(text: str, lang: str, style: str) -> str:
        """Highlight ``text`` as language ``lang`` and return the inner HTML."""
        lexer = get_lexer_by_name(lang, stripall=False)
        return pygments.highlight(text, lexer, HtmlFormatter(nowrap=True, style=style))

    def pygments_css(style: str) -> str | None:
        """Return the CSS rules of Pygments style ``style`` scoped to ``.highlight``."""
        return HtmlFormatter(style=style).get_style_defs(".highlight")

else:

    def pygments_highlight(text: str, lang: str, style: str) -> str:
        """Return ``text`` unchanged (Pygments is not installed)."""
        return text

    def pygments_css(style: str) -> str | None:
        """Return ``None`` (Pygments is not installed)."""
        return None


# --- Markdown -------------------------------------------------------------------

# A fenced block that names its language: ```lang\n ... ```
_FENCED_CODE = re.compile(r"^\s*``` *([^\n]+)\n(.+?)^\s*```", re.MULTILINE | re.DOTALL)

if markdown is not None and pygments is not None:
    from markdown.preprocessors import Preprocessor

    def _highlight_fence(match: re.Match[str]) -> str:
        try:
            lexer = get_lexer_by_name(match.group(1))
        except (ValueError, ClassNotFound):
            lexer = TextLexer()
        source = match.group(2).replace("\t", "    ")
        html = pygments.highlight(source, lexer, HtmlFormatter())
        # Keep the block on one line so Markdown passes it through as raw HTML;
        # blank lines would end the HTML block, so they carry a &nbsp;.
        html = html.replace("\n\n", "\n&nbsp;\n").replace("\n", "<br />").replace("\\@", "@")
        return "\n\n" + html + "\n\n"

    class _FencedCodeHighlighter(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            return _FENCED_CODE.sub(_highlight_fence, "\n".join(lines)).split("\n")

    def md_filter_add_syntax_highlight(md: Any) -> bool:
        """Register the fenced-code highlighter on Markdown instance ``md``; return True."""
        md.preprocessors.register(_FencedCodeHighlighter(md), "highlight", 40)
        return True

else:

    def md_filter_add_syntax_highlight(md: Any) -> bool:
        """Return False: highlighting needs both Markdown and Pygments."""
        return False


if markdown is not None:

    def apply_markdown(text: str) -> str:
        """Render ``text`` as Markdown, with headers starting at ``<h2>``.

        Fenced code blocks that name a language are highlighted when Pygments
        is installed.
        """
        md = markdown.Markdown(
            extensions=["markdown.extensions.toc"],
            extension_configs={"markdown.extensions.toc": {"baselevel": "2"}},
        )
        md_filter_add_syntax_highlight(md)
        return md.convert(text)

else:
    apply_markdown = None  # type: ignore[assignment]


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
