"""Breadcrumbs for the browsable API: the API views along a URL's path."""

from __future__ import annotations

from typing import Any

from django.urls import get_script_prefix, resolve

__all__ = ["get_breadcrumbs"]


def _parent(url: str) -> str:
    # "/a/b/" -> "/a/b", "/a/b" -> "/a/": alternate between dropping the trailing
    # slash and dropping the last segment, so both URL styles are tried.
    if url.endswith("/"):
        return url.rstrip("/")
    return url[: url.rfind("/") + 1]


def get_breadcrumbs(url: str, request: Any = None) -> list[tuple[str, str]]:
    """Return ``[(name, url), ...]`` for every API view on the path to ``url``, root first.

    Each shorter prefix of ``url`` that resolves to an ``APIView`` contributes
    one crumb named by the view's ``get_view_name()``; a view matched twice in a
    row (``/items`` and ``/items/``) is listed once. Built-in query parameters of
    ``request`` (such as ``?format=``) are kept on the crumb URLs.
    """
    from restwell.reverse import preserve_builtin_query_params
    from restwell.views import APIView

    prefix = get_script_prefix().rstrip("/")
    url = url[len(prefix) :]
    crumbs: list[tuple[str, str]] = []
    last_view = None
    while True:
        try:
            view = resolve(url)[0]
        except Exception:
            view = None
        cls = getattr(view, "cls", None)
        if (
            cls is not None
            and isinstance(cls, type)
            and issubclass(cls, APIView)
            and view != last_view
        ):
            name = cls(**getattr(view, "initkwargs", {})).get_view_name()
            crumbs.insert(0, (name, preserve_builtin_query_params(prefix + url, request)))
            last_view = view
        if url == "":
            return crumbs
        url = _parent(url)
