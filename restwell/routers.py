"""Routers: URL patterns generated from registered viewsets.

::

    router = routers.DefaultRouter()
    router.register("books", BookViewSet)          # basename from the queryset: "book"
    router.register("users", UserViewSet, basename="user")
    urlpatterns = router.urls

``SimpleRouter`` produces ``<prefix>/`` (list, create), ``<prefix>/<lookup>/``
(retrieve, update, partial_update, destroy) and one pattern per ``@action``;
``DefaultRouter`` adds an API root view and ``.json``-style format suffixes.
``use_regex_path=False`` builds ``path()`` patterns with converters instead
of regular expressions.
"""

from __future__ import annotations

import itertools
from collections import namedtuple
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, path, re_path
from django.utils.module_loading import import_string

from restwell import views
from restwell.generics import ViewConfigurationError
from restwell.response import Response
from restwell.settings import api_settings

__all__ = [
    "APIRootView",
    "BaseRouter",
    "DefaultRouter",
    "DynamicRoute",
    "Route",
    "SimpleRouter",
    "escape_curly_brackets",
    "flatten",
]

Route = namedtuple("Route", ["url", "mapping", "name", "detail", "initkwargs"])
DynamicRoute = namedtuple("DynamicRoute", ["url", "name", "detail", "initkwargs"])


def escape_curly_brackets(url_path: str) -> str:
    """Double ``{`` and ``}`` in an action's ``url_path`` so ``str.format`` leaves them alone."""
    return url_path.replace("{", "{{").replace("}", "}}")


def flatten(list_of_lists: Any) -> Any:
    """Chain an iterable of iterables into one iterable."""
    return itertools.chain.from_iterable(list_of_lists)


class _Imported:
    # A class attribute resolved by import on first access, so that importing
    # the routers does not import the schema machinery.
    def __init__(self, dotted_path: str) -> None:
        self.dotted_path = dotted_path

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return import_string(self.dotted_path)


class BaseRouter:
    """Keep a registry of ``(prefix, viewset, basename)`` and build URL patterns from it."""

    def __init__(self) -> None:
        self.registry: list[tuple[str, Any, str]] = []

    def register(self, prefix: str, viewset: Any, basename: str | None = None) -> None:
        """Register ``viewset`` under the URL ``prefix``.

        ``basename`` prefixes the URL names (``<basename>-list``,
        ``<basename>-detail``); without it, it is derived from the viewset's
        ``queryset``. Each basename may be registered once.
        """
        if basename is None:
            basename = self.get_default_basename(viewset)
        if self.is_already_registered(basename):
            raise ImproperlyConfigured(
                f'Router with basename "{basename}" is already registered. '
                f'Please provide a unique basename for viewset "{viewset}"'
            )
        self.registry.append((prefix, viewset, basename))
        # A new registration invalidates previously built patterns.
        self.__dict__.pop("_urls", None)

    def is_already_registered(self, new_basename: str) -> bool:
        """Return True if ``new_basename`` is already used by a registered viewset."""
        return any(basename == new_basename for _prefix, _viewset, basename in self.registry)

    def get_default_basename(self, viewset: Any) -> str:
        """Return the basename to use when ``register()`` is given none."""
        raise NotImplementedError("get_default_basename must be overridden")

    def get_urls(self) -> list[Any]:
        """Return the URL patterns of the registered viewsets."""
        raise NotImplementedError("get_urls must be overridden")

    @property
    def urls(self) -> list[Any]:
        """The URL patterns, built on first access and after each ``register()``."""
        if "_urls" not in self.__dict__:
            self._urls = self.get_urls()
        return self._urls


