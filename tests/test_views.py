"""The request cycle of APIView, on the WSGI and the ASGI stack, with sync and async views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, models
from django.http import Http404
from django.test import override_settings
from django.urls import path

from restwell import exceptions
from restwell.authentication import BasicAuthentication, SessionAuthentication
from restwell.permissions import BasePermission, IsAuthenticated
from restwell.response import Response
from restwell.throttling import BaseThrottle
from restwell.views import APIView

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class ViewsThing(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)

    def clean(self):
        if ViewsThing.objects.filter(name=self.name).exists():
            raise DjangoValidationError({"name": ["Name taken."]})


class Echo(APIView):
    authentication_classes = []

    def get(self, request, *args, **kwargs):
        return Response({"method": "GET", "query": request.query_params.get("q")})

    def post(self, request, *args, **kwargs):
        return Response({"received": request.data}, status=201)


class AsyncEcho(APIView):
    authentication_classes = []

    async def get(self, request, *args, **kwargs):
        return Response({"method": "GET", "query": request.query_params.get("q")})

    async def post(self, request, *args, **kwargs):
        return Response({"received": request.data}, status=201)


class Raises(APIView):
    authentication_classes = []
    errors = {
        "404": Http404(),
        "403": DjangoPermissionDenied(),
        "boom": ZeroDivisionError("division by zero in secret_function"),
        "api": exceptions.APIException(),
    }

    def get(self, request, kind):
        raise self.errors[kind]


class AsyncRaises(Raises):
    async def get(self, request, kind):
        raise self.errors[kind]


class Protected(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"user": request.user.username})


class ProtectedBasic(Protected):
    authentication_classes = [BasicAuthentication]


class AsyncProtectedBasic(ProtectedBasic):
    async def get(self, request):
        return Response({"user": request.user.username})


class NeverThrottle(BaseThrottle):
    def allow_request(self, request, view):
        return False

    def wait(self):
        return 12.2


class Throttled(Echo):
    throttle_classes = [NeverThrottle]


class AsyncThrottled(AsyncEcho):
    throttle_classes = [NeverThrottle]


class UsesDatabasePermission(BasePermission):
    """A permission that queries the database: on the async path it must run in a thread."""

    message = "Only when a user named admin exists."

    def has_permission(self, request, view):
        return User.objects.filter(username="admin").exists()


class AsyncDbPermission(AsyncEcho):
    permission_classes = [UsesDatabasePermission]


class SyncInitialOverride(AsyncEcho):
    """A sync override of initial() must still run for an async view."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        request.marker = "initial ran"

    async def get(self, request, *args, **kwargs):
        return Response({"marker": request.marker})


class CreateThing(APIView):
    authentication_classes = []

    def post(self, request):
        ViewsThing.objects.create(name="first-" + request.data["name"])
        ViewsThing(name=request.data["name"]).save()
        return Response({"ok": True}, status=201)


urlpatterns = [
    path("echo/", Echo.as_view()),
    path("aecho/", AsyncEcho.as_view()),
    path("raises/<str:kind>/", Raises.as_view()),
    path("araises/<str:kind>/", AsyncRaises.as_view()),
    path("protected/", Protected.as_view()),
    path("protected-basic/", ProtectedBasic.as_view()),
    path("aprotected-basic/", AsyncProtectedBasic.as_view()),
    path("throttled/", Throttled.as_view()),
    path("athrottled/", AsyncThrottled.as_view()),
    path("adbperm/", AsyncDbPermission.as_view()),
    path("ainitial/", SyncInitialOverride.as_view()),
    path("things/", CreateThing.as_view()),
]

ECHO = ["/echo/", "/aecho/"]


@pytest.mark.parametrize("url", ECHO)
def test_get_renders_json(api_client, url):
    response = api_client.get(url + "?q=hi", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"method":"GET","query":"hi"}'
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert response["Vary"] == "Accept"


@pytest.mark.parametrize("url", ECHO)
def test_post_json_is_parsed(api_client, url):
    response = api_client.post(url, b'{"a": [1, 2.5, "x", null]}', content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"received": {"a": [1, 2.5, "x", None]}}


@pytest.mark.parametrize("url", ECHO)
def test_post_form_is_parsed(api_client, url):
    response = api_client.post(url, {"a": "1"}, headers={"Accept": "application/json"})
    assert response.status_code == 201
    # A QueryDict renders one value per key (its items()), as in DRF.
    assert response.json() == {"received": {"a": "1"}}


