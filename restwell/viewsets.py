"""ViewSets: one class for a resource, with actions bound to HTTP methods at routing time.

A viewset names its handlers after actions (``list``, ``create``, ``retrieve``,
``update``, ``partial_update``, ``destroy`` and any ``@action``) instead of HTTP
methods; ``as_view({"get": "list", "post": "create"})`` (or a router) binds
them. Handlers may be ``async def``: a viewset whose bound handlers are all
coroutines is served by the async request cycle (``adispatch``); mixing sync
and async handlers in one route is a configuration error.

Detail ``@action`` handlers that load an object should call ``get_object()``
so object permissions are checked; set ``detail_action_loads_object = True``
on the viewset (or pass it to ``@action(detail=True, detail_action_loads_object=True)``)
to have the object loaded and its permissions checked before the handler runs.
"""

from __future__ import annotations

import inspect
from functools import update_wrapper
from inspect import getmembers
from typing import TYPE_CHECKING, Any, Protocol, cast

from asgiref.sync import sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch
from django.utils.decorators import classonlymethod
from django.views.decorators.csrf import csrf_exempt

from restwell import generics, mixins, views
from restwell.generics import ViewConfigurationError, _serves_async

if TYPE_CHECKING:
    # ViewSetMixin is only ever combined with APIView (ViewSet, GenericViewSet),
    # whose dispatch, request and initialize_request it relies on; the type
    # checker sees it as a subclass. At run time it stays a plain mixin.
    _APIViewBase = views.APIView
else:
    _APIViewBase = object

__all__ = [
    "GenericViewSet",
    "ModelViewSet",
    "ReadOnlyModelViewSet",
    "ViewSet",
    "ViewSetMixin",
]


def _is_extra_action(attr: Any) -> bool:
    from restwell.decorators import MethodMapper

    return hasattr(attr, "mapping") and isinstance(attr.mapping, MethodMapper)


def _check_attr_name(func: Any, name: str) -> Any:
    # A decorator without functools.wraps hides the action's real name, and the
    # router would then build URLs for the wrong attribute.
    if func.__name__ != name:
        raise ViewConfigurationError(
            "Expected function (`{func.__name__}`) to match its attribute name "
            "(`{name}`). If using a decorator, ensure the inner function is "
            "decorated with `functools.wraps`, or that `{func.__name__}.__name__` "
            "is otherwise set to `{name}`.".format(func=func, name=name)
        )
    return func


def _route_is_async(cls: type, actions: dict[str, str]) -> bool:
    kinds = {
        inspect.iscoroutinefunction(getattr(cls, action))
        for action in actions.values()
        if hasattr(cls, action)
    }
    if len(kinds) > 1:
        raise ImproperlyConfigured(
            "%s binds both sync and async handlers in one route (%s). Make every "
            "handler of the route `async def`, or none of them."
            % (cls.__name__, ", ".join("%s: %s" % item for item in actions.items()))
        )
    return kinds == {True}


class _ActionView(Protocol):
    # The view function as_view() returns, with the attributes read back from
    # the resolved URL (breadcrumbs, schemas, the browsable API, routers).
    cls: type
    initkwargs: dict[str, Any]
    actions: dict[str, str]
    login_required: bool

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any: ...


