"""Decorators for function-based views (``@api_view``) and viewset actions (``@action``).

    @api_view(["GET", "POST"])
    @permission_classes([IsAuthenticated])
    def hello(request):
        return Response({"message": "hello"})

Policy decorators must sit *below* ``@api_view``: they annotate the function,
which ``@api_view`` then turns into an ``APIView`` subclass.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any, cast

from django.forms.utils import pretty_name

from restwell._errors import ConfigurationError
from restwell.views import APIView

_POLICY_ATTRIBUTES = (
    "renderer_classes",
    "parser_classes",
    "authentication_classes",
    "throttle_classes",
    "permission_classes",
    "content_negotiation_class",
    "metadata_class",
    "versioning_class",
    "schema",
)


# The handler methods of the class @api_view builds: the function, called without self.
def _sync_handler(func: Callable[..., Any]) -> Callable[..., Any]:
    def handler(self: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return handler


def _async_handler(func: Callable[..., Any]) -> Callable[..., Any]:
    async def handler(self: Any, *args: Any, **kwargs: Any) -> Any:
        return await func(*args, **kwargs)

    return handler


def api_view(http_method_names: Any = None) -> Callable[[Callable[..., Any]], Any]:
    """Turn a function ``f(request, *args, **kwargs)`` into an ``APIView``.

    ``http_method_names`` lists the methods it answers (default ``["GET"]``;
    ``OPTIONS`` is always added). An ``async def`` function becomes an async view.
    """
    if http_method_names is None:
        http_method_names = ["GET"]

    def decorator(func: Callable[..., Any]) -> Any:
        if isinstance(http_method_names, types.FunctionType):
            raise ConfigurationError(
                "@api_view missing list of allowed HTTP methods: write @api_view() or "
                "@api_view(['GET', ...])."
            )
        if not isinstance(http_method_names, (list, tuple)):
            raise ConfigurationError(
                "@api_view expected a list of strings, received %s"
                % type(http_method_names).__name__
            )

        attrs: dict[str, Any] = {"__doc__": func.__doc__, "__module__": func.__module__}
        handler = _async_handler(func) if inspect.iscoroutinefunction(func) else _sync_handler(func)
        for method in http_method_names:
            attrs[method.lower()] = handler
        # In the order given (OPTIONS last), so the Allow header is the same in
        # every process; a set here would follow the string hash seed.
        attrs["http_method_names"] = list(dict.fromkeys([*(m.lower() for m in http_method_names), "options"]))
        # Only what the function was decorated with is fixed; the rest keeps
        # reading the settings lazily through APIView's descriptors.
        for name in _POLICY_ATTRIBUTES:
            if hasattr(func, name):
                attrs[name] = getattr(func, name)
        if hasattr(func, "throttle_scope"):
            attrs["throttle_scope"] = func.throttle_scope

        wrapped = cast("type[APIView]", type(func.__name__, (APIView,), attrs))
        wrapped.__qualname__ = getattr(func, "__qualname__", func.__name__)
        return wrapped.as_view()

    return decorator


def _check_decorator_order(func: Any, decorator_name: str) -> None:
    if isinstance(func, type) or hasattr(func, "cls"):
        raise TypeError(
            "@{name} must come after (below) the @api_view decorator. "
            "The correct order is:\n\n"
            "    @api_view(...)\n"
            "    @{name}(...)\n"
            "    def my_view(request):\n"
            "        ...".format(name=decorator_name)
        )


def _policy_decorator(attribute: str) -> Callable[[Any], Callable[[Any], Any]]:
    def policy(value: Any) -> Callable[[Any], Any]:
        def decorator(func: Any) -> Any:
            _check_decorator_order(func, attribute)
            setattr(func, attribute, value)
            return func

        return decorator

    policy.__name__ = policy.__qualname__ = attribute
    policy.__doc__ = "Set ``%s`` on the view ``@api_view`` builds from this function." % attribute
    return policy


renderer_classes = _policy_decorator("renderer_classes")
parser_classes = _policy_decorator("parser_classes")
authentication_classes = _policy_decorator("authentication_classes")
throttle_classes = _policy_decorator("throttle_classes")
throttle_scope = _policy_decorator("throttle_scope")
permission_classes = _policy_decorator("permission_classes")
content_negotiation_class = _policy_decorator("content_negotiation_class")
metadata_class = _policy_decorator("metadata_class")
versioning_class = _policy_decorator("versioning_class")


def schema(view_inspector: Any) -> Callable[[Any], Any]:
    """Set the schema inspector (``AutoSchema`` instance, or None to exclude the view)."""

    def decorator(func: Any) -> Any:
        _check_decorator_order(func, "schema")
        func.schema = view_inspector
        return func

    return decorator


def action(
    methods: Any = None,
    detail: bool | None = None,
    url_path: str | None = None,
    url_name: str | None = None,
    **kwargs: Any,
) -> Callable[[Any], Any]:
    """Mark a viewset method as a routable action.

    ``detail`` is required: True for ``/things/{pk}/<url_path>/``, False for
    ``/things/<url_path>/``. Extra keyword arguments (``permission_classes``,
    ``serializer_class``, …) override the viewset's attributes for this action.
    """
    methods = ["get"] if methods is None else methods
    methods = [method.lower() for method in methods]

    if detail is None:
        raise ConfigurationError("@action() missing required argument: 'detail'")

    # name and suffix are mutually exclusive
    if "name" in kwargs and "suffix" in kwargs:
        raise TypeError("`name` and `suffix` are mutually exclusive arguments.")

    def decorator(func: Any) -> Any:
        func.mapping = MethodMapper(func, methods)
        func.detail = detail
        func.url_path = url_path if url_path else func.__name__
        func.url_name = url_name if url_name else func.__name__.replace("_", "-")
        func.kwargs = kwargs
        # Name the view "Test action" after the method, unless given a name or suffix.
        if "name" not in kwargs and "suffix" not in kwargs:
            func.kwargs["name"] = pretty_name(func.__name__)
        func.kwargs["description"] = func.__doc__ or None
        return func

    return decorator


class MethodMapper(dict):
    """Map HTTP methods to the handler names of one ``@action``.

        @action(detail=False)
        def items(self, request): ...

        @items.mapping.post
        def create_item(self, request): ...
    """

    def __init__(self, action: Any, methods: list[str]) -> None:
        self.action = action
        for method in methods:
            self[method] = self.action.__name__

    def _map(self, method: str, func: Any) -> Any:
        if method in self:
            raise ConfigurationError(
                "Method '%s' has already been mapped to '.%s'." % (method, self[method])
            )
        if func.__name__ == self.action.__name__:
            raise ConfigurationError(
                "Method mapping does not behave like the property decorator. You "
                "cannot use the same method name for each mapping declaration."
            )
        self[method] = func.__name__
        return func

    def get(self, func: Any) -> Any:  # type: ignore[override]
        return self._map("get", func)

    def post(self, func: Any) -> Any:
        return self._map("post", func)

    def put(self, func: Any) -> Any:
        return self._map("put", func)

    def patch(self, func: Any) -> Any:
        return self._map("patch", func)

    def delete(self, func: Any) -> Any:
        return self._map("delete", func)

    def head(self, func: Any) -> Any:
        return self._map("head", func)

    def options(self, func: Any) -> Any:
        return self._map("options", func)

    def trace(self, func: Any) -> Any:
        return self._map("trace", func)


__all__ = [
    "MethodMapper",
    "action",
    "api_view",
    "authentication_classes",
    "content_negotiation_class",
    "metadata_class",
    "parser_classes",
    "permission_classes",
    "renderer_classes",
    "schema",
    "throttle_classes",
    "throttle_scope",
    "versioning_class",
]
