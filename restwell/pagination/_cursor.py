"""Cursor pagination: opaque next/previous links that stay stable while rows are added.

A cursor is ``(offset, reverse, position)``: ``position`` is the value of the
first ordering field at the page boundary, ``offset`` skips rows sharing that
value, and ``reverse`` walks backwards. On model querysets restwell orders by
the primary key after the declared ordering, so rows with equal values always
come in the same order, and a NULL boundary value is encoded as such and
compared the way the database sorts NULLs (rows are neither skipped nor
repeated, unlike Django REST framework, which drops rows whose ordering value
is NULL).
"""

from __future__ import annotations

import binascii
from base64 import b64decode, b64encode
from typing import Any
from urllib import parse

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import NotFound
from restwell.generics import ViewConfigurationError
from restwell.pagination._base import (
    BasePagination,
    Cursor,
    _positive_int,
    _query_parameter,
    _reverse_ordering,
    _uri_schema,
)
from restwell.response import Response
from restwell.settings import api_setting
from restwell.utils.urls import replace_query_param


class _NullPosition(str):
    # The boundary row's ordering value was NULL. A str subclass so code that
    # treats positions as strings keeps working; compared by identity.
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return other is self

    def __ne__(self, other: object) -> bool:
        return other is not self

    __hash__ = str.__hash__

    def __repr__(self) -> str:
        return "NULL"


NULL_POSITION = _NullPosition("")

# Where a request without a cursor starts: offset 0, walking forward.
_FIRST_PAGE = Cursor(offset=0, reverse=False, position=None)

# Errors a database or model field raises for a position of the wrong type,
# out of range (a datetime near year 9999 overflows when made naive for
# SQLite) or refused by the driver (NUL for PostgreSQL).
_BAD_POSITION_ERRORS = (TypeError, ValueError, OverflowError, DjangoValidationError, DataError)


