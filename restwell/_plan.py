"""The fused request cycle, for view classes that keep ``APIView``'s own hooks.

``APIView.dispatch`` runs its cycle as a chain of public hooks
(``initialize_request``, ``initial``, ``perform_content_negotiation``,
``check_permissions``, ``finalize_response``, …), each of which a subclass
may override. Calling them one by one, with the getters and properties they
call in turn, is most of the cost of a small request. A *plan* is computed
once per view class: whether the class (or its instance) overrides any of
those hooks, and the ``Allow`` header its handlers give. When nothing is
overridden, ``run_sync``/``run_async`` do the same work in one function:
the same objects are created and the same attributes set (``request.user``,
``request.accepted_renderer``, ``request.version``, ``view.headers``,
``response.renderer_context``, …), in the same order, with the same errors;
steps that cannot have an effect are skipped (each says why). When anything
is overridden, the general path in ``restwell.views`` runs instead.

The plan is checked against the class on every request (one C-level tuple
of the hooks, compared by identity), so a hook replaced on the class or on
a base class later, ``mock.patch`` included, takes effect at once.
"""

from __future__ import annotations

import inspect
from operator import attrgetter
from typing import Any

from django.http.response import ResponseHeaders
from django.utils.cache import cc_delim_re, patch_vary_headers

from restwell._release import release_on_close
from restwell.permissions import AllowAny
from restwell.request import Request
from restwell.response import Response, set_header

# The hooks the fused cycle does not call one by one. Overriding any of them
# (on the class, a base class or the instance) selects the general path.
CYCLE_HOOKS: tuple[str, ...] = (
    "initialize_request",
    "get_parser_context",
    "get_parsers",
    "get_authenticators",
    "get_content_negotiator",
    "default_response_headers",
    "allowed_methods",
    "initial",
    "ainitial",
    "get_format_suffix",
    "perform_content_negotiation",
    "get_renderers",
    "determine_version",
    "perform_authentication",
    "aperform_authentication",
    "check_permissions",
    "acheck_permissions",
    "get_permissions",
    "check_throttles",
    "acheck_throttles",
    "get_throttles",
    "finalize_response",
    "get_renderer_context",
    "setup",
)
# Instance attributes that would change what the fused cycle does: the hooks,
# and handlers bound per instance (View.setup() binds only head, to get).
_INSTANCE_HOOKS = frozenset(CYCLE_HOOKS) | {"get", "post", "put", "patch", "delete", "options", "trace"}

_PLAN_ATTR = "_restwell_plan"


class ViewPlan:
    """What the request cycle needs to know about one view class."""

    __slots__ = ("view_class", "fused", "reason", "allow", "is_async", "_current", "_expected", "_size")

    def __init__(self, view_class: type) -> None:
        self.view_class = view_class
        overridden = [
            name
            for name, original in zip(CYCLE_HOOKS, _original_hooks, strict=True)
            if getattr(view_class, name) is not original
        ]
        self.fused = not overridden
        self.reason = "overrides " + ", ".join(overridden) if overridden else ""
        # allowed_methods, once per class: the handlers the class has, and
        # head, which View.setup() binds to get when the class has no head.
        handlers = [m for m in view_class.http_method_names if hasattr(view_class, m)]
        if "get" in handlers and "head" not in handlers:
            handlers.append("head")
        self.allow = ", ".join([m.upper() for m in view_class.http_method_names if m in handlers])
        # Checked on every request: a hook replaced on the class or any base
        # (mock.patch included) changes this tuple of (C-level) lookups.
        self._current = attrgetter(*CYCLE_HOOKS, "http_method_names")
        self._expected = self._current(view_class)
        self.is_async = bool(view_class.view_is_async)  # type: ignore[attr-defined]
        self._size = 0

    def is_current(self, view_class: type) -> bool:
        # A handler or hook added to or deleted from the view class itself
        # changes the size of its __dict__; a hook replaced anywhere on the
        # MRO changes the tuple.
        return len(view_class.__dict__) == self._size and self._current(view_class) == self._expected


# APIView's own hooks, recorded when restwell.views defines it (before any
# test can patch them): a patched APIView hook counts as an override.
_original_hooks: list[Any] = []


def record_original_hooks(base: type) -> None:
    """Remember ``base``'s hooks as the ones the fused cycle stands in for."""
    _original_hooks[:] = [getattr(base, name) for name in CYCLE_HOOKS]


def plan_for(view_class: type) -> ViewPlan:
    """Return the current plan of ``view_class``, computing it when missing or stale."""
    plan = view_class.__dict__.get(_PLAN_ATTR)
    if plan is not None and plan.is_current(view_class):
        return plan
    plan = ViewPlan(view_class)
    # type.__setattr__: a view class may define __setattr__ for its instances only.
    type.__setattr__(view_class, _PLAN_ATTR, plan)
    plan._size = len(view_class.__dict__)
    return plan


def can_fuse(plan: ViewPlan, view: Any) -> bool:
    """True when ``view`` may run the fused cycle of ``plan``."""
    # An instance attribute named like a hook (as_view(initkwargs), or set in
    # __init__) shadows the class's: take the general path, which calls it.
    return plan.fused and view.__dict__.keys().isdisjoint(_INSTANCE_HOOKS)