@pytest.mark.parametrize("url", ECHO)
def test_method_not_allowed(api_client, url):
    response = api_client.delete(url, headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


@pytest.mark.parametrize("url", ECHO)
def test_unsupported_media_type_is_415_and_body_not_parsed(api_client, url):
    """C25: JSON text sent as text/plain is refused, never parsed as JSON."""
    response = api_client.post(url, b'{"a": 1}', content_type="text/plain")
    assert response.status_code == 415
    assert response.json() == {"detail": 'Unsupported media type "text/plain" in request.'}


@pytest.mark.parametrize("url", ECHO)
@pytest.mark.parametrize("accept", ["application/xml", "application"])
def test_unsatisfiable_accept_is_406(api_client, url, accept):
    """C25: an Accept header no renderer satisfies, or a malformed one, is a 406."""
    response = api_client.get(url, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.json() == {"detail": "Could not satisfy the request Accept header."}


@pytest.mark.parametrize("url", ECHO)
def test_unknown_format_query_is_404(api_client, url):
    """C25: ?format=yaml with no YAML renderer."""
    response = api_client.get(url + "?format=yaml")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("url", ECHO)
def test_indent_from_accept_is_capped(api_client, url):
    """C25: ``indent=100`` in the Accept header is capped at 8."""
    response = api_client.get(url, headers={"Accept": "application/json; indent=100"})
    assert response.status_code == 200
    assert response.content.decode() == '{\n        "method": "GET",\n        "query": null\n}'


@pytest.mark.parametrize("url", ECHO)
@pytest.mark.parametrize(
    "body",
    [b'{"a":', b'{"x": NaN}', b'{"x": Infinity}', b'{"a":"\xff"}', b"[" * 100 + b"]" * 100],
)
def test_malformed_json_is_400(api_client, url, body):
    """C23: malformed, non-finite, badly encoded and too deeply nested bodies are 400s."""
    response = api_client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error - ")


@pytest.mark.parametrize("url", ECHO)
def test_empty_json_body_parses_as_empty_dict(api_client, url):
    """C23: an empty body with a JSON Content-Type is ``{}``."""
    response = api_client.post(url, b"", content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"received": {}}


@pytest.mark.parametrize("prefix", ["/raises/", "/araises/"])
@pytest.mark.parametrize(
    ("kind", "status_code", "body"),
    [
        ("404", 404, {"detail": "Not found."}),
        ("403", 403, {"detail": "You do not have permission to perform this action."}),
        ("api", 500, {"detail": "A server error occurred."}),
    ],
)
def test_django_exceptions_are_mapped(api_client, prefix, kind, status_code, body):
    """C29: Http404 and Django's PermissionDenied become DRF-shaped errors."""
    response = api_client.get(prefix + kind + "/", headers={"Accept": "application/json"})
    assert response.status_code == status_code
    assert response.json() == body


@pytest.mark.parametrize("prefix", ["/raises/", "/araises/"])
def test_unhandled_exception_is_a_generic_json_500(prefix):
    """C29: no traceback, SQL or exception text; the error still reaches Django's signal."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get(prefix + "boom/", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A server error occurred."}
    assert b"secret_function" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("prefix", ["/raises/", "/araises/"])
def test_unhandled_exception_propagates_under_debug(prefix):
    from django.test import Client

    with override_settings(DEBUG=True), pytest.raises(ZeroDivisionError):
        Client().get(prefix + "boom/", headers={"Accept": "application/json"})


def test_django_validation_error_in_save_is_400_and_rolled_back(client):
    """C29: full_clean() in save() raising a Django ValidationError → 400; nothing written."""
    ViewsThing.objects.bulk_create([ViewsThing(name="taken")])
    connection.settings_dict["ATOMIC_REQUESTS"] = True
    try:
        response = client.post("/things/", {"name": "taken"}, headers={"Accept": "application/json"})
    finally:
        connection.settings_dict["ATOMIC_REQUESTS"] = False
    assert response.status_code == 400
    assert response.json() == {"name": ["Name taken."]}
    assert list(ViewsThing.objects.values_list("name", flat=True)) == ["taken"]


def test_session_only_permission_failure_is_403(api_client):
    response = api_client.get("/protected/", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert "WWW-Authenticate" not in response


@pytest.mark.parametrize("url", ["/protected-basic/", "/aprotected-basic/"])
def test_basic_permission_failure_is_401_with_challenge(api_client, url):
    response = api_client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == 'Basic realm="api"'


@pytest.mark.parametrize("url", ["/protected-basic/", "/aprotected-basic/"])
def test_basic_authentication_succeeds(api_client, url):
    import base64

    User.objects.create_user("alice", password="pw")
    credentials = base64.b64encode(b"alice:pw").decode()
    response = api_client.get(
        url, headers={"Accept": "application/json", "Authorization": "Basic " + credentials}
    )
    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


@pytest.mark.parametrize("url", ["/throttled/", "/athrottled/"])
def test_throttled_is_429_with_retry_after(api_client, url):
    response = api_client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 429
    assert response.json() == {"detail": "Request was throttled. Expected available in 13 seconds."}
    assert response["Retry-After"] == "13"


def test_async_view_runs_database_permission_in_a_thread(api_client):
    response = api_client.get("/adbperm/", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only when a user named admin exists."}
    User.objects.create_user("admin")
    response = api_client.get("/adbperm/", headers={"Accept": "application/json"})
    assert response.status_code == 200


def test_sync_override_of_initial_runs_for_async_view(api_client):
    response = api_client.get("/ainitial/", headers={"Accept": "application/json"})
    assert response.json() == {"marker": "initial ran"}


def test_mixing_sync_and_async_handlers_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    class Mixed(APIView):
        def get(self, request):
            return Response()

        async def post(self, request):
            return Response()

    with pytest.raises(ImproperlyConfigured, match="must either be all sync or all async"):
        Mixed.as_view()


def test_returning_a_non_response_is_a_clear_error():
    from restwell.test import APIRequestFactory

    class Bad(APIView):
        def get(self, request):
            return {"not": "a response"}

    with pytest.raises(
        TypeError, match="Expected a `Response`, `HttpResponse` or `StreamingHttpResponse`"
    ):
        Bad.as_view()(APIRequestFactory().get("/"))


def test_queryset_attribute_cannot_be_evaluated_directly():
    class WithQueryset(APIView):
        queryset = ViewsThing.objects.all()

    WithQueryset.as_view()
    with pytest.raises(RuntimeError, match="Do not evaluate the `.queryset` attribute directly"):
        list(WithQueryset.queryset)


class OnePerMinute(Echo):
    from restwell.throttling import AnonRateThrottle as _Anon

    class throttle(_Anon):
        rate = "1/min"

    throttle_classes = [throttle]


class AsyncOnePerMinute(AsyncEcho):
    throttle_classes = OnePerMinute.throttle_classes


urlpatterns += [path("one/", OnePerMinute.as_view()), path("aone/", AsyncOnePerMinute.as_view())]


@pytest.mark.parametrize("url", ["/one/", "/aone/"])
def test_rate_limit_headers_on_success_and_on_429(api_client, url):
    from django.core.cache import cache

    cache.clear()
    first = api_client.get(url, headers={"Accept": "application/json"})
    assert first.status_code == 200
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("1", "0")
    second = api_client.get(url, headers={"Accept": "application/json"})
    assert second.status_code == 429
    assert second["RateLimit-Remaining"] == "0"
    assert 0 < int(second["Retry-After"]) <= 60
    assert second.json()["detail"].startswith("Request was throttled. Expected available in ")
    cache.clear()


@pytest.mark.parametrize("url", ["/protected/", "/aprotected-basic/"])
def test_permission_denial_is_logged_without_secrets(api_client, url, caplog):
    caplog.set_level("WARNING", logger="restwell.security")
    api_client.get(url, headers={"Accept": "application/json", "Authorization": "Basic Ym9iOnNlY3JldA=="})
    lines = [r.getMessage() for r in caplog.records if r.name == "restwell.security"]
    assert lines, "no restwell.security line"
    assert all("secret" not in line and "Ym9i" not in line for line in lines)


def test_close_frees_the_view_without_the_cycle_collector():
    import gc
    import weakref

    from restwell.test import APIRequestFactory

    class Hello(APIView):
        def get(self, request):
            return Response({"hello": "world"})

    response = Hello.as_view()(APIRequestFactory().get("/"))
    response.render()
    view = response.renderer_context["view"]
    view_ref, request_ref = weakref.ref(view), weakref.ref(view.request)
    assert response.renderer_context["response"] is response
    gc.disable()
    try:
        response.close()
        # What a test reads after close() is still there.
        assert response.data == {"hello": "world"}
        assert response.renderer_context["view"] is view
        assert response.renderer_context["request"] is view.request
        assert "response" not in response.renderer_context
        del view, response
        assert view_ref() is None
        assert request_ref() is None
    finally:
        gc.enable()


def test_close_keeps_the_parser_context_while_a_body_is_unread():
    from restwell.test import APIRequestFactory

    class Lazy(APIView):
        authentication_classes = []

        def post(self, request):
            return Response({"read": False})

    response = Lazy.as_view()(APIRequestFactory().post("/", {"a": 1}, format="json"))
    response.render()
    response.close()
    request = response.renderer_context["request"]
    assert request.parser_context["request"] is request
    assert request.data == {"a": 1}