class CursorPagination(BasePagination):
    """Previous/next cursor links over a fixed ordering (``ordering``, default ``"-created"``).

    Suits large or fast-changing tables: no ``COUNT`` query, and items do not
    shift between pages when rows are inserted. The ordering should be on an
    unchanging field, ideally unique; the primary key is appended as a
    tie-breaker on model querysets.
    """

    cursor_query_param = "cursor"
    cursor_query_description = _("The pagination cursor value.")
    page_size: Any = api_setting("PAGE_SIZE")
    invalid_cursor_message = _("Invalid cursor")
    ordering: Any = "-created"
    template: str | None = "rest_framework/pagination/previous_and_next.html"

    page_size_query_param: str | None = None
    page_size_query_description = _("Number of results to return per page.")
    max_page_size: int | None = None

    # Largest offset a cursor may carry; bounds the work a crafted cursor causes.
    offset_cutoff = 1000

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        if self.cursor is None:
            offset, reverse, current_position = 0, False, None
        else:
            offset, reverse, current_position = self.cursor

        order_by = self._order_by(queryset)
        if reverse:
            order_by = _reverse_ordering(order_by)
        try:
            queryset = queryset.order_by(*order_by)
            if current_position is not None:
                queryset = self._after_position(queryset, current_position, reverse)
            # One extra row tells whether another page follows.
            results = list(queryset[offset : offset + self.page_size + 1])
        except _BAD_POSITION_ERRORS:
            raise NotFound(self.invalid_cursor_message)

        self.page = list(results[: self.page_size])
        if len(results) > len(self.page):
            has_following_position = True
            following_position = self._get_position_from_instance(results[-1], self.ordering)
        else:
            has_following_position = False
            following_position = None

        if reverse:
            # The query ran backwards; show the page in the declared order.
            self.page.reverse()
            self.has_next = current_position is not None or offset > 0
            self.has_previous = has_following_position
            if self.has_next:
                self.next_position = current_position
            if self.has_previous:
                self.previous_position = following_position
        else:
            self.has_next = has_following_position
            self.has_previous = current_position is not None or offset > 0
            if self.has_next:
                self.next_position = following_position
            if self.has_previous:
                self.previous_position = current_position

        if (self.has_previous or self.has_next) and self.template is not None:
            self.display_page_controls = True
        return self.page

    # -- ordering and positioning -------------------------------------------

    def _order_by(self, queryset: Any) -> tuple[str, ...]:
        ordering = tuple(self.ordering)
        if not isinstance(queryset, QuerySet) or queryset.model is None:
            return ordering
        pk = queryset.model._meta.pk
        names = {"pk", pk.name, pk.attname}
        if any(isinstance(f, str) and f.lstrip("-") in names for f in ordering):
            return ordering
        # Tie-breaker: equal ordering values then come in primary key order.
        return (*ordering, "-pk" if str(ordering[0]).startswith("-") else "pk")

    def _after_position(self, queryset: Any, position: Any, reverse: bool) -> Any:
        order = self.ordering[0]
        descending = order.startswith("-")
        attr = order.lstrip("-")
        # Rows strictly after the boundary in the direction of the walk.
        want_smaller = reverse != descending
        if not isinstance(queryset, QuerySet):
            lookup = "__lt" if want_smaller else "__gt"
            return queryset.filter(**{attr + lookup: position})
        nulls_largest = connections[queryset.db].features.nulls_order_largest
        if position is NULL_POSITION:
            # NULLs sort at one end: either every non-NULL row is past them or none is.
            if want_smaller == nulls_largest:
                return queryset.filter(**{attr + "__isnull": False})
            return queryset.none()
        condition = Q(**{attr + ("__lt" if want_smaller else "__gt"): position})
        if want_smaller != nulls_largest:
            condition |= Q(**{attr + "__isnull": True})
        return queryset.filter(condition)

    def get_page_size(self, request: Any) -> Any:
        """Return the page size: the client's choice (if allowed and valid) or ``page_size``."""
        if self.page_size_query_param:
            try:
                return _positive_int(
                    request.query_params[self.page_size_query_param],
                    strict=True,
                    cutoff=self.max_page_size,
                )
            except (KeyError, ValueError):
                pass
        return self.page_size

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        """Return the ordering tuple: from an ``OrderingFilter`` on the view, else ``ordering``."""
        ordering_filters = [
            backend
            for backend in getattr(view, "filter_backends", None) or []
            if hasattr(backend, "get_ordering")
        ]
        ordering = None
        if ordering_filters:
            ordering = ordering_filters[0]().get_ordering(request, queryset, view)
        if not ordering:
            ordering = self.ordering
            if ordering is None:
                raise ViewConfigurationError(
                    "Using cursor pagination, but no ordering attribute was "
                    "declared on the pagination class."
                )
            fields = (ordering,) if isinstance(ordering, str) else ordering
            if not ordering_filters and any("__" in field for field in fields):
                raise ViewConfigurationError(
                    "Cursor pagination does not support double underscore lookups "
                    "for orderings. Orderings should be an unchanging, unique or "
                    'nearly-unique field on the model, such as "-created" or "pk".'
                )
        if not isinstance(ordering, (str, list, tuple)):
            raise ViewConfigurationError(
                "Invalid ordering. Expected string or tuple, but got {type}".format(
                    type=type(ordering).__name__
                )
            )
        if isinstance(ordering, str):
            return (ordering,)
        return tuple(ordering)

    # -- cursor encoding ----------------------------------------------------

    def decode_cursor(self, request: Any) -> Cursor | None:
        """Return the ``Cursor`` in the request, ``None`` without one; 404 if it is malformed."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            querystring = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True, strict_parsing=False)
            offset = _positive_int(tokens.get("o", ["0"])[0], cutoff=self.offset_cutoff)
            reverse = bool(int(tokens.get("r", ["0"])[0]))
            if tokens.get("n", ["0"])[0] == "1":
                position: Any = NULL_POSITION
            else:
                position = tokens.get("p", [None])[0]
        except (TypeError, ValueError, binascii.Error):
            raise NotFound(self.invalid_cursor_message)
        return Cursor(offset=offset, reverse=reverse, position=position)

    def encode_cursor(self, cursor: Cursor) -> str:
        """Return the page URL for ``cursor``."""
        tokens: dict[str, str] = {}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is NULL_POSITION:
            tokens["n"] = "1"
        elif cursor.position is not None:
            tokens["p"] = cursor.position
        querystring = parse.urlencode(tokens, doseq=True)
        encoded = b64encode(querystring.encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def _get_position_from_instance(self, instance: Any, ordering: Any) -> Any:
        field_name = ordering[0].lstrip("-")
        if isinstance(instance, dict):
            value = instance[field_name]
        else:
            # Follow "author__name" (an ordering chosen through OrderingFilter).
            value = instance
            for part in field_name.split("__"):
                value = getattr(value, part) if value is not None else None
        if value is None:
            return NULL_POSITION
        return str(value)

    # -- links --------------------------------------------------------------

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        cursor = self.cursor or _FIRST_PAGE
        if self.page and cursor.reverse and cursor.offset:
            # Turning around from a backwards walk that used an offset: the
            # stored position does not mark this page's end, the last item does.
            compare = self._get_position_from_instance(self.page[-1], self.ordering)
        else:
            compare = self.next_position
        offset, position = self._boundary(reversed(self.page), compare)
        if position is _NO_BOUNDARY and self.page:
            # Every item on the page shares one position.
            if not self.has_previous:
                offset, position = len(self.page), None
            elif cursor.reverse:
                # Changing direction here skips forward a little (a known artifact).
                offset, position = 0, self.previous_position
            else:
                offset, position = cursor.offset + len(self.page), self.previous_position
        if not self.page:
            position = self.next_position
        return self.encode_cursor(Cursor(offset=offset, reverse=False, position=position))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        cursor = self.cursor or _FIRST_PAGE
        if self.page and not cursor.reverse and cursor.offset:
            compare = self._get_position_from_instance(self.page[0], self.ordering)
        else:
            compare = self.previous_position
        offset, position = self._boundary(iter(self.page), compare)
        if position is _NO_BOUNDARY and self.page:
            if not self.has_next:
                offset, position = len(self.page), None
            elif cursor.reverse:
                offset, position = cursor.offset + len(self.page), self.next_position
            else:
                offset, position = 0, self.next_position
        if not self.page:
            position = self.previous_position
        return self.encode_cursor(Cursor(offset=offset, reverse=True, position=position))

    def _boundary(self, items: Any, compare: Any) -> tuple[int, Any]:
        # Walk from the page edge inwards, counting the run of items that share
        # the edge's position; the first item with a different position marks
        # the boundary and the run length becomes the cursor's offset.
        offset = 0
        for item in items:
            position = self._get_position_from_instance(item, self.ordering)
            if position != compare:
                return offset, position
            compare = position
            offset += 1
        return offset, _NO_BOUNDARY

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        param = self.cursor_query_param
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                # The stray quote matches Django REST framework's published example.
                "next": _uri_schema(f'http://api.example.org/accounts/?{param}=cD00ODY%3D"'),
                "previous": _uri_schema(f"http://api.example.org/accounts/?{param}=cj0xJnA9NDg3"),
                "results": schema,
            },
        }

    def get_html_context(self) -> dict[str, Any]:
        """Return the template context of the browsable API's previous/next control."""
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}

    def to_html(self) -> str:
        return self._render()

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = [
            _query_parameter(self.cursor_query_param, self.cursor_query_description, "string")
        ]
        if self.page_size_query_param is not None:
            parameters.append(
                _query_parameter(
                    self.page_size_query_param, self.page_size_query_description, "integer"
                )
            )
        return parameters


_NO_BOUNDARY = object()
