"""Endpoint discovery for schema generation.

``EndpointEnumerator`` walks a URL conf and lists ``(path, method, callback)``
for every restwell view; ``BaseSchemaGenerator`` turns those into view
instances (one per method, as a request would) for the inspectors.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.admindocs.views import simplify_regex
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver

from restwell import exceptions
from restwell.settings import api_settings

__all__ = [
    "BaseSchemaGenerator",
    "EndpointEnumerator",
    "endpoint_ordering",
    "get_pk_name",
    "is_api_view",
]

_METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
# A Django path converter segment: <int:pk> or <pk>.
_PATH_PARAMETER_COMPONENT_RE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>\w+)>")


def get_pk_name(model: Any) -> str:
    """Return the name of ``model``'s primary key (following multi-table parent links)."""
    pk = model._meta.concrete_model._meta.pk
    while pk.remote_field is not None and getattr(pk.remote_field, "parent_link", False):
        pk = pk.remote_field.model._meta.pk
    return pk.name


def is_api_view(callback: Any) -> bool:
    """Return True if ``callback`` is the view function of an ``APIView`` (or viewset)."""
    from restwell.views import APIView

    cls = getattr(callback, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


def endpoint_ordering(endpoint: tuple[str, str, Any]) -> tuple[int]:
    """Sort key for endpoints: GET, POST, PUT, PATCH, DELETE, then the rest."""
    _path, method, _callback = endpoint
    return (_METHOD_ORDER.get(method, 5),)


class EndpointEnumerator:
    """List the API endpoints of a URL conf (or of explicit ``patterns``)."""

    def __init__(self, patterns: Any = None, urlconf: Any = None) -> None:
        if patterns is None:
            if urlconf is None:
                urlconf = settings.ROOT_URLCONF
            urls = import_module(urlconf) if isinstance(urlconf, str) else urlconf
            patterns = urls.urlpatterns
        self.patterns = patterns

    def get_api_endpoints(self, patterns: Any = None, prefix: str = "") -> list[tuple[str, str, Any]]:
        """Return ``(path, method, callback)`` for each endpoint, sorted by method."""
        if patterns is None:
            patterns = self.patterns
        endpoints: list[tuple[str, str, Any]] = []
        for pattern in patterns:
            path_regex = prefix + str(pattern.pattern)
            if isinstance(pattern, URLPattern):
                path = self.get_path_from_regex(path_regex)
                callback = pattern.callback
                if self.should_include_endpoint(path, callback):
                    endpoints.extend(
                        (path, method, callback) for method in self.get_allowed_methods(callback)
                    )
            elif isinstance(pattern, URLResolver):
                endpoints.extend(self.get_api_endpoints(pattern.url_patterns, prefix=path_regex))
        return sorted(endpoints, key=endpoint_ordering)

    def get_path_from_regex(self, path_regex: str) -> str:
        """Turn a URL pattern into a URI template such as ``/users/{pk}/``."""
        path = simplify_regex(path_regex)
        return _PATH_PARAMETER_COMPONENT_RE.sub(r"{\g<parameter>}", path)

    def should_include_endpoint(self, path: str, callback: Any) -> bool:
        """Return True unless the endpoint is not an API view, opted out, or a format suffix."""
        if not is_api_view(callback):
            return False
        if callback.cls.schema is None:
            return False
        initkwargs = getattr(callback, "initkwargs", {}) or {}
        if "schema" in initkwargs and initkwargs["schema"] is None:
            return False
        return not (path.endswith(".{format}") or path.endswith(".{format}/"))

    def get_allowed_methods(self, callback: Any) -> list[str]:
        """Return the HTTP methods of the endpoint, without OPTIONS and HEAD."""
        actions = getattr(callback, "actions", None)
        if actions is not None:
            allowed = set(callback.cls.http_method_names)
            methods = [method.upper() for method in actions if method in allowed]
        else:
            methods = callback.cls().allowed_methods
        return [method for method in methods if method not in ("OPTIONS", "HEAD")]


class BaseSchemaGenerator:
    """Shared base of schema generators: endpoint discovery and view creation.

    Subclasses implement ``get_schema(request=None, public=False)``.
    """

    endpoint_inspector_cls: type = EndpointEnumerator
    # Set from SCHEMA_COERCE_PATH_PK: show {pk} in paths as the model's pk name.
    coerce_path_pk: Any = None

    def __init__(
        self,
        title: str | None = None,
        url: str | None = None,
        description: str | None = None,
        patterns: Any = None,
        urlconf: Any = None,
        version: str | None = None,
    ) -> None:
        if url and not url.endswith("/"):
            url += "/"
        self.coerce_path_pk = api_settings.SCHEMA_COERCE_PATH_PK
        self.patterns = patterns
        self.urlconf = urlconf
        self.title = title
        self.description = description
        self.version = version
        self.url = url
        self.endpoints: list[tuple[str, str, Any]] | None = None

    def _initialise_endpoints(self) -> None:
        if self.endpoints is None:
            inspector = self.endpoint_inspector_cls(self.patterns, self.urlconf)
            self.endpoints = inspector.get_api_endpoints()

    def _get_paths_and_endpoints(self, request: Any) -> tuple[list[str], list[tuple[str, str, Any]]]:
        paths: list[str] = []
        view_endpoints: list[tuple[str, str, Any]] = []
        for path, method, callback in self.endpoints or []:
            view = self.create_view(callback, method, request)
            path = self.coerce_path(path, method, view)
            paths.append(path)
            view_endpoints.append((path, method, view))
        return paths, view_endpoints

    def create_view(self, callback: Any, method: str, request: Any = None) -> Any:
        """Instantiate the view behind ``callback`` as if it served ``method``."""
        from restwell.request import clone_request

        view = callback.cls(**getattr(callback, "initkwargs", {}))
        view.args = ()
        view.kwargs = {}
        view.format_kwarg = None
        view.request = None
        actions = getattr(callback, "actions", None)
        view.action_map = actions
        if actions is not None:
            view.action = "metadata" if method == "OPTIONS" else actions.get(method.lower())
        if request is not None:
            view.request = clone_request(request, method)
        return view

    def coerce_path(self, path: str, method: str, view: Any) -> str:
        """Replace ``{pk}`` with the model's primary key name (``{id}``) when enabled."""
        if not self.coerce_path_pk or "{pk}" not in path:
            return path
        model = getattr(getattr(view, "queryset", None), "model", None)
        field_name = get_pk_name(model) if model else "id"
        return path.replace("{pk}", "{%s}" % field_name)

    def get_schema(self, request: Any = None, public: bool = False) -> Any:
        """Return the schema document (implemented by subclasses)."""
        raise NotImplementedError(".get_schema() must be implemented in subclasses.")

    def has_view_permissions(self, path: str, method: str, view: Any) -> bool:
        """Return True if the request (if any) may access this endpoint."""
        if view.request is None:
            return True
        try:
            view.check_permissions(view.request)
        except (exceptions.APIException, Http404, PermissionDenied):
            return False
        return True