class SimpleRouter(BaseRouter):
    """Route the standard actions and ``@action`` handlers of each viewset."""

    routes: list[Any] = [
        Route(
            url=r"^{prefix}{trailing_slash}$",
            mapping={"get": "list", "post": "create"},
            name="{basename}-list",
            detail=False,
            initkwargs={"suffix": "List"},
        ),
        DynamicRoute(
            url=r"^{prefix}/{url_path}{trailing_slash}$",
            name="{basename}-{url_name}",
            detail=False,
            initkwargs={},
        ),
        Route(
            url=r"^{prefix}/{lookup}{trailing_slash}$",
            mapping={
                "get": "retrieve",
                "put": "update",
                "patch": "partial_update",
                "delete": "destroy",
            },
            name="{basename}-detail",
            detail=True,
            initkwargs={"suffix": "Instance"},
        ),
        DynamicRoute(
            url=r"^{prefix}/{lookup}/{url_path}{trailing_slash}$",
            name="{basename}-{url_name}",
            detail=True,
            initkwargs={},
        ),
    ]

    def __init__(self, trailing_slash: bool = True, use_regex_path: bool = True) -> None:
        self.trailing_slash = "/" if trailing_slash else ""
        self._use_regex = use_regex_path
        if use_regex_path:
            self._base_pattern = "(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"
            self._default_value_pattern = "[^/.]+"
            self._url_conf = re_path
        else:
            self._base_pattern = "<{lookup_value}:{lookup_prefix}{lookup_url_kwarg}>"
            self._default_value_pattern = "str"
            self._url_conf = path
            # path() patterns are not anchored regexes: drop the ^ and $.
            self.routes = [route._replace(url=_unanchor(route.url)) for route in self.routes]
        super().__init__()

    def get_default_basename(self, viewset: Any) -> str:
        """Derive the basename from the viewset's ``queryset`` model (``Book`` → ``"book"``)."""
        queryset = getattr(viewset, "queryset", None)
        if queryset is None:
            raise ViewConfigurationError(
                "`basename` argument not specified, and could not automatically "
                "determine the name from the viewset, as it does not have a "
                "`.queryset` attribute."
            )
        return queryset.model._meta.object_name.lower()

    def get_routes(self, viewset: Any) -> list[Any]:
        """Return the routes of ``viewset``: the static ones plus one per ``@action``."""
        known_actions = set(
            flatten(route.mapping.values() for route in self.routes if isinstance(route, Route))
        )
        extra_actions = viewset.get_extra_actions()
        clashing = [action.__name__ for action in extra_actions if action.__name__ in known_actions]
        if clashing:
            raise ImproperlyConfigured(
                "Cannot use the @action decorator on the following methods, as "
                "they are existing routes: %s" % ", ".join(clashing)
            )

        routes: list[Any] = []
        for route in self.routes:
            if isinstance(route, DynamicRoute):
                routes.extend(
                    self._get_dynamic_route(route, action)
                    for action in extra_actions
                    if bool(action.detail) == bool(route.detail)
                )
            else:
                routes.append(route)
        return routes

    def _get_dynamic_route(self, route: Any, action: Any) -> Any:
        initkwargs = dict(route.initkwargs)
        initkwargs.update(action.kwargs)
        return Route(
            url=route.url.replace("{url_path}", escape_curly_brackets(action.url_path)),
            mapping=action.mapping,
            name=route.name.replace("{url_name}", action.url_name),
            detail=route.detail,
            initkwargs=initkwargs,
        )

    def get_method_map(self, viewset: Any, method_map: dict[str, str]) -> dict[str, str]:
        """Keep only the ``{method: action}`` entries whose action the viewset implements."""
        return {method: action for method, action in method_map.items() if hasattr(viewset, action)}

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        """Return the URL fragment matching one object of ``viewset``.

        Uses the viewset's ``lookup_url_kwarg`` (or ``lookup_field``) as the
        keyword, and ``lookup_value_regex`` (regex routers) or
        ``lookup_value_converter`` (``use_regex_path=False``) for the value.
        ``lookup_prefix`` serves nested routers.
        """
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = None
        if not self._use_regex:
            lookup_value = getattr(viewset, "lookup_value_converter", None)
        if lookup_value is None:
            lookup_value = getattr(viewset, "lookup_value_regex", self._default_value_pattern)
        return self._base_pattern.format(
            lookup_prefix=lookup_prefix,
            lookup_url_kwarg=lookup_url_kwarg,
            lookup_value=lookup_value,
        )

    def get_urls(self) -> list[Any]:
        """Build one URL pattern per route of each registered viewset."""
        patterns: list[Any] = []
        for prefix, viewset, basename in self.registry:
            lookup = self.get_lookup_regex(viewset)
            for route in self.get_routes(viewset):
                mapping = self.get_method_map(viewset, route.mapping)
                if not mapping:
                    continue
                url = route.url.format(
                    prefix=prefix, lookup=lookup, trailing_slash=self.trailing_slash
                )
                if not prefix:
                    # An empty prefix would leave a leading slash ("^/{lookup}/").
                    if self._url_conf is path:
                        if url.startswith("/"):
                            url = url[1:]
                    elif url.startswith("^/"):
                        url = "^" + url[2:]
                initkwargs = dict(route.initkwargs)
                initkwargs.update({"basename": basename, "detail": route.detail})
                view = viewset.as_view(mapping, **initkwargs)
                name = route.name.format(basename=basename)
                patterns.append(self._url_conf(url, view, name=name))
        return patterns


def _unanchor(url: str) -> str:
    if url.startswith("^"):
        url = url[1:]
    if url.endswith("$"):
        url = url[:-1]
    return url


class APIRootView(views.APIView):
    """The API root: a link to the list endpoint of each registered viewset."""

    _ignore_model_permissions = True
    schema = None  # not part of the API schema
    api_root_dict: dict[str, str] | None = None

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        from restwell.reverse import reverse

        links: dict[str, str] = {}
        namespace = request.resolver_match.namespace
        for key, url_name in (self.api_root_dict or {}).items():
            if namespace:
                url_name = namespace + ":" + url_name
            try:
                links[key] = reverse(
                    url_name,
                    args=args,
                    kwargs=kwargs,
                    request=request,
                    format=kwargs.get("format"),
                )
            except NoReverseMatch:
                # Skip list routes that need URL arguments the root does not have.
                continue
        return Response(links)


class DefaultRouter(SimpleRouter):
    """A ``SimpleRouter`` with an API root view and ``.json``-style format suffixes."""

    include_root_view = True
    include_format_suffixes = True
    root_view_name = "api-root"
    default_schema_renderers = None
    APIRootView = APIRootView
    APISchemaView = _Imported("restwell.schemas.views.SchemaView")
    SchemaGenerator = _Imported("restwell.schemas.SchemaGenerator")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "root_renderers" in kwargs:
            self.root_renderers = kwargs.pop("root_renderers")
        else:
            self.root_renderers = list(api_settings.DEFAULT_RENDERER_CLASSES)
        super().__init__(*args, **kwargs)

    def get_api_root_view(self, api_urls: Any = None) -> Any:
        """Return the root view listing each registered viewset's list URL."""
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename)
            for prefix, _viewset, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict=api_root_dict)

    def get_urls(self) -> list[Any]:
        """Add the root view and format-suffix patterns to ``SimpleRouter``'s patterns."""
        from restwell.urlpatterns import format_suffix_patterns

        urls = super().get_urls()
        if self.include_root_view:
            view = self.get_api_root_view(api_urls=urls)
            urls.append(path("", view, name=self.root_view_name))
        if self.include_format_suffixes:
            urls = format_suffix_patterns(urls)
        return urls