class ViewSetMixin(_APIViewBase):
    """Make ``as_view()`` take an ``actions`` mapping of HTTP methods to handler names.

    ``MyViewSet.as_view({"get": "list", "post": "create"})`` returns a view
    that answers GET with ``list`` and POST with ``create``; routers build
    these mappings for you.
    """

    # Set per route by as_view() from the router's initkwargs (annotations
    # only: as_view() checks initkwargs against the class's real attributes).
    name: str | None
    description: str | None
    suffix: str | None
    detail: bool | None
    basename: str | None
    # Set on each instance: the route's {method: action} map, and the action
    # serving the current request (None when the method is not mapped).
    action_map: dict[str, str]
    action: str | None
    _restwell_async_route: bool

    @classonlymethod
    def as_view(cls, actions: dict[str, str] | None = None, **initkwargs: Any) -> Any:
        """Return a view function that dispatches each HTTP method to its action."""
        # Routers override these per route through initkwargs (name/description
        # of extra actions, the "List"/"Instance" suffix, detail, basename).
        cls.name = None
        cls.description = None
        cls.suffix = None
        cls.detail = None
        cls.basename = None

        if not actions:
            raise TypeError(
                "The `actions` argument must be provided when calling `.as_view()` "
                "on a ViewSet. For example `.as_view({'get': 'list'})`"
            )
        for key in initkwargs:
            if key in cls.http_method_names:
                raise TypeError(
                    "You tried to pass in the %s method name as a keyword argument "
                    "to %s(). Don't do that." % (key, cls.__name__)
                )
            if not hasattr(cls, key):
                raise TypeError("%s() received an invalid keyword %r" % (cls.__name__, key))
        if "name" in initkwargs and "suffix" in initkwargs:
            raise TypeError(
                "%s() received both `name` and `suffix`, which are mutually "
                "exclusive arguments." % cls.__name__
            )

        bound = dict(actions)
        if "get" in bound and "head" not in bound:
            bound["head"] = bound["get"]

        is_async = _route_is_async(cls, bound)

        def setup(request: Any, args: Any, kwargs: Any) -> Any:
            self = cls(**initkwargs)
            self._restwell_async_route = is_async
            self.action_map = bound
            for method, action in bound.items():
                setattr(self, method, getattr(self, action))
            self.request = request
            self.args = args
            self.kwargs = kwargs
            return self

        async def async_view(request: Any, *args: Any, **kwargs: Any) -> Any:
            self = setup(request, args, kwargs)
            return await self.adispatch(request, *args, **kwargs)

        def sync_view(request: Any, *args: Any, **kwargs: Any) -> Any:
            self = setup(request, args, kwargs)
            return self.dispatch(request, *args, **kwargs)

        view = cast(_ActionView, async_view if is_async else sync_view)
        # Name and docstring from the class; attributes decorators set on dispatch.
        update_wrapper(view, cls, updated=())
        update_wrapper(view, cls.dispatch, assigned=())
        # Read from the resolved URL by breadcrumbs, schemas and the browsable API.
        view.cls = cls
        view.initkwargs = initkwargs
        view.actions = actions
        # API views use DEFAULT_PERMISSION_CLASSES, not Django's LoginRequiredMiddleware.
        view.login_required = False
        return csrf_exempt(view)

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Wrap the request and set ``self.action`` from the request method."""
        request = super().initialize_request(request, *args, **kwargs)
        method = request.method.lower()
        if method == "options":
            # OPTIONS is always answered by the metadata handler, never mapped.
            self.action = "metadata"
        else:
            self.action = getattr(self, "action_map", {}).get(method)
        return request

    def reverse_action(self, url_name: str, *args: Any, **kwargs: Any) -> str:
        """Reverse the URL of one of this viewset's actions, e.g. ``reverse_action("list")``."""
        from restwell.reverse import reverse

        url_name = "%s-%s" % (self.basename, url_name)
        request = getattr(self, "request", None)
        namespace = None
        if request is not None and getattr(request, "resolver_match", None):
            namespace = request.resolver_match.namespace
        if namespace:
            url_name = "%s:%s" % (namespace, url_name)
        kwargs.setdefault("request", request)
        return reverse(url_name, *args, **kwargs)

    @classmethod
    def get_extra_actions(cls) -> list[Any]:
        """Return the handlers decorated with ``@action``."""
        return [_check_attr_name(method, name) for name, method in getmembers(cls, _is_extra_action)]

    def get_extra_action_url_map(self) -> dict[str, str]:
        """Return ``{view name: URL}`` for the extra actions of this route's kind.

        Only actions with the same ``detail`` value as the current route are
        listed; without a ``detail`` initkwarg (no router) the map is empty.
        """
        from restwell.reverse import reverse

        urls: dict[str, str] = {}
        if self.detail is None:
            return urls
        resolver_match = getattr(self.request, "resolver_match", None)
        namespace = resolver_match.namespace if resolver_match is not None else None
        for action in self.get_extra_actions():
            if action.detail != self.detail:
                continue
            url_name = "%s-%s" % (self.basename, action.url_name)
            if namespace:
                url_name = "%s:%s" % (namespace, url_name)
            try:
                url = reverse(url_name, self.args, self.kwargs, request=self.request)
            except NoReverseMatch:
                # The action's URL needs arguments this route does not have.
                continue
            view = self.__class__(**action.kwargs)
            urls[view.get_view_name()] = url
        return urls


class ViewSet(ViewSetMixin, views.APIView):
    """A viewset with no actions of its own: write ``list``, ``retrieve``, … yourself."""

    def options(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Answer OPTIONS with the metadata (in a worker thread on async routes)."""
        if _serves_async(self):
            return sync_to_async(super().options)(request, *args, **kwargs)
        return super().options(request, *args, **kwargs)


class GenericViewSet(ViewSetMixin, generics.GenericAPIView):
    """A viewset with ``GenericAPIView``'s hooks (``get_queryset``, ``get_object``, …) and no actions."""

    def _preloads_object(self) -> bool:
        if not self.detail_action_loads_object:
            return False
        handler = getattr(type(self), self.action or "", None)
        return handler is not None and _is_extra_action(handler) and handler.detail is True

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self._preloads_object():
            self._restwell_detail_object = self.get_object()

    async def ainitial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if cls.initial is not GenericViewSet.initial and cls.ainitial is GenericViewSet.ainitial:
            # A subclass customised only the sync initial(): keep it in effect.
            await sync_to_async(self.initial)(request, *args, **kwargs)
            return
        await super().ainitial(request, *args, **kwargs)
        if self._preloads_object():
            self._restwell_detail_object = await self.aget_object()


class ReadOnlyModelViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, GenericViewSet):
    """A viewset with the ``list`` and ``retrieve`` actions."""


class ModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    GenericViewSet,
):
    """A viewset with ``list``, ``create``, ``retrieve``, ``update``, ``partial_update`` and ``destroy``."""
