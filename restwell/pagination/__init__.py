"""Pagination styles for list views: page numbers, limit/offset and cursors.

Set one per view with ``pagination_class`` or project-wide with
``DEFAULT_PAGINATION_CLASS`` and ``PAGE_SIZE``. Differences from Django REST
framework, all in the safe direction and documented in ``docs/differences.md``:

* ``LimitOffsetPagination.max_limit`` defaults to ``DEFAULT_MAX_LIMIT`` (1000)
  instead of unlimited, so ``?limit=10000000`` cannot load a whole table. Set
  ``max_limit = None`` on a subclass to lift the cap.
* ``CursorPagination`` orders by the primary key after the declared ordering
  (unless the ordering already names it), so rows with equal values have a
  stable order, and rows whose ordering value is NULL are positioned like any
  other value instead of being skipped. A cursor the database cannot use is a
  404 ``Invalid cursor``, never a 500.
"""

from __future__ import annotations

from restwell.pagination._base import (  # noqa: F401  (private helpers kept importable)
    DEFAULT_MAX_LIMIT,
    PAGE_BREAK,
    BasePagination,
    Cursor,
    PageLink,
    _divide_with_ceil,
    _get_displayed_page_numbers,
    _get_page_links,
    _positive_int,
    _reverse_ordering,
)
from restwell.pagination._cursor import CursorPagination
from restwell.pagination._numbers import LimitOffsetPagination, PageNumberPagination

__all__ = [
    "DEFAULT_MAX_LIMIT",
    "PAGE_BREAK",
    "BasePagination",
    "Cursor",
    "CursorPagination",
    "LimitOffsetPagination",
    "PageLink",
    "PageNumberPagination",
]
