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

The plan is checked against the classes on every request (the hooks looked
up in the few class dicts that hold them, compared by identity, and the
sizes of the dicts of the classes before them), so a hook replaced or added
later on the view class or a base, ``mock.patch`` included, takes effect at
once. Nothing in a plan depends on settings: policy attributes are read on
every request, so ``override_settings`` needs no invalidation.

Not fused, by design: view classes that override a hook (viewsets override
``initialize_request``), and instances given a hook or handler of their own.
"""

from __future__ import annotations

import inspect
import operator
from functools import partial
from operator import attrgetter, itemgetter
from typing import Any

from django.http.response import ResponseHeaders
from django.utils.cache import cc_delim_re, patch_vary_headers  # type: ignore[attr-defined]  # not in django-stubs

from restwell import settings as _settings_module
from restwell._release import _release as release
from restwell._release import release_on_close
from restwell.authentication import no_credentials
from restwell.permissions import AllowAny
from restwell.request import Request
from restwell.response import Response, set_header
from restwell.settings import api_setting

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


# The policy attributes the cycle reads, in the order it reads them.
POLICIES: tuple[str, ...] = (
    "renderer_classes",
    "parser_classes",
    "authentication_classes",
    "permission_classes",
    "throttle_classes",
    "content_negotiation_class",
    "versioning_class",
)
_read_policies = attrgetter(*POLICIES)

# Calls each class of a list: C-level, where a list comprehension is a frame.
_instantiate: Any = getattr(operator, "call", lambda cls: cls())


def _stored(name: str, value: str) -> Any:
    # What ResponseHeaders stores for ``name: value``, after Django's checks.
    headers = ResponseHeaders(None)  # type: ignore[arg-type]  # None: no headers (stubs gap)
    headers[name] = value
    return headers._store[name.lower()]


_VARY_ACCEPT = _stored("Vary", "Accept")


class ViewPlan:
    """What the request cycle needs to know about one view class."""

    __slots__ = (
        "view_class",
        "fused",
        "reason",
        "allow",
        "default_headers",
        "allow_stored",
        "is_async",
        "policy_source",
        "_read_settings",
        "_settings_backed",
        "_watch",
        "_sizes",
    )

    def __init__(self, view_class: type[Any]) -> None:
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
        self.default_headers = {"Allow": self.allow, "Vary": "Accept"}
        self.allow_stored = _stored("Allow", self.allow)
        self.is_async = bool(view_class.view_is_async)
        backed = self._plan_policies(view_class)
        # What the plan relies on, checked on every request by is_current():
        # the classes that define the hooks, http_method_names and the policy
        # descriptors still hold the same objects under those names (a
        # replacement, mock.patch included, shows), and no class before them
        # in the MRO gained or lost a name (that changes the size of its
        # __dict__: a hook, handler or policy added to the view class or a
        # base). Lookups in a few class dicts, not attribute lookups through
        # the MRO, which cost far more.
        mro = view_class.__mro__
        by_owner: dict[type, list[str]] = {}
        for name in (*CYCLE_HOOKS, "http_method_names", *backed):
            owner = next(klass for klass in mro if name in klass.__dict__)
            by_owner.setdefault(owner, []).append(name)
        self._watch = tuple(
            (owner, itemgetter(*names), itemgetter(*names)(owner.__dict__))
            for owner, names in by_owner.items()
        )
        self._sizes: tuple[tuple[type, int], ...] = ()  # set by seal(), once stored

    def seal(self) -> None:
        """Record the sizes of the class dicts ``is_current()`` compares."""
        mro = self.view_class.__mro__
        last = max(mro.index(owner) for owner, _getter, _expected in self._watch)
        self._sizes = tuple((klass, len(klass.__dict__)) for klass in mro[: last + 1])

    def _plan_policies(self, view_class: type) -> list[str]:
        # The policy attributes APIView declares are api_setting descriptors:
        # reading one calls a Python __get__ that reads api_settings. Where
        # the class inherits the descriptor from APIView itself, the cycle
        # reads the setting directly, in one generated function; the other
        # attributes are read from the view as usual. policy_source holds the
        # function's source.
        mro = view_class.__mro__
        parts = []
        backed = []
        for name in POLICIES:
            owner = next(klass for klass in mro if name in klass.__dict__)
            raw = owner.__dict__[name]
            if owner is _base[0] and isinstance(raw, api_setting):
                parts.append("settings.%s" % raw.name)
                backed.append(name)
            else:
                parts.append("view.%s" % name)
        self.policy_source = "lambda view, settings: (%s,)" % ", ".join(parts)
        self._read_settings = eval(self.policy_source)  # noqa: S307 - our own text above
        self._settings_backed = bool(backed)
        return backed

    def is_current(self) -> bool:
        """True while the classes still hold what the plan was computed from."""
        return _is_current(self)


# APIView's own hooks, recorded when restwell.views defines it (before any
# test can patch them): a patched APIView hook counts as an override.
_original_hooks: list[Any] = []
_base: list[type] = []


def record_original_hooks(base: type) -> None:
    """Remember ``base``'s hooks as the ones the fused cycle stands in for."""
    _original_hooks[:] = [getattr(base, name) for name in CYCLE_HOOKS]
    _base[:] = [base]


