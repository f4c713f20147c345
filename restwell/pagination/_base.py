"""Shared pieces of the pagination styles: the base class, links and cursor tuples."""

from __future__ import annotations

from collections import namedtuple
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.template import loader
from django.utils.encoding import force_str

from restwell.response import Response

# The largest ``?limit=`` LimitOffsetPagination honours unless a subclass says otherwise.
DEFAULT_MAX_LIMIT = 1000

Cursor = namedtuple("Cursor", ["offset", "reverse", "position"])
PageLink = namedtuple("PageLink", ["url", "number", "is_active", "is_break"])

# The "…" between page numbers in the browsable API's pagination control.
PAGE_BREAK = PageLink(url=None, number=None, is_active=False, is_break=True)


def _positive_int(integer_string: Any, strict: bool = False, cutoff: int | None = None) -> int:
    """Parse a non-negative integer (positive if ``strict``), capped at ``cutoff``.

    Raises ``ValueError`` for anything else, which callers turn into a default.
    """
    value = int(integer_string)
    if value < 0 or (strict and value == 0):
        raise ValueError("expected a positive integer")
    if cutoff:
        return min(value, cutoff)
    return value


def _divide_with_ceil(a: int, b: int) -> int:
    """Integer division of ``a`` by ``b``, rounding up."""
    return -(-a // b)


def _get_displayed_page_numbers(current: int, final: int) -> list[int | None]:
    """Choose the page numbers a pagination control shows; ``None`` marks a gap.

    Up to five pages are all shown. Beyond that the first, last, current and
    neighbouring pages are shown, with the first three or last three pages
    when the current page is close to an end.
    """
    if final <= 5:
        return list(range(1, final + 1))
    shown = {1, current - 1, current, current + 1, final}
    if current <= 4:
        shown.update((2, 3))
    if current >= final - 3:
        shown.update((final - 1, final - 2))
    numbers = sorted(n for n in shown if 0 < n <= final)
    result: list[int | None] = []
    for number in numbers:
        if result and number - result[-1] > 1:  # type: ignore[operator]
            result.append(None)
        result.append(number)
    return result


def _get_page_links(page_numbers: list[int | None], current: int, url_func: Any) -> list[PageLink]:
    """Turn displayed page numbers into ``PageLink``s (``PAGE_BREAK`` for gaps)."""
    links = []
    for number in page_numbers:
        if number is None:
            links.append(PAGE_BREAK)
        else:
            links.append(PageLink(url_func(number), number, number == current, False))
    return links


def _reverse_ordering(ordering_tuple: tuple[str, ...]) -> tuple[str, ...]:
    """Flip each field of an ``order_by`` tuple: ``("a", "-b")`` → ``("-a", "b")``."""
    return tuple(field[1:] if field.startswith("-") else "-" + field for field in ordering_tuple)


class _HTMLControl(Protocol):
    # What a paginator with a browsable API control defines for _render()
    # (read-only, so a subclass may declare ``template`` as plain ``str``).
    @property
    def template(self) -> str | None: ...

    def get_html_context(self) -> dict[str, Any]: ...


class BasePagination:
    """Base class of the pagination styles.

    Subclasses implement ``paginate_queryset()`` and ``get_paginated_response()``;
    ``to_html()`` renders the browsable API control when
    ``display_page_controls`` is set.
    """

    display_page_controls = False

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        """Return the list of items on the requested page, or ``None`` to not paginate."""
        raise NotImplementedError("paginate_queryset() must be implemented.")

    async def apaginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        """Async twin of ``paginate_queryset()``: the same code, run off the event loop."""
        return await sync_to_async(self.paginate_queryset)(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        """Return the response for one page of serialized ``data``."""
        raise NotImplementedError("get_paginated_response() must be implemented.")

    def get_paginated_response_schema(self, schema: Any) -> Any:
        """Return the OpenAPI schema of the paginated response wrapping ``schema``."""
        return schema

    def to_html(self) -> str:
        """Render the pagination control of the browsable API."""
        raise NotImplementedError("to_html() must be implemented to display page controls.")

    def get_results(self, data: Any) -> Any:
        """Return the list of results out of a paginated response body."""
        return data["results"]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """Return the OpenAPI query parameters this paginator reads."""
        return []

    def _render(self: _HTMLControl) -> str:
        if self.template is None:
            # ``template = None`` turns the control off (the browsable API then
            # never asks for it); there is nothing to render.
            return ""
        return loader.get_template(self.template).render(self.get_html_context())


def _uri_schema(example: str) -> dict[str, Any]:
    return {"type": "string", "nullable": True, "format": "uri", "example": example}


def _query_parameter(name: str, description: Any, kind: str) -> dict[str, Any]:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": force_str(description),
        "schema": {"type": kind},
    }
