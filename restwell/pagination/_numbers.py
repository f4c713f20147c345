"""Page-number and limit/offset pagination."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import NotFound
from restwell.pagination._base import (
    DEFAULT_MAX_LIMIT,
    BasePagination,
    _divide_with_ceil,
    _get_displayed_page_numbers,
    _get_page_links,
    _positive_int,
    _query_parameter,
    _uri_schema,
)
from restwell.response import Response
from restwell.settings import api_setting
from restwell.utils.urls import remove_query_param, replace_query_param


class PageNumberPagination(BasePagination):
    """Numbered pages: ``?page=4``, and ``?page_size=50`` if ``page_size_query_param`` is set.

    ``?page=last`` (any of ``last_page_strings``) is the last page; a page that
    is not a number or out of range is a 404 ``Invalid page.``.
    """

    # Defaults to the PAGE_SIZE setting, read when accessed.
    page_size: Any = api_setting("PAGE_SIZE")
    django_paginator_class = DjangoPaginator

    page_query_param = "page"
    page_query_description = _("A page number within the paginated result set.")
    # Set to a name (e.g. "page_size") to let clients choose the page size,
    # and bound it with max_page_size.
    page_size_query_param: str | None = None
    page_size_query_description = _("Number of results to return per page.")
    max_page_size: int | None = None

    last_page_strings: tuple[str, ...] = ("last",)
    template: str | None = "rest_framework/pagination/numbers.html"
    invalid_page_message = _("Invalid page.")

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=page_number, message=str(exc))
            )
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        """Return the requested page number (a string, 1, or the last page for ``last``)."""
        page_number = request.query_params.get(self.page_query_param) or 1
        if page_number in self.last_page_strings:
            page_number = paginator.num_pages
        return page_number

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        param = self.page_query_param
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": _uri_schema(f"http://api.example.org/accounts/?{param}=4"),
                "previous": _uri_schema(f"http://api.example.org/accounts/?{param}=2"),
                "results": schema,
            },
        }

    def get_page_size(self, request: Any) -> Any:
        """Return the page size: the client's choice (if allowed and valid) or ``page_size``."""
        if self.page_size_query_param:
            with contextlib.suppress(KeyError, ValueError):
                return _positive_int(
                    request.query_params[self.page_size_query_param],
                    strict=True,
                    cutoff=self.max_page_size,
                )
        return self.page_size

    def get_next_link(self) -> str | None:
        if not self.page.has_next():
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page.next_page_number())

    def get_previous_link(self) -> str | None:
        if not self.page.has_previous():
            return None
        return self._page_url(self.request.build_absolute_uri(), self.page.previous_page_number())

    def _page_url(self, base_url: str, number: int) -> str:
        # Page 1 is the bare URL, so the first page has one canonical address.
        if number == 1:
            return remove_query_param(base_url, self.page_query_param)
        return replace_query_param(base_url, self.page_query_param, number)

    def get_html_context(self) -> dict[str, Any]:
        """Return the template context of the browsable API's page-number control."""
        base_url = self.request.build_absolute_uri()
        current = self.page.number
        final = self.page.paginator.num_pages
        page_links = _get_page_links(
            _get_displayed_page_numbers(current, final),
            current,
            lambda number: self._page_url(base_url, number),
        )
        return {
            "previous_url": self.get_previous_link(),
            "next_url": self.get_next_link(),
            "page_links": page_links,
        }

    def to_html(self) -> str:
        return self._render()

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = [_query_parameter(self.page_query_param, self.page_query_description, "integer")]
        if self.page_size_query_param is not None:
            parameters.append(
                _query_parameter(
                    self.page_size_query_param, self.page_size_query_description, "integer"
                )
            )
        return parameters


class LimitOffsetPagination(BasePagination):
    """``?limit=100&offset=400`` pagination.

    A missing, zero, negative or malformed ``limit`` means ``default_limit``
    (the PAGE_SIZE setting); a malformed or negative ``offset`` means 0; a
    ``limit`` above ``max_limit`` (default ``DEFAULT_MAX_LIMIT``) is capped.
    """

    default_limit: Any = api_setting("PAGE_SIZE")
    limit_query_param = "limit"
    limit_query_description = _("Number of results to return per page.")
    offset_query_param = "offset"
    offset_query_description = _("The initial index from which to return the results.")
    max_limit: int | None = DEFAULT_MAX_LIMIT
    template: str | None = "rest_framework/pagination/numbers.html"

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return []
        return list(queryset[self.offset : self.offset + self.limit])

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        offset, limit = self.offset_query_param, self.limit_query_param
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": _uri_schema(f"http://api.example.org/accounts/?{offset}=400&{limit}=100"),
                "previous": _uri_schema(
                    f"http://api.example.org/accounts/?{offset}=200&{limit}=100"
                ),
                "results": schema,
            },
        }

    def get_limit(self, request: Any) -> Any:
        """Return the page size: a valid ``?limit=`` capped at ``max_limit``, else ``default_limit``."""
        if self.limit_query_param:
            with contextlib.suppress(KeyError, ValueError):
                return _positive_int(
                    request.query_params[self.limit_query_param],
                    strict=True,
                    cutoff=self.max_limit,
                )
        return self.default_limit

    def get_offset(self, request: Any) -> int:
        """Return ``?offset=`` as a non-negative integer, 0 if missing or invalid."""
        try:
            return _positive_int(request.query_params[self.offset_query_param])
        except (KeyError, ValueError):
            return 0

    def get_next_link(self) -> str | None:
        if self.offset + self.limit >= self.count:
            return None
        url = replace_query_param(
            self.request.build_absolute_uri(), self.limit_query_param, self.limit
        )
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_previous_link(self) -> str | None:
        if self.offset <= 0:
            return None
        url = replace_query_param(
            self.request.build_absolute_uri(), self.limit_query_param, self.limit
        )
        if self.offset - self.limit <= 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, self.offset - self.limit)

    def get_html_context(self) -> dict[str, Any]:
        """Return the template context of the browsable API's page-number control."""
        base_url = self.request.build_absolute_uri()
        if self.limit:
            current = _divide_with_ceil(self.offset, self.limit) + 1
            # Pages before the current offset plus pages from it to the end; an
            # offset that is not a multiple of the limit adds a short first page.
            final = _divide_with_ceil(self.count - self.offset, self.limit) + _divide_with_ceil(
                self.offset, self.limit
            )
            final = max(final, 1)
        else:
            current = final = 1
        current = min(current, final)

        def page_url(number: int) -> str:
            if number == 1:
                return remove_query_param(base_url, self.offset_query_param)
            offset = self.offset + (number - current) * self.limit
            return replace_query_param(base_url, self.offset_query_param, offset)

        return {
            "previous_url": self.get_previous_link(),
            "next_url": self.get_next_link(),
            "page_links": _get_page_links(
                _get_displayed_page_numbers(current, final), current, page_url
            ),
        }

    def to_html(self) -> str:
        return self._render()

    def get_count(self, queryset: Any) -> int:
        """Count the items: ``queryset.count()`` for querysets, ``len()`` otherwise."""
        try:
            return queryset.count()
        except (AttributeError, TypeError):
            return len(queryset)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            _query_parameter(self.limit_query_param, self.limit_query_description, "integer"),
            _query_parameter(self.offset_query_param, self.offset_query_description, "integer"),
        ]