def _is_current(plan: ViewPlan) -> bool:
    for klass, size in plan._sizes:
        if len(klass.__dict__) != size:
            return False
    for owner, current, expected in plan._watch:  # noqa: SIM110 - no generator frame
        if current(owner.__dict__) != expected:
            return False
    return True


def plan_for(view_class: type) -> ViewPlan:
    """Return the current plan of ``view_class``, computing it when missing or stale."""
    plan = view_class.__dict__.get(_PLAN_ATTR)
    if plan is not None:
        # _is_current(), inlined: this runs on every request.
        for klass, size in plan._sizes:
            if len(klass.__dict__) != size:
                break
        else:
            for owner, current, expected in plan._watch:
                if current(owner.__dict__) != expected:
                    break
            else:
                return plan
    plan = ViewPlan(view_class)
    # type.__setattr__: a view class may define __setattr__ for its instances only.
    type.__setattr__(view_class, _PLAN_ATTR, plan)
    plan.seal()
    return plan


def can_fuse(plan: ViewPlan, view: Any) -> bool:
    """True when ``view`` may run the fused cycle of ``plan``."""
    # An instance attribute named like a hook (as_view(initkwargs), or set in
    # __init__) shadows the class's: take the general path, which calls it.
    return plan.fused and view.__dict__.keys().isdisjoint(_INSTANCE_HOOKS)


def _prepare(
    view: Any, plan: ViewPlan, http_request: Any, args: Any, kwargs: Any
) -> tuple[Request, tuple[Any, ...], Any, Exception | None]:
    # The I/O-free start of both cycles, in one frame: APIView._begin with
    # initialize_request, get_parser_context, get_parsers, get_authenticators,
    # get_content_negotiator and default_response_headers; then _negotiate
    # with get_format_suffix, perform_content_negotiation, get_renderers and
    # determine_version; the handler lookup; and authentication when its
    # outcome is known without I/O. Policy attributes are read once per
    # request, as the getters read them (initkwargs and override_settings
    # reach them). An error after _begin's part is returned, for the caller
    # to raise where dispatch catches it.
    # The policy attributes, in the order of POLICIES: through the plan's
    # generated reader (see ViewPlan._plan_policies), from the module's
    # api_settings as api_setting reads it; all from the view when the
    # instance has some of its own (as_view(initkwargs)).
    if plan._settings_backed and view.__dict__.keys().isdisjoint(POLICIES):
        policies = plan._read_settings(view, _settings_module.api_settings)
    else:
        policies = _read_policies(view)
    view.args = args
    view.kwargs = kwargs
    parser_context = {"view": view, "args": args, "kwargs": kwargs}
    parsers = list(map(_instantiate, policies[1]))
    authenticators = list(map(_instantiate, policies[2]))
    negotiator = getattr(view, "_negotiator", None)
    if not negotiator:
        negotiator = view._negotiator = policies[5]()
    request = Request(
        http_request,
        parsers=parsers,
        authenticators=authenticators,
        negotiator=negotiator,
        parser_context=parser_context,
    )
    view.request = request
    # allowed_methods, computed once per class (see ViewPlan): View.setup()
    # binds only head, and an instance that binds others is not fused.
    headers = {"Allow": plan.allow}
    if len(policies[0]) > 1:
        headers["Vary"] = "Accept"
    view.headers = headers
    try:
        suffix_kwarg = view.settings.FORMAT_SUFFIX_KWARG
        view.format_kwarg = kwargs.get(suffix_kwarg) if suffix_kwarg else None
        renderers = list(map(_instantiate, policies[0]))
        renderer, media_type = negotiator.select_renderer(request, renderers, view.format_kwarg)
        request.accepted_renderer = renderer
        request.accepted_media_type = media_type
        versioning_class = policies[6]
        if versioning_class is None:
            request.version = None
            request.versioning_scheme = None
        else:
            scheme = versioning_class()
            request.version = scheme.determine_version(request, *args, **kwargs)
            request.versioning_scheme = scheme
        # _handler_for (the method is the HttpRequest's: nothing has
        # overridden it on this new Request).
        method = http_request.method.lower()
        if method in view.http_method_names:
            handler = getattr(view, method, view.http_method_not_allowed)
        else:
            handler = view.http_method_not_allowed
        # perform_authentication reads request.user now. When no
        # authenticator can find credentials, trying each in turn is known
        # to end unauthenticated (no_credentials() says when).
        # (request.authenticators: forced authentication replaces the list.)
        if "_user" not in request.__dict__ and no_credentials(request.authenticators, http_request):
            request._not_authenticated()
    except Exception as exc:
        return request, policies, None, exc
    return request, policies, handler, None


