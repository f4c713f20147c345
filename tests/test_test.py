"""Tests for restwell.test: request factories, clients (WSGI and ASGI) and test cases."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseRedirect
from django.test import override_settings
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie

from restwell import status
from restwell.decorators import api_view, parser_classes, renderer_classes
from restwell.parsers import JSONParser
from restwell.renderers import JSONRenderer
from restwell.response import Response
from restwell.test import (
    APIClient,
    APIRequestFactory,
    APISimpleTestCase,
    APITestCase,
    AsyncAPIClient,
    AsyncAPIRequestFactory,
    CoreAPIClient,
    RequestEncodingError,
    RequestsClient,
    URLPatternsTestCase,
    force_authenticate,
)
from restwell.views import APIView


class _Token:
    def __init__(self, key: str) -> None:
        self.key = key


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def echo_view(request):
    return Response(
        {
            "method": request.method,
            "auth_header": request.headers.get("authorization"),
            "user": request.user.username,
            "token": getattr(request.auth, "key", None),
            "content_type": request.content_type,
            "query": request.query_params.dict(),
        }
    )


@api_view(["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@parser_classes([JSONParser])
def json_echo_view(request):
    return Response({"data": request.data, "content_type": request.content_type})


@api_view(["GET", "POST"])
def session_view(request):
    seen = request.session.get("seen", False)
    request.session["seen"] = True
    return Response({"seen": seen})


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def redirect_view(request, code):
    return HttpResponseRedirect("/json/" if code in (307, 308) else "/echo/", status=code)


@api_view(["DELETE"])
@renderer_classes([JSONRenderer])
def no_content_view(request):
    return Response(status=status.HTTP_204_NO_CONTENT)


class FormView(APIView):
    def get(self, request):
        agent = request.headers.get("user-agent")
        return Response({"agent": agent, "csrf_cookie": "csrftoken" in request.COOKIES})

    @method_decorator(ensure_csrf_cookie)
    def put(self, request):
        return Response({})

    @method_decorator(csrf_protect)
    def post(self, request):
        files = {name: [f.name, f.read().decode()] for name, f in request.FILES.items()}
        return Response({"form": request.POST.dict(), "files": files})


class AsyncEchoView(APIView):
    async def get(self, request):
        return Response({"user": request.user.username, "query": request.query_params.dict()})

    async def post(self, request):
        return Response({"data": request.data, "token": getattr(request.auth, "key", None)})


urlpatterns = [
    path("echo/", echo_view),
    path("json/", json_echo_view),
    path("session/", session_view),
    path("redirect/<int:code>/", redirect_view),
    path("no-content/", no_content_view),
    path("async/", AsyncEchoView.as_view()),
    path("form/", FormView.as_view()),
]


# --- APIRequestFactory ------------------------------------------------------------


def test_factory_default_format_is_multipart():
    request = APIRequestFactory().post("/echo/", {"a": "1"})
    assert request.content_type == "multipart/form-data"
    assert request.POST.dict() == {"a": "1"}


def test_factory_json_format_renders_body_and_sets_content_type():
    request = APIRequestFactory().post("/json/", {"a": [1, 2]}, format="json")
    assert request.META["CONTENT_TYPE"] == "application/json"
    assert request.body == b'{"a":[1,2]}'


def test_factory_content_type_sends_data_as_given_and_encodes_json_dicts():
    factory = APIRequestFactory()
    raw = factory.post("/json/", "a=1", content_type="text/plain")
    assert (raw.body, raw.META["CONTENT_TYPE"]) == (b"a=1", "text/plain")
    encoded = factory.put("/json/", {"a": True}, content_type="application/json")
    assert json.loads(encoded.body) == {"a": True}


def test_factory_empty_body_still_carries_content_type():
    request = APIRequestFactory().post("/json/", data=None, content_type="application/json")
    assert request.headers["content-type"] == "application/json"
    assert request.body == b""


def test_factory_rejects_unknown_format_with_available_formats_listed():
    with pytest.raises(RequestEncodingError) as info:
        APIRequestFactory().post("/echo/", {"a": 1}, format="xml")
    assert str(info.value) == (
        "Invalid format 'xml'. Available formats are 'multipart', 'json'. Set "
        "TEST_REQUEST_RENDERER_CLASSES to enable extra request formats."
    )
    # Both an ImproperlyConfigured (restwell) and an AssertionError (DRF's tests).
    assert isinstance(info.value, ImproperlyConfigured)
    assert isinstance(info.value, AssertionError)


def test_factory_rejects_format_and_content_type_together():
    with pytest.raises(
        RequestEncodingError, match="You may not set both `format` and `content_type`"
    ):
        APIRequestFactory().post("/echo/", {"a": 1}, format="json", content_type="text/plain")


@override_settings(
    REST_FRAMEWORK={
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
        "TEST_REQUEST_RENDERER_CLASSES": ["restwell.renderers.JSONRenderer"],
    }
)
def test_factory_reads_format_settings_at_use_time():
    factory = APIRequestFactory()
    assert list(factory.renderer_classes) == ["json"]
    assert factory.post("/json/", {"a": 1}).META["CONTENT_TYPE"] == "application/json"


def test_factory_get_data_becomes_query_string_and_path_query_is_kept():
    factory = APIRequestFactory()
    assert factory.get("/echo/", {"q": ["a", "b"]}).GET.getlist("q") == ["a", "b"]
    assert dict(factory.get("/echo/?demo=testé").GET) == {"demo": ["testé"]}
    assert dict(factory.get("/echo/", {"demo": "testé"}).GET) == {"demo": ["testé"]}


def test_factory_upload_file_in_multipart():
    upload = io.BytesIO(b"hello")
    upload.name = "a.txt"
    request = APIRequestFactory().post("/echo/", {"file": upload})
    assert request.FILES["file"].read() == b"hello"


@pytest.mark.django_db
def test_factory_requests_skip_csrf_unless_enforced():
    user = User.objects.create_user("ann", password="pw")
    request = APIRequestFactory().post("/echo/")
    request.user = user
    assert echo_view(request).status_code == 200

    request = APIRequestFactory(enforce_csrf_checks=True).post("/echo/")
    request.user = user
    response = echo_view(request)
    assert response.status_code == 403
    assert response.data == {"detail": "CSRF Failed: CSRF cookie not set."}


def test_force_authenticate_on_factory_request():
    user = User(username="ann")
    request = APIRequestFactory().get("/echo/")
    force_authenticate(request, user=user, token=_Token("k1"))
    response = echo_view(request)
    assert (response.data["user"], response.data["token"]) == ("ann", "k1")


def test_async_factory_builds_asgi_requests_with_wsgi_style_headers():
    factory = AsyncAPIRequestFactory()
    request = factory.post("/json/", {"a": 1}, format="json", HTTP_AUTHORIZATION="Token x")
    assert type(request).__name__ == "ASGIRequest"
    assert request.headers["authorization"] == "Token x"
    assert request.content_type == "application/json"
    assert request.body == b'{"a":1}'
    assert request._dont_enforce_csrf_checks is True


async def test_async_factory_request_to_async_view():
    request = AsyncAPIRequestFactory().get("/async/", {"q": "1"})
    force_authenticate(request, user=User(username="ann"))
    response = await AsyncEchoView.as_view()(request)
    assert response.data == {"user": "ann", "query": {"q": "1"}}


# --- APIClient --------------------------------------------------------------------

pytestmark = pytest.mark.urls(__name__)


@pytest.mark.django_db
def test_client_credentials_are_sent_until_logout():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token abc")
    for _ in range(2):
        assert client.get("/echo/").data["auth_header"] == "Token abc"
    client.logout()
    assert client.get("/echo/").data["auth_header"] is None


@pytest.mark.django_db
def test_client_force_authenticate_user_token_and_reset():
    client = APIClient()
    client.force_authenticate(user=User(username="ann"), token=_Token("t"))
    data = client.get("/echo/").data
    assert (data["user"], data["token"]) == ("ann", "t")
    client.force_authenticate(None)
    data = client.get("/echo/").data
    assert (data["user"], data["token"]) == ("", None)


@pytest.mark.django_db
def test_client_force_authenticate_none_also_ends_the_session():
    client = APIClient()
    client.force_authenticate(User.objects.create_user("ann"))
    assert client.get("/session/").data == {"seen": False}
    assert client.get("/session/").data == {"seen": True}
    client.force_authenticate(user=None, token=None)
    assert client.get("/session/").data == {"seen": False}


@pytest.mark.django_db
def test_client_csrf_exempt_by_default_and_enforced_on_request():
    User.objects.create_user("ann", password="pw")
    client = APIClient()
    assert client.login(username="ann", password="pw")
    assert client.post("/echo/").status_code == 200

    strict = APIClient(enforce_csrf_checks=True)
    assert strict.login(username="ann", password="pw")
    response = strict.post("/echo/")
    assert response.status_code == 403
    assert response.data == {"detail": "CSRF Failed: CSRF cookie not set."}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_client_follow_302(method):
    client = APIClient()
    response = getattr(client, method)("/redirect/302/")
    assert response.status_code == 302
    response = getattr(client, method)("/redirect/302/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/echo/", 302)]
    assert response.data["method"] == "GET"


@pytest.mark.django_db
@pytest.mark.parametrize("code", [307, 308])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_client_follow_307_308_resends_method_body_and_format(method, code):
    response = getattr(APIClient(), method)(
        "/redirect/%d/" % code, {"a": 1}, format="json", follow=True
    )
    assert response.status_code == 200
    assert response.data == {"data": {"a": 1}, "content_type": "application/json"}


@pytest.mark.django_db
def test_client_json_by_content_type_and_empty_body():
    client = APIClient()
    response = client.post("/json/", {"flag": True}, content_type="application/json")
    assert response.data == {"data": {"flag": True}, "content_type": "application/json"}
    response = client.post("/echo/", None, content_type="application/json")
    assert response.data["content_type"] == "application/json"


@pytest.mark.django_db
def test_client_delete_with_format_and_no_content():
    response = APIClient().delete("/no-content/", format="json")
    assert response.status_code == 204
    assert response.data is None


@pytest.mark.django_db
def test_client_headers_keyword_and_query_params():
    response = APIClient().get("/echo/", {"page": "2"}, headers={"authorization": "Bearer x"})
    assert response.data["auth_header"] == "Bearer x"
    assert response.data["query"] == {"page": "2"}


# --- AsyncAPIClient (ASGI stack) ---------------------------------------------------


@pytest.mark.django_db
async def test_async_client_force_authenticate_and_credentials():
    client = AsyncAPIClient()
    client.credentials(HTTP_AUTHORIZATION="Token abc")
    client.force_authenticate(user=User(username="ann"), token=_Token("t1"))
    response = await client.get("/echo/", {"q": "1"})
    assert response.status_code == 200
    assert response.data["auth_header"] == "Token abc"
    assert (response.data["user"], response.data["token"]) == ("ann", "t1")
    assert response.data["query"] == {"q": "1"}
    client.force_authenticate(None)
    response = await client.get("/echo/")
    assert (response.data["user"], response.data["auth_header"]) == ("", None)


@pytest.mark.django_db
async def test_async_client_posts_json_to_async_view():
    client = AsyncAPIClient()
    client.force_authenticate(token=_Token("t2"))
    response = await client.post("/async/", {"a": [1]}, format="json")
    assert response.status_code == 200
    assert response.data == {"data": {"a": [1]}, "token": "t2"}
    assert response.asgi_request.content_type == "application/json"


@pytest.mark.django_db
async def test_async_client_default_multipart_and_follow():
    client = AsyncAPIClient()
    response = await client.post("/echo/", {"x": "1"})
    assert response.data["content_type"].startswith("multipart/form-data; boundary=")
    response = await client.put("/redirect/307/", {"a": 2}, format="json", follow=True)
    assert response.status_code == 200
    assert response.data == {"data": {"a": 2}, "content_type": "application/json"}


@pytest.mark.django_db(transaction=True)
async def test_async_client_csrf_enforced():
    from asgiref.sync import sync_to_async

    await sync_to_async(User.objects.create_user)("ann", password="pw")
    client = AsyncAPIClient(enforce_csrf_checks=True)
    assert await client.alogin(username="ann", password="pw")
    response = await client.post("/echo/")
    assert response.status_code == 403
    assert response.data == {"detail": "CSRF Failed: CSRF cookie not set."}
    await client.alogout()
    response = await client.post("/echo/")
    assert response.status_code == 200
    assert response.data["user"] == ""


# --- test case classes --------------------------------------------------------------


class TestAPITestCaseClients(APITestCase):
    def test_clients_are_api_clients(self):
        assert isinstance(self.client, APIClient)
        assert isinstance(self.async_client, AsyncAPIClient)


class TestSimpleTestCase(APISimpleTestCase):
    def test_client_is_api_client(self):
        assert isinstance(self.client, APIClient)


@api_view(["GET"])
def only_here(request):
    return Response({"here": True})


class TestURLPatterns(URLPatternsTestCase, APITestCase):
    urlpatterns = [path("only-here/", only_here)]

    def test_serves_class_urlpatterns(self):
        response = self.client.get("/only-here/")
        assert (response.status_code, response.data) == (200, {"here": True})
        assert self.client.get("/echo/").status_code == 404


def test_urlpatterns_restored_after_class():
    import sys

    module = sys.modules[__name__]
    assert module.urlpatterns is urlpatterns
    assert len(urlpatterns) == 7


def test_urlpatterns_test_case_requires_urlpatterns():
    class Broken(URLPatternsTestCase):
        pass

    with pytest.raises(ImproperlyConfigured, match="Broken must declare `urlpatterns"):
        Broken.setUpClass()


# --- RequestsClient and CoreAPIClient ------------------------------------------------


@pytest.mark.django_db
def test_requests_client_get_post_json_and_session_cookies():
    client = RequestsClient()
    response = client.get("http://testserver/echo/", params={"q": "1"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["query"] == {"q": "1"}

    response = client.post("http://testserver/json/", json={"a": 1})
    assert response.json() == {"data": {"a": 1}, "content_type": "application/json"}

    assert client.get("http://testserver/session/").json() == {"seen": False}
    assert "sessionid" in client.cookies
    assert client.get("http://testserver/session/").json() == {"seen": True}


@pytest.mark.django_db
def test_requests_client_form_files_and_headers():
    client = RequestsClient()
    client.headers.update({"User-Agent": "tester/1"})
    assert client.get("http://testserver/form/").json()["agent"] == "tester/1"
    response = client.get("http://testserver/form/", headers={"User-Agent": "other"})
    assert response.json()["agent"] == "other"

    # csrf_protect: without the cookie and header the POST is refused ...
    assert client.post("http://testserver/form/", data={"a": "1"}).status_code == 403
    # ... with them it goes through, like a browser that read the cookie.
    token = client.put("http://testserver/form/").cookies["csrftoken"]
    response = client.post(
        "http://testserver/form/",
        data={"a": "1"},
        files={"doc": ("notes.txt", "line one\nline two\n")},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert response.json() == {
        "form": {"a": "1"},
        "files": {"doc": ["notes.txt", "line one\nline two\n"]},
    }


@pytest.mark.django_db
def test_requests_client_takes_a_bytes_url_as_requests_does():
    response = RequestsClient().get(b"http://testserver/echo/?q=%C3%A9")
    assert response.status_code == 200
    assert response.json()["query"] == {"q": "\u00e9"}


@pytest.mark.django_db
def test_requests_client_follows_redirects():
    response = RequestsClient().post("http://testserver/redirect/302/")
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [302]
    assert response.url == "http://testserver/echo/"
    assert response.json()["method"] == "GET"


def test_requests_client_needs_absolute_url():
    with pytest.raises(ValueError) as info:
        RequestsClient().get("/echo/")
    assert str(info.value) == (
        'Missing "http:" or "https:". Use a fully qualified URL, eg "http://testserver/echo/"'
    )


def test_core_api_client_explains_removal():
    with pytest.raises(ImproperlyConfigured, match="CoreAPI support was removed"):
        CoreAPIClient()


# The names Django REST framework users import from this module.
DRF_NAMES = [
    "APIClient",
    "APILiveServerTestCase",
    "APIRequestFactory",
    "APISimpleTestCase",
    "APITestCase",
    "APITransactionTestCase",
    "ForceAuthClientHandler",
    "RequestsClient",
    "URLPatternsTestCase",
    "cleanup_url_patterns",
    "force_authenticate",
    "AsyncAPIClient",
    "AsyncAPIRequestFactory",
    "CoreAPIClient",
]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.test")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
