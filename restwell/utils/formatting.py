"""Text helpers that turn view classes and docstrings into names and descriptions.

They back ``APIView.get_view_name()`` / ``get_view_description()`` and the
browsable API.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from restwell import compat

__all__ = [
    "camelcase_to_spaces",
    "dedent",
    "lazy_format",
    "markup_description",
    "remove_trailing_string",
]

# A capital that starts a new word: after a lower-case letter ("someName"), or
# followed by a non-capital ("HTTPServer" -> "HTTP Server").
_WORD_START = re.compile(r"((?<=[a-z])[A-Z]|[A-Z](?![A-Z]|$))")


def remove_trailing_string(content: str, trailing: str) -> str:
    """Return ``content`` without the suffix ``trailing``.

    The suffix is kept when it is the whole of ``content`` (``"View"`` stays
    ``"View"``), so a class name never becomes empty.
    """
    if content != trailing and content.endswith(trailing):
        return content[: -len(trailing)]
    return content


def _common_indent(lines: list[str], char: str) -> int:
    return min(len(line) - len(line.lstrip(char)) for line in lines)


def dedent(content: Any) -> str:
    """Remove the common indentation of a docstring and strip it.

    Unlike ``textwrap.dedent``, the first line is ignored when measuring the
    indentation, because a docstring's first line usually starts right after
    the opening quotes. Indentation is either spaces or tabs, not a mix.
    """
    content = force_str(content)
    body = [line for line in content.splitlines()[1:] if line.lstrip()]
    if body:
        for char in (" ", "\t"):
            width = _common_indent(body, char)
            if width:
                content = re.sub("^" + char * width, "", content, flags=re.MULTILINE)
                break
    return content.strip()


def camelcase_to_spaces(content: str) -> str:
    """Turn ``"CamelCaseNames"`` (or ``"snake_case"``) into ``"Camel Case Names"``."""
    content = _WORD_START.sub(r" \1", content).strip()
    return " ".join(content.split("_")).title()


def markup_description(description: str) -> SafeString:
    """Return ``description`` as HTML: Markdown when installed, else escaped text.

    Without Markdown, line breaks become ``<br />`` and the text is wrapped in
    one paragraph.
    """
    if compat.apply_markdown:
        html = compat.apply_markdown(description)
    else:
        html = "<p>" + escape(description).replace("\n", "<br />") + "</p>"
    return mark_safe(html)


class lazy_format:
    """A ``str.format`` call run only when the text is first needed, then cached.

    Use it for messages whose format string or arguments are lazy translations:
    ``str(lazy_format("Ensure this field has no more than {max_length} characters.",
    max_length=5))``. ``%`` applies to the formatted text. It is lighter than
    ``django.utils.functional.lazy``, which matters for field error messages
    built per field. A lazy translation as ``format_string`` is formatted again
    on each use, in the active language, since fields outlive a request.
    """

    __slots__ = ("args", "format_string", "kwargs", "result")

    def __init__(self, format_string: Any, *args: Any, **kwargs: Any) -> None:
        self.result: str | None = None
        self.format_string = format_string
        self.args = args
        self.kwargs = kwargs

    def __str__(self) -> str:
        if self.result is None:
            if isinstance(self.format_string, Promise):
                # A lazy translation: fields are shared between requests, so
                # format in each request's active language instead of caching.
                return str(self.format_string).format(*self.args, **self.kwargs)
            self.result = self.format_string.format(*self.args, **self.kwargs)
            # Drop the inputs: they may hold large or lazy objects.
            self.format_string = self.args = self.kwargs = None  # type: ignore[assignment]
        return self.result

    def __mod__(self, value: Any) -> str:
        return str(self) % value


def __getattr__(name: str) -> Any:
    # ``apply_markdown`` used to be importable from here; resolve it through
    # compat so it stays lazy and patchable in one place.
    if name == "apply_markdown":
        return compat.apply_markdown
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
