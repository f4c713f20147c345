"""``format_suffix_patterns``: let every URL also answer with a ``.json``-style suffix.

    urlpatterns = format_suffix_patterns([
        path("books/", BookList.as_view()),
        path("books/<int:pk>/", BookDetail.as_view()),
    ])

adds ``books.json``, ``books/1.json`` (and ``.api``, ...) next to the original
routes; the suffix arrives in the view as the ``format`` keyword argument
(``FORMAT_SUFFIX_KWARG``) and content negotiation uses it. ``path()`` routes
get a path converter, ``re_path()`` routes a regex group; ``include()``
trees are rewritten recursively, keeping namespaces and default kwargs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.urls import URLPattern, URLResolver, path, re_path, register_converter
from django.urls.converters import get_converters
from django.urls.resolvers import RoutePattern

from restwell.settings import api_settings

__all__ = ["apply_suffix_patterns", "format_suffix_patterns"]


def _allowed_pattern(allowed: Sequence[str] | None) -> str:
    if not allowed:
        return "[a-z0-9]+"
    if len(allowed) == 1:
        return re.escape(allowed[0])
    return "(?:%s)" % "|".join(re.escape(fmt) for fmt in allowed)


def _converter_for(allowed: Sequence[str] | None) -> str:
    """Register (once) and return the name of the path converter for ``allowed``."""
    name = "drf_format_suffix"
    if allowed:
        name += "_" + "_".join(allowed)
    if name not in get_converters():
        suffix_regex = r"\.%s/?" % _allowed_pattern(allowed)

        class FormatSuffixConverter:
            regex = suffix_regex

            def to_python(self, value: str) -> str:
                return value.strip("./")

            def to_url(self, value: str) -> str:
                return "." + value + "/"

        register_converter(FormatSuffixConverter, name)
    return name


def apply_suffix_patterns(
    urlpatterns: Sequence[Any],
    suffix_pattern: str,
    suffix_required: bool,
    suffix_route: str | None = None,
) -> list[Any]:
    """Return ``urlpatterns`` with a suffixed twin after each pattern.

    ``suffix_pattern`` is appended to ``re_path()`` regexes and ``suffix_route``
    to ``path()`` routes. With ``suffix_required`` the originals are dropped.
    """
    result: list[Any] = []
    for pattern in urlpatterns:
        if isinstance(pattern, URLResolver):
            children = apply_suffix_patterns(
                pattern.url_patterns, suffix_pattern, suffix_required, suffix_route
            )
            # Same prefix pattern object (path, re_path or i18n prefix), new children.
            result.append(
                URLResolver(
                    pattern.pattern,
                    children,
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
            continue

        if not suffix_required:
            result.append(pattern)
        view, kwargs, name = pattern.callback, pattern.default_args, pattern.name
        if isinstance(pattern.pattern, RoutePattern) and suffix_route is not None:
            route = str(pattern.pattern).rstrip("$").rstrip("/") + suffix_route
            result.append(path(route, view, kwargs, name))
        else:
            regex = pattern.pattern.regex.pattern.rstrip("$").rstrip("/") + suffix_pattern
            result.append(re_path(regex, view, kwargs, name))
    return result


def format_suffix_patterns(
    urlpatterns: Sequence[URLPattern | URLResolver],
    suffix_required: bool = False,
    allowed: Sequence[str] | None = None,
) -> list[Any]:
    """Return ``urlpatterns`` plus a ``.<format>`` suffixed version of each, in order.

    ``suffix_required=True`` keeps only the suffixed versions; ``allowed``
    (e.g. ``["json", "api"]``) limits the suffixes accepted (default: any
    lowercase alphanumeric suffix).
    """
    kwarg = api_settings.FORMAT_SUFFIX_KWARG
    suffix_pattern = r"\.(?P<%s>%s)/?$" % (kwarg, _allowed_pattern(allowed))
    suffix_route = "<%s:%s>" % (_converter_for(allowed), kwarg)
    return apply_suffix_patterns(urlpatterns, suffix_pattern, suffix_required, suffix_route)
