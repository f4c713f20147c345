"""API versioning schemes: where a request says which API version it wants.

Set ``versioning_class`` on a view (or ``DEFAULT_VERSIONING_CLASS``); the view
calls ``determine_version()`` and stores the result in ``request.version`` and
the scheme in ``request.versioning_scheme``. ``ALLOWED_VERSIONS``,
``DEFAULT_VERSION`` and ``VERSION_PARAM`` configure every scheme:

==========================  ==================================  ==============
scheme                      version read from                   invalid →
==========================  ==================================  ==============
AcceptHeaderVersioning      ``Accept: application/json; version=1.0``  406
URLPathVersioning           the ``version`` URL kwarg            404
NamespaceVersioning         the URL namespace (``v1:books-list``)  404
HostNameVersioning          the first label of the host name      404
QueryParameterVersioning    ``?version=1.0``                      404
==========================  ==================================  ==============
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from restwell import exceptions
from restwell.compat import unicode_http_header
from restwell.reverse import _reverse
from restwell.settings import api_settings
from restwell.utils.mediatypes import _MediaType
from restwell.utils.urls import replace_query_param

__all__ = [
    "AcceptHeaderVersioning",
    "BaseVersioning",
    "HostNameVersioning",
    "NamespaceVersioning",
    "QueryParameterVersioning",
    "URLPathVersioning",
]


class _Setting:
    # Read the setting on access (override_settings works); assigning the
    # attribute on a subclass or an instance replaces it, as with a plain value.
    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return getattr(api_settings, self.name)


class BaseVersioning:
    """Base class for versioning schemes: implement ``determine_version()``."""

    default_version: Any = _Setting("DEFAULT_VERSION")
    allowed_versions: Any = _Setting("ALLOWED_VERSIONS")
    version_param: Any = _Setting("VERSION_PARAM")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the version the request asks for; raise an APIException if it is not allowed."""
        raise NotImplementedError(
            "{cls}.determine_version() must be implemented.".format(cls=self.__class__.__name__)
        )

    def reverse(
        self,
        viewname: Any,
        args: Any = None,
        kwargs: Any = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """Reverse ``viewname`` so the URL keeps the request's version."""
        return _reverse(viewname, args, kwargs, request, format, **extra)

    def is_allowed_version(self, version: Any) -> bool:
        """Return True if ``version`` is allowed (anything, when no list is set)."""
        allowed = self.allowed_versions
        if not allowed:
            return True
        return (version is not None and version == self.default_version) or version in allowed


class AcceptHeaderVersioning(BaseVersioning):
    """Read the version from the accepted media type: ``Accept: application/json; version=1.0``."""

    invalid_version_message = _('Invalid version in "Accept" header.')

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the ``version`` parameter of the accepted media type (406 if not allowed)."""
        media_type = _MediaType(request.accepted_media_type)
        version = media_type.params.get(self.version_param, self.default_version)
        if version is not None:
            version = unicode_http_header(version)
        if not self.is_allowed_version(version):
            raise exceptions.NotAcceptable(self.invalid_version_message)
        return version


class URLPathVersioning(BaseVersioning):
    """Read the version from a URL keyword argument::

    re_path(r"^(?P<version>(v1|v2))/books/$", BookList.as_view(), name="book-list")
    """

    invalid_version_message = _("Invalid version in URL path.")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the ``version`` URL kwarg, or the default (404 if not allowed)."""
        version = kwargs.get(self.version_param)
        if version is None:
            version = self.default_version
        if not self.is_allowed_version(version):
            raise exceptions.NotFound(self.invalid_version_message)
        return version

    def reverse(
        self,
        viewname: Any,
        args: Any = None,
        kwargs: Any = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """Reverse with the request's version filled into the ``version`` kwarg."""
        if request.version is not None:
            kwargs = {self.version_param: request.version, **(kwargs or {})}
        return super().reverse(viewname, args, kwargs, request, format, **extra)


class NamespaceVersioning(BaseVersioning):
    """Read the version from the URL namespace::

    path("v1/", include("books.urls", namespace="v1")),
    path("v2/", include("books.urls", namespace="v2")),
    """

    invalid_version_message = _(
        "Invalid version in URL path. Does not match any version namespace."
    )

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the first allowed namespace of the resolved URL, or the default.

        A URL outside any namespace, or in namespaces none of which is an
        allowed version, gets ``default_version``; without a default the
        latter is a 404.
        """
        resolver_match = getattr(request, "resolver_match", None)
        if resolver_match is None or not resolver_match.namespace:
            return self.default_version
        for version in resolver_match.namespace.split(":"):
            if self.is_allowed_version(version):
                return version
        # No namespace names a version (e.g. plain "api"): that is "no version
        # given", so the default applies when there is one (DRF: always 404).
        if self.default_version is not None:
            return self.default_version
        raise exceptions.NotFound(self.invalid_version_message)

    def reverse(
        self,
        viewname: Any,
        args: Any = None,
        kwargs: Any = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """Reverse ``viewname`` inside the request's version namespace."""
        if request.version is not None:
            viewname = self.get_versioned_viewname(viewname, request)
        return super().reverse(viewname, args, kwargs, request, format, **extra)

    def get_versioned_viewname(self, viewname: str, request: Any) -> str:
        """Return ``viewname`` prefixed with the version namespace (``"v1:books-list"``)."""
        return request.version + ":" + viewname


class HostNameVersioning(BaseVersioning):
    """Read the version from the first label of the host: ``v1.example.com``."""

    hostname_regex = re.compile(r"^([a-zA-Z0-9]+)\.[a-zA-Z0-9]+\.[a-zA-Z0-9]+$")
    invalid_version_message = _("Invalid version in hostname.")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the host name's first label, or the default (404 if not allowed)."""
        hostname, _sep, _port = request.get_host().partition(":")
        match = self.hostname_regex.match(hostname)
        if not match:
            return self.default_version
        version = match.group(1)
        if not self.is_allowed_version(version):
            raise exceptions.NotFound(self.invalid_version_message)
        return version


class QueryParameterVersioning(BaseVersioning):
    """Read the version from the query string: ``?version=1.0``."""

    invalid_version_message = _("Invalid version in query parameter.")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the ``version`` query parameter, or the default (404 if not allowed)."""
        version = request.query_params.get(self.version_param, self.default_version)
        if not self.is_allowed_version(version):
            raise exceptions.NotFound(self.invalid_version_message)
        return version

    def reverse(
        self,
        viewname: Any,
        args: Any = None,
        kwargs: Any = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """Reverse ``viewname`` and add ``?version=`` for the request's version."""
        url = super().reverse(viewname, args, kwargs, request, format, **extra)
        if request.version is not None:
            return replace_query_param(url, self.version_param, request.version)
        return url