def _has_header(response: Any, lowered: str) -> bool:
    headers = response.headers
    if type(headers) is ResponseHeaders:
        return lowered in headers._store
    return lowered in headers


def _finalize(
    view: Any, plan: ViewPlan, request: Request, response: Any, args: Any, kwargs: Any
) -> Any:
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
        store = response.headers._store if type(response.headers) is ResponseHeaders else None
        if store is not None and "vary" not in store and headers == plan.default_headers:
            # The view's own two headers, unchanged by the handler, on a
            # response without Vary: store what the general code below stores
            # (Vary, then Allow), from values Django checked once per plan.
            del headers["Vary"]
            store["vary"] = _VARY_ACCEPT
            store["allow"] = plan.allow_stored
        else:
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
    if type(response) is Response and type(response._resource_closers) is list:
        # release_on_close() inlined for the common case.
        response._resource_closers.append(partial(release, view, request, response))
    else:
        release_on_close(view, request, response)
    return response


def run_sync(view: Any, plan: ViewPlan, http_request: Any, args: Any, kwargs: Any) -> Any:
    """The fused ``dispatch``: the same steps as ``APIView.dispatch``."""
    request, policies, handler, error = _prepare(view, plan, http_request, args, kwargs)
    try:
        if error is not None:
            raise error
        if "_user" not in request.__dict__:
            request._authenticate()
        # AllowAny has no state and its has_permission() always answers
        # True: with only AllowAny there is nothing to instantiate or ask.
        for permission_class in policies[3]:
            if permission_class is not AllowAny:
                view.check_permissions(request)
                break
        # check_throttles returns at once when there are no throttle classes
        # (no RateLimit-* headers either).
        if policies[4]:
            view.check_throttles(request)
        response = handler(request, *args, **kwargs)
    except Exception as exc:
        response = view.handle_exception(exc)
    return _finalize(view, plan, request, response, args, kwargs)


async def run_async(view: Any, plan: ViewPlan, http_request: Any, args: Any, kwargs: Any) -> Any:
    """The fused ``adispatch``: the same steps as ``APIView.adispatch``."""
    request, policies, handler, error = _prepare(view, plan, http_request, args, kwargs)
    try:
        if error is not None:
            raise error
        if "_user" not in request.__dict__:
            await request._aauthenticate()
        for permission_class in policies[3]:  # as in run_sync
            if permission_class is not AllowAny:
                await view.acheck_permissions(request)
                break
        if policies[4]:
            await view.acheck_throttles(request)
        response = await call_handler(handler, request, args, kwargs)
    except Exception as exc:
        response = view.handle_exception(exc)
    return _finalize(view, plan, request, response, args, kwargs)


async def call_handler(handler: Any, request: Any, args: Any, kwargs: Any) -> Any:
    """Await an async handler; run a sync one in a thread.

    A sync handler on an async view is ``options()`` or a user's sync method:
    it may touch the database, so it must not run on the event loop.
    """
    if inspect.iscoroutinefunction(handler):
        return await handler(request, *args, **kwargs)
    response = await in_thread(handler, request, *args, **kwargs)
    if inspect.isawaitable(response):
        response = await response
    return response


async def in_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a sync callable in asgiref's thread, as Django runs sync views under ASGI."""
    from asgiref.sync import sync_to_async

    return await sync_to_async(func)(*args, **kwargs)
