"""``reverse`` and ``reverse_lazy``: Django's URL reversal, made absolute and version-aware.

Given the ``request``, the URL is absolute (``http://testserver/books/``);
when the request has a versioning scheme, the scheme reverses it (adding the
version to the path, namespace or query string); a ``?format=`` override on
the current request is carried over to the new URL.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch
from django.urls import reverse as django_reverse
from django.utils.functional import lazy

from restwell.settings import api_settings
from restwell.utils.urls import replace_query_param

__all__ = ["preserve_builtin_query_params", "reverse", "reverse_lazy"]


def preserve_builtin_query_params(url: str, request: Any = None) -> str:
    """Copy the request's ``?format=`` (``URL_FORMAT_OVERRIDE``) onto ``url``."""
    if request is None:
        return url
    param = api_settings.URL_FORMAT_OVERRIDE
    if param and param in request.GET:
        url = replace_query_param(url, param, request.GET[param])
    return url


def reverse(
    viewname: Any,
    args: Any = None,
    kwargs: Any = None,
    request: Any = None,
    format: str | None = None,
    **extra: Any,
) -> str:
    """Return the URL for ``viewname``, absolute when ``request`` is given.

    With a versioning scheme on the request, the scheme's ``reverse()`` is
    used; if it finds no match, plain reversal is tried.
    """
    scheme = getattr(request, "versioning_scheme", None)
    url = None
    if scheme is not None:
        try:
            url = scheme.reverse(viewname, args, kwargs, request, format, **extra)
        except NoReverseMatch:
            url = None
    if url is None:
        url = _reverse(viewname, args, kwargs, request, format, **extra)
    return preserve_builtin_query_params(url, request)


def _reverse(
    viewname: Any,
    args: Any = None,
    kwargs: Any = None,
    request: Any = None,
    format: str | None = None,
    **extra: Any,
) -> str:
    """Reverse with Django, add the ``format`` kwarg, and make absolute with ``request``."""
    if format is not None:
        kwargs = {**(kwargs or {}), "format": format}
    url = django_reverse(viewname, args=args, kwargs=kwargs, **extra)
    if request:
        return request.build_absolute_uri(url)
    return url


reverse_lazy = lazy(reverse, str)
