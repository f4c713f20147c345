"""The fused request cycle (restwell/_plan.py).

Two promises are checked here: an override of any hook the fused cycle
stands in for still runs (on sync views through ``dispatch`` and on async
views through ``adispatch``, on the WSGI and the ASGI stack), and for views
that override nothing the fused and the general cycle answer every request
identically (status, headers, body, and the attributes tests read).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import path

from restwell import views as views_module
from restwell._plan import can_fuse, plan_for
from restwell.permissions import AllowAny, IsAuthenticated
from restwell.renderers import BrowsableAPIRenderer, JSONRenderer
from restwell.response import Response
from restwell.throttling import AnonRateThrottle
from restwell.versioning import QueryParameterVersioning
from restwell.views import APIView

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

CALLS: list[str] = []

ASYNC_HOOKS = {"ainitial", "aperform_authentication", "acheck_permissions", "acheck_throttles"}
PROPERTIES = {"default_response_headers", "allowed_methods"}


class SyncHello(APIView):
    def get(self, request: Any) -> Response:
        return Response({"hello": "world"})


class AsyncHello(APIView):
    async def get(self, request: Any) -> Response:
        return Response({"hello": "world"})


def _override(name: str) -> Any:
    """An override of the hook ``name`` that records the call and runs APIView's."""
    original = getattr(APIView, name)
    if name in PROPERTIES:
        return property(lambda self: (CALLS.append(name), original.fget(self))[1])
    if name in ASYNC_HOOKS:

        async def async_hook(self: Any, *args: Any, **kwargs: Any) -> Any:
            CALLS.append(name)
            return await original(self, *args, **kwargs)

        return async_hook

    def hook(self: Any, *args: Any, **kwargs: Any) -> Any:
        CALLS.append(name)
        return original(self, *args, **kwargs)

    return hook


# Every APIView hook the request cycle calls, listed here rather than taken
# from restwell._plan so that a hook dropped from CYCLE_HOOKS fails its test.
HOOKS = [
    "setup",
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
]

HOOK_CASES = [
    (name, kind)
    for name in HOOKS
    for kind in ("sync", "async")
    if not (name in ASYNC_HOOKS and kind == "sync")  # a sync view never awaits them
]

urlpatterns = [path("hello/", SyncHello.as_view()), path("ahello/", AsyncHello.as_view())]
for _name, _kind in HOOK_CASES:
    _base = SyncHello if _kind == "sync" else AsyncHello
    _cls = type("%s_%s" % (_kind, _name), (_base,), {_name: _override(_name)})
    urlpatterns.append(path("hook/%s/%s/" % (_kind, _name), _cls.as_view()))