def _begin(view: Any, plan: ViewPlan, http_request: Any, args: Any, kwargs: Any) -> Request:
    # APIView._begin + initialize_request + get_parser_context + get_parsers +
    # get_authenticators + get_content_negotiator + default_response_headers,
    # in one frame. Policy attributes are read from the instance each time,
    # as the getters read them (initkwargs and override_settings reach them).
    view.args = args
    view.kwargs = kwargs
    parser_context = {"view": view, "args": args, "kwargs": kwargs}
    parsers = [parser() for parser in view.parser_classes]
    authenticators = [auth() for auth in view.authentication_classes]
    negotiator = getattr(view, "_negotiator", None)
    if not negotiator:
        negotiator = view._negotiator = view.content_negotiation_class()
    request = Request(
        http_request,
        parsers=parsers,
        authenticators=authenticators,
        negotiator=negotiator,
        parser_context=parser_context,
    )
    view.request = request
    # allowed_methods, computed once per class: the plan's handlers are those
    # the class defines (checked on every request), and View.setup() binds
    # only head; an instance that binds others (viewsets) is not fused.
    headers = {"Allow": plan.allow}
    if len(view.renderer_classes) > 1:
        headers["Vary"] = "Accept"
    view.headers = headers
    return request


def _negotiate(view: Any, request: Request, args: Any, kwargs: Any) -> None:
    # APIView._negotiate with get_format_suffix, perform_content_negotiation,
    # get_renderers and determine_version inlined.
    suffix_kwarg = view.settings.FORMAT_SUFFIX_KWARG
    view.format_kwarg = kwargs.get(suffix_kwarg) if suffix_kwarg else None
    renderers = [renderer() for renderer in view.renderer_classes]
    renderer, media_type = view._negotiator.select_renderer(request, renderers, view.format_kwarg)
    request.accepted_renderer = renderer
    request.accepted_media_type = media_type
    versioning_class = view.versioning_class
    if versioning_class is None:
        request.version = None
        request.versioning_scheme = None
    else:
        scheme = versioning_class()
        request.version = scheme.determine_version(request, *args, **kwargs)
        request.versioning_scheme = scheme


def _grants_all(permission_classes: Any) -> bool:
    # AllowAny has no state and its has_permission() always answers True, so
    # when it is the only class there is nothing to instantiate or ask. (A
    # loop: all() over a generator costs a frame per item on the hot path.)
    for permission_class in permission_classes:  # noqa: SIM110
        if permission_class is not AllowAny:
            return False
    return True


def _handler(view: Any, request: Request) -> Any:
    method = request.method.lower()
    if method in view.http_method_names:
        return getattr(view, method, view.http_method_not_allowed)
    return view.http_method_not_allowed


def _has_header(response: Any, lowered: str) -> bool:
    headers = response.headers
    if type(headers) is ResponseHeaders:
        return lowered in headers._store
    return lowered in headers


def _finalize(view: Any, request: Request, response: Any, args: Any, kwargs: Any) -> Any:
    # APIView.finalize_response with get_renderer_context inlined, for a
    # Response whose request was negotiated; anything else takes the hook.
    if not isinstance(response, Response) or "accepted_renderer" not in request.__dict__:
        response = view.finalize_response(request, response, *args, **kwargs)
    else:
        response.accepted_renderer = request.accepted_renderer
        response.accepted_media_type = request.accepted_media_type
        attrs = view.__dict__
        response.renderer_context = {
            "view": view,
            "args": attrs.get("args", ()),
            "kwargs": attrs.get("kwargs", {}),
            "request": attrs.get("request"),
        }
        headers = view.headers
        vary = headers.pop("Vary", None)
        # _has_header: "Vary" in response, without the KeyError that
        # CaseInsensitiveMapping raises and catches for a missing header.
        if vary == "Accept" and not _has_header(response, "vary"):
            set_header(response, "Vary", vary)
        elif vary is not None:
            patch_vary_headers(response, cc_delim_re.split(vary.strip()))
        for key, value in headers.items():
            set_header(response, key, value)
    view.response = response
    release_on_close(view, request, response)
    return response


def run_sync(view: Any, plan: ViewPlan, http_request: Any, args: Any, kwargs: Any) -> Any:
    """The fused ``dispatch``: the same steps as ``APIView.dispatch``."""
    request = _begin(view, plan, http_request, args, kwargs)
    try:
        _negotiate(view, request, args, kwargs)
        # perform_authentication: read request.user now, not lazily.
        if "_user" not in request.__dict__:
            request._authenticate()
        if not _grants_all(view.permission_classes):
            view.check_permissions(request)
        # check_throttles returns at once when there are no throttle classes
        # (no RateLimit-* headers either).
        if view.throttle_classes:
            view.check_throttles(request)
        response = _handler(view, request)(request, *args, **kwargs)
    except Exception as exc:
        response = view.handle_exception(exc)
    return _finalize(view, request, response, args, kwargs)


async def run_async(view: Any, plan: ViewPlan, http_request: Any, args: Any, kwargs: Any) -> Any:
    """The fused ``adispatch``: the same steps as ``APIView.adispatch``."""
    request = _begin(view, plan, http_request, args, kwargs)
    try:
        _negotiate(view, request, args, kwargs)
        if "_user" not in request.__dict__:
            await request._aauthenticate()
        if not _grants_all(view.permission_classes):
            await view.acheck_permissions(request)
        if view.throttle_classes:
            await view.acheck_throttles(request)
        handler = _handler(view, request)
        if inspect.iscoroutinefunction(handler):
            response = await handler(request, *args, **kwargs)
        else:
            # As in adispatch: a sync handler (options(), a user's sync
            # method) may touch the database, so it runs in a thread.
            response = await in_thread(handler, request, *args, **kwargs)
            if inspect.isawaitable(response):
                response = await response
    except Exception as exc:
        response = view.handle_exception(exc)
    return _finalize(view, request, response, args, kwargs)


async def in_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a sync callable in asgiref's thread, as Django runs sync views under ASGI."""
    from asgiref.sync import sync_to_async

    return await sync_to_async(func)(*args, **kwargs)
