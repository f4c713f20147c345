"""Helpers that edit the query string of a URL (used by the paginators)."""

from __future__ import annotations

from typing import Any
from urllib import parse

from django.utils.encoding import force_str

__all__ = ["remove_query_param", "replace_query_param"]


def _rebuild(url: Any, edit: Any) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(force_str(url))
    params = parse.parse_qs(query, keep_blank_values=True)
    edit(params)
    query = parse.urlencode(sorted(params.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, query, fragment))


def replace_query_param(url: Any, key: Any, val: Any) -> str:
    """Return ``url`` with query parameter ``key`` set to the single value ``val``.

    Other parameters are kept; the query string comes back sorted by key.
    """

    def edit(params: dict[str, list[str]]) -> None:
        params[force_str(key)] = [force_str(val)]

    return _rebuild(url, edit)


def remove_query_param(url: Any, key: Any) -> str:
    """Return ``url`` without query parameter ``key`` (the rest sorted by key)."""

    def edit(params: dict[str, list[str]]) -> None:
        params.pop(force_str(key), None)

    return _rebuild(url, edit)