@pytest.mark.parametrize(("name", "kind"), HOOK_CASES)
def test_an_override_of_each_hook_runs(api_client, name, kind):
    CALLS.clear()
    response = api_client.get("/hook/%s/%s/" % (kind, name), headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.content == b'{"hello":"world"}'
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert name in CALLS


def test_plain_views_are_fused_and_overriding_ones_are_not():
    assert plan_for(SyncHello).fused is True
    assert plan_for(AsyncHello).fused is True
    override = type("Override", (SyncHello,), {"check_permissions": _override("check_permissions")})
    plan = plan_for(override)
    assert plan.fused is False
    assert plan.reason == "overrides check_permissions"


@pytest.mark.parametrize(("url", "hook"), [("/hello/", "check_permissions"), ("/ahello/", "acheck_permissions")])
def test_a_hook_patched_on_apiview_after_the_first_request_runs(api_client, url, hook):
    assert api_client.get(url).status_code == 200
    with mock.patch.object(APIView, hook, _override(hook)):
        CALLS.clear()
        response = api_client.get(url)
    assert response.status_code == 200
    assert [hook] == CALLS
    CALLS.clear()
    api_client.get(url)
    assert CALLS == []


def test_a_handler_added_to_the_class_later_shows_in_allow(api_client):
    class Later(APIView):
        def get(self, request: Any) -> Response:
            return Response({"hello": "world"})

    view = Later.as_view()
    from restwell.test import APIRequestFactory

    factory = APIRequestFactory()
    assert view(factory.get("/"))["Allow"] == "GET, HEAD, OPTIONS"
    Later.post = lambda self, request: Response({"posted": True})  # type: ignore[attr-defined]
    assert view(factory.get("/"))["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_an_instance_attribute_shadowing_a_hook_takes_the_general_path():
    from restwell.test import APIRequestFactory

    class Shadowed(SyncHello):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.perform_authentication = lambda request: CALLS.append("instance hook")

    CALLS.clear()
    view = Shadowed()
    assert can_fuse(plan_for(Shadowed), view) is False
    response = Shadowed.as_view()(APIRequestFactory().get("/"))
    assert response.status_code == 200
    assert CALLS == ["instance hook"]


# -- the fused and the general cycle answer alike ---------------------------


class Echo(APIView):
    def get(self, request: Any) -> Response:
        return Response({"query": request.query_params.dict(), "user": str(request.user)})

    def post(self, request: Any) -> Response:
        return Response({"received": request.data}, status=201)


class Protected(APIView):
    permission_classes = [AllowAny, IsAuthenticated]

    def get(self, request: Any) -> Response:
        return Response({"secret": True})


class Throttled(APIView):
    throttle_classes = [AnonRateThrottle]

    def get(self, request: Any) -> Response:
        return Response({"ok": True})


class Versioned(APIView):
    versioning_class = QueryParameterVersioning

    def get(self, request: Any) -> Response:
        return Response({"version": request.version})


class Boom(APIView):
    def get(self, request: Any) -> Response:
        raise RuntimeError("boom")


class VaryCookie(APIView):
    def get(self, request: Any) -> Response:
        return Response({"ok": True}, headers={"Vary": "Cookie", "X-Extra": "1"})


class Plain(APIView):
    def get(self, request: Any) -> Any:
        from django.http import HttpResponse

        return HttpResponse(b"plain", content_type="text/plain")


def _async_twin(cls: type) -> type:
    handlers = {}
    for method in ("get", "post"):
        if method in cls.__dict__:
            sync_handler = cls.__dict__[method]

            async def handler(self: Any, request: Any, _sync: Any = sync_handler) -> Any:
                return _sync(self, request)

            handlers[method] = handler
    return type("Async" + cls.__name__, (cls,), handlers)


SAME_VIEWS = [Echo, Protected, Throttled, Versioned, Boom, VaryCookie, Plain]
for _view in SAME_VIEWS:
    urlpatterns.append(path("same/%s/" % _view.__name__.lower(), _view.as_view()))
    urlpatterns.append(path("asame/%s/" % _view.__name__.lower(), _async_twin(_view).as_view()))

BAD_BASIC = "Basic Ym9iOnNlY3JldA=="
REQUESTS = [
    ("get", "echo/", {}, {"Accept": "application/json"}),
    ("get", "echo/?a=1", {}, {}),
    ("get", "echo/", {}, {"Accept": "application/json; indent=2"}),
    ("get", "echo/", {}, {"Accept": "text/html"}),
    ("get", "echo/", {}, {"Accept": "application/xml"}),
    ("get", "echo/?format=json", {}, {"Accept": "text/html"}),
    ("get", "echo/?format=nope", {}, {}),
    ("get", "echo/", {}, {"Authorization": BAD_BASIC}),
    ("head", "echo/", {}, {"Accept": "application/json"}),
    ("options", "echo/", {}, {"Accept": "application/json"}),
    ("put", "echo/", {}, {"Accept": "application/json"}),
    ("post", "echo/", {"data": b'{"a": [1, 2]}', "content_type": "application/json"}, {}),
    ("post", "echo/", {"data": b'{"a": ', "content_type": "application/json"}, {}),
    ("post", "echo/", {"data": b"<a/>", "content_type": "application/xml"}, {}),
    ("post", "echo/", {"data": {"a": "1"}}, {}),
    ("get", "protected/", {}, {"Accept": "application/json"}),
    ("get", "protected/", {}, {"Authorization": BAD_BASIC}),
    ("get", "throttled/", {}, {"Accept": "application/json"}),
    ("get", "versioned/?version=v1", {}, {"Accept": "application/json"}),
    ("get", "boom/", {}, {"Accept": "application/json"}),
    ("get", "varycookie/", {}, {"Accept": "application/json"}),
    ("get", "plain/", {}, {"Accept": "application/json"}),
]


def _observed(response: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {
        "status": response.status_code,
        "headers": sorted(response.items()),
    }
    if not response.get("Content-Type", "").startswith("text/html"):
        # The browsable page carries a fresh CSRF token on each request.
        seen["body"] = response.content
    context = getattr(response, "renderer_context", None)
    if context is not None:
        request = context["request"]
        seen["context"] = sorted(key for key in context if key != "response")
        seen["renderer"] = type(response.accepted_renderer).__name__
        seen["media_type"] = response.accepted_media_type
        # A refused negotiation (406, 404) leaves the version unset on both paths.
        attrs = request.__dict__
        seen["request"] = (
            type(request.accepted_renderer).__name__,
            request.accepted_media_type,
            attrs.get("version", "unset"),
            type(attrs.get("versioning_scheme")).__name__,
            str(attrs.get("_user", "unset")),
            attrs.get("_auth", "unset"),
            [type(a).__name__ for a in request.authenticators],
            [type(p).__name__ for p in request.parsers],
        )
        view = context["view"]
        seen["view"] = (view.format_kwarg, sorted(view.headers.items()), view.args, view.kwargs)
    return seen


@pytest.mark.parametrize("prefix", ["same", "asame"])
@pytest.mark.parametrize(("method", "url", "body", "headers"), REQUESTS)
def test_fused_and_general_cycles_answer_alike(api_client, monkeypatch, prefix, method, url, body, headers):
    fused_runs: list[str] = []
    for name in ("run_sync", "run_async"):
        original = getattr(views_module, name)

        def spy(*args: Any, _original: Any = original, _name: str = name) -> Any:
            fused_runs.append(_name)
            return _original(*args)

        monkeypatch.setattr(views_module, name, spy)

    # The 500 is the answer compared, not an exception for the test client to re-raise.
    getattr(api_client, "_client", api_client).raise_request_exception = False

    def send() -> dict[str, Any]:
        cache.clear()  # the throttle counts from zero on both runs
        return _observed(getattr(api_client, method)("/%s/%s" % (prefix, url), headers=headers, **body))

    fused = send()
    assert fused_runs == ["run_sync" if prefix == "same" else "run_async"]
    monkeypatch.setattr(views_module, "can_fuse", lambda plan, view: False)
    general = send()
    assert fused_runs == ["run_sync" if prefix == "same" else "run_async"]
    assert fused == general


# -- policy attributes read from the settings directly ----------------------


class _Intermediate(APIView):
    pass


class _Leaf(_Intermediate):
    def get(self, request: Any) -> Response:
        return Response({"hello": "world"})


def _get(view: Any, **extra: Any) -> Any:
    from restwell.test import APIRequestFactory

    return view(APIRequestFactory().get("/", **extra))


def test_policies_follow_override_settings(settings):
    view = _Leaf.as_view()
    assert _get(view).status_code == 200
    settings.REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["restwell.permissions.IsAuthenticated"]}
    assert _get(view).status_code == 403
    assert plan_for(_Leaf).policy_source == (
        "lambda view, settings: (settings.DEFAULT_RENDERER_CLASSES, settings.DEFAULT_PARSER_CLASSES, "
        "settings.DEFAULT_AUTHENTICATION_CLASSES, settings.DEFAULT_PERMISSION_CLASSES, "
        "settings.DEFAULT_THROTTLE_CLASSES, settings.DEFAULT_CONTENT_NEGOTIATION_CLASS, "
        "settings.DEFAULT_VERSIONING_CLASS,)"
    )


@pytest.mark.parametrize("owner", [_Leaf, _Intermediate, APIView])
def test_a_policy_assigned_on_any_class_after_the_first_request_is_used(owner):
    view = _Leaf.as_view()
    assert _get(view).status_code == 200
    with mock.patch.object(owner, "permission_classes", [IsAuthenticated], create=True):
        assert _get(view).status_code == 403
    assert _get(view).status_code == 200


def test_a_policy_given_to_as_view_is_used():
    view = _Leaf.as_view(permission_classes=[IsAuthenticated])
    assert _get(view).status_code == 403
    assert _get(_Leaf.as_view()).status_code == 200


def test_a_policy_declared_on_the_class_is_read_from_the_class():
    class Declared(APIView):
        renderer_classes = [JSONRenderer]

        def get(self, request: Any) -> Response:
            return Response({"hello": "world"})

    assert "view.renderer_classes" in plan_for(Declared).policy_source
    response = _get(Declared.as_view(), HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    Declared.renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    response = _get(Declared.as_view(), HTTP_ACCEPT="text/html")
    assert response.status_code == 200


def test_as_view_marks_the_view_itself_csrf_exempt():
    view = SyncHello.as_view()
    assert view.csrf_exempt is True
    assert view.view_class is SyncHello
    assert not hasattr(view, "__wrapped__")  # no wrapper call on each request
