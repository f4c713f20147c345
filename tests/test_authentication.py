"""Tests for restwell.authentication (cases C20 and C21), on the sync and async stacks."""

from __future__ import annotations

import base64
import logging

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import path

from restwell import exceptions, permissions
from restwell.authentication import (
    BaseAuthentication,
    BasicAuthentication,
    RemoteUserAuthentication,
    SessionAuthentication,
    TokenAuthentication,
    get_authorization_header,
)
from restwell.authtoken.models import Token
from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.views import APIView

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

factory = APIRequestFactory()


class WhoAmI(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        return Response({"user": request.user.username})

    def post(self, request):
        return Response({"user": request.user.username})


class AsyncWhoAmI(WhoAmI):
    async def get(self, request):
        return Response({"user": request.user.username})

    async def post(self, request):
        return Response({"user": request.user.username})


class BearerAuthentication(TokenAuthentication):
    keyword = "Bearer"


class OverridingBasic(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        if userid == "robot" and password == "beep":
            return (User.objects.get(username="alice"), "robot")
        return super().authenticate_credentials(userid, password, request)


def _views(name, classes):
    return [
        path(name + "/", WhoAmI.as_view(authentication_classes=classes)),
        path("a" + name + "/", AsyncWhoAmI.as_view(authentication_classes=classes)),
    ]


urlpatterns = [
    *_views("basic", [BasicAuthentication]),
    *_views("token", [TokenAuthentication]),
    *_views("bearer", [BearerAuthentication]),
    *_views("session", [SessionAuthentication]),
    *_views("override", [OverridingBasic]),
    *_views("remote", [RemoteUserAuthentication]),
]

BOTH = pytest.mark.parametrize("prefix", ["/", "/a"], ids=["sync-view", "async-view"])


def basic(raw: bytes) -> str:
    return "Basic " + base64.b64encode(raw).decode()


@pytest.fixture
def alice(db):
    return User.objects.create_user("alice", password="pa:ss")


# -- C20: Basic authentication parsing --------------------------------------


@BOTH
@pytest.mark.parametrize(
    "username, password, raw",
    [
        ("alice", "pa:ss", b"alice:pa:ss"),
        ("bob", "pässwörd", "bob:pässwörd".encode()),
        ("bob", "pässwörd", "bob:pässwörd".encode("latin-1")),
    ],
    ids=["colon-in-password", "utf-8", "latin-1"],
)
def test_basic_credentials_split_at_first_colon_and_decode(
    api_client, prefix, username, password, raw
):
    """C20: split at the first colon; UTF-8 first, latin-1 fallback."""
    User.objects.create_user(username, password=password)
    response = api_client.get(prefix + "basic/", headers={"authorization": basic(raw)})
    assert response.status_code == 200
    assert response.json() == {"user": username}


@BOTH
@pytest.mark.parametrize(
    "header, detail",
    [
        (basic(b"alice"), "Invalid basic header. Credentials not correctly base64 encoded."),
        ("Basic !!!", "Invalid basic header. Credentials not correctly base64 encoded."),
        ("Basic =a=", "Invalid basic header. Credentials not correctly base64 encoded."),
        ("Basic", "Invalid basic header. No credentials provided."),
        ("Basic a b", "Invalid basic header. Credentials string should not contain spaces."),
        (basic(b"alice:wrong"), "Invalid username/password."),
        (basic(b"nobody:pa:ss"), "Invalid username/password."),
    ],
    ids=["no-colon", "bad-base64", "bad-padding", "bare", "spaces", "wrong-password", "unknown"],
)
def test_basic_bad_headers_are_401_with_challenge(api_client, prefix, header, detail):
    """C20: every malformed or wrong Basic header is a 401 with the exact detail."""
    user = User.objects.create_user("alice", password="pa:ss")
    if header == basic(b"alice"):
        user.set_password("")
        user.save()
    response = api_client.get(prefix + "basic/", headers={"authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response["WWW-Authenticate"] == 'Basic realm="api"'


@BOTH
def test_basic_missing_credentials_is_401_with_challenge(api_client, prefix):
    response = api_client.get(prefix + "basic/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == 'Basic realm="api"'


@BOTH
def test_basic_inactive_user(api_client, prefix, alice):
    alice.is_active = False
    alice.save()
    response = api_client.get(prefix + "basic/", headers={"authorization": basic(b"alice:pa:ss")})
    assert response.status_code == 401
    # ModelBackend does not return inactive users at all.
    assert response.json() == {"detail": "Invalid username/password."}


def test_basic_authenticate_credentials_rejects_inactive_user(monkeypatch):
    from restwell import authentication

    class Inactive:
        is_active = False

    monkeypatch.setattr(authentication, "authenticate", lambda **kwargs: Inactive())
    with pytest.raises(exceptions.AuthenticationFailed) as info:
        BasicAuthentication().authenticate_credentials("foo", "bar")
    assert info.value.detail == "User inactive or deleted."


@BOTH
def test_async_path_calls_overridden_sync_hook(api_client, prefix, alice):
    """An override of authenticate_credentials runs on the async path too."""
    response = api_client.get(prefix + "override/", headers={"authorization": basic(b"robot:beep")})
    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


def test_base_authentication_must_be_overridden():
    with pytest.raises(NotImplementedError):
        BaseAuthentication().authenticate(None)
    assert BaseAuthentication().authenticate_header(None) is None


def test_get_authorization_header_is_bytes():
    request = factory.get("/", HTTP_AUTHORIZATION="Token abc")
    assert get_authorization_header(request) == b"Token abc"
    assert get_authorization_header(factory.get("/")) == b""


# -- C21: Token authentication ----------------------------------------------


@pytest.fixture
def token_key(alice):
    token = Token.objects.create(user=alice)
    return token.key


@BOTH
@pytest.mark.parametrize("scheme", ["Token", "token", "TOKEN"])
def test_token_scheme_is_case_insensitive(api_client, prefix, token_key, scheme):
    """C21: token K, TOKEN K and Token K all authenticate."""
    response = api_client.get(prefix + "token/", headers={"authorization": f"{scheme} {token_key}"})
    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


@BOTH
@pytest.mark.parametrize(
    "header, detail",
    [
        ("Token {key} extra", "Invalid token header. Token string should not contain spaces."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token nope", "Invalid token."),
        (
            "Token {key}\u00b8",
            "Invalid token header. Token string should not contain invalid characters.",
        ),
    ],
    ids=["extra-part", "bare", "unknown", "non-ascii"],
)
def test_token_bad_headers_are_401(api_client, prefix, token_key, header, detail):
    """C21: malformed token headers give 401 with the exact detail and a challenge."""
    response = api_client.get(
        prefix + "token/", headers={"authorization": header.format(key=token_key)}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response["WWW-Authenticate"] == "Token"


def test_token_table_holds_only_a_digest(alice):
    """C21: the database keeps a digest of K, never K itself; K is shown once."""
    token = Token.objects.create(user=alice)
    key = token.key
    assert len(key) == 40
    stored = list(Token.objects.values_list("key", flat=True))
    assert len(stored) == 1
    assert str(stored[0]).startswith("sha256$")
    assert key not in str(stored[0])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM authtoken_token")
        (raw,) = cursor.fetchone()
    assert raw == str(stored[0])
    # The loaded token compares equal to the plaintext, but not to the digest text.
    loaded = Token.objects.get(user=alice)
    assert loaded.key == key
    assert loaded.key != raw
    assert loaded.key.matches(key)


@BOTH
def test_token_digest_text_is_not_a_credential(api_client, prefix, alice):
    """C21: someone holding a leaked digest cannot authenticate with it."""
    Token.objects.create(user=alice)
    digest = str(Token.objects.values_list("key", flat=True).get())
    response = api_client.get(prefix + "token/", headers={"authorization": "Token " + digest})
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


@BOTH
def test_explicit_key_still_works(api_client, prefix, alice):
    """Token.objects.create(user=u, key="abc") makes "abc" valid, as in DRF."""
    Token.objects.create(user=alice, key="abc")
    response = api_client.get(prefix + "token/", headers={"authorization": "Token abc"})
    assert response.status_code == 200


@BOTH
def test_custom_keyword(api_client, prefix, token_key):
    response = api_client.get(prefix + "bearer/", headers={"authorization": "Bearer " + token_key})
    assert response.status_code == 200
    response = api_client.get(prefix + "bearer/", headers={"authorization": "Token " + token_key})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@BOTH
def test_expired_token_is_rejected(api_client, prefix, alice):
    from datetime import timedelta

    from django.utils import timezone

    token = Token.objects.create(user=alice, expires=timezone.now() - timedelta(seconds=1))
    response = api_client.get(prefix + "token/", headers={"authorization": "Token " + token.key})
    assert response.status_code == 401
    assert response.json() == {"detail": "Token has expired."}


@BOTH
def test_inactive_user_token_is_rejected(api_client, prefix, alice, token_key):
    alice.is_active = False
    alice.save()
    response = api_client.get(prefix + "token/", headers={"authorization": "Token " + token_key})
    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_token_authentication_makes_one_query(django_assert_num_queries, token_key):
    request = factory.get("/", HTTP_AUTHORIZATION="Token " + token_key)
    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate(request)
    assert user.username == "alice"


def test_token_aauthenticate_native(token_key):
    request = factory.get("/", HTTP_AUTHORIZATION="Token " + token_key)
    user, token = async_to_sync(TokenAuthentication().aauthenticate)(request)
    assert user.username == "alice"
    assert token.key == token_key


# -- Session, remote user, 401 vs 403 ---------------------------------------


@BOTH
def test_session_requires_csrf_for_unsafe_methods(prefix, alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.get(prefix + "session/")
    assert response.status_code == 200
    response = client.post(prefix + "session/", {"a": "b"})
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF Failed: CSRF cookie not set."}


@BOTH
def test_session_unauthenticated_is_403_without_challenge(api_client, prefix):
    response = api_client.get(prefix + "session/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert "WWW-Authenticate" not in response


@BOTH
def test_session_async_client_logged_in(prefix, alice):
    from django.test import AsyncClient

    client = AsyncClient()
    async_to_sync(client.aforce_login)(alice)
    response = async_to_sync(client.get)(prefix + "session/")
    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


@override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.RemoteUserBackend"])
@BOTH
def test_remote_user(prefix, alice):
    from django.test import Client

    response = Client().get(prefix + "remote/", REMOTE_USER="alice")
    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


# -- Security log ------------------------------------------------------------


def test_failed_authentication_is_logged_without_secrets(caplog, alice, token_key):
    caplog.set_level(logging.WARNING, logger="restwell.security")
    request = factory.get("/", HTTP_AUTHORIZATION=basic(b"alice:hunter2"))
    with pytest.raises(exceptions.AuthenticationFailed):
        BasicAuthentication().authenticate(request)
    request = factory.get("/", HTTP_AUTHORIZATION="Token " + token_key + "x")
    with pytest.raises(exceptions.AuthenticationFailed):
        TokenAuthentication().authenticate(request)
    lines = [r.getMessage() for r in caplog.records if r.name == "restwell.security"]
    assert len(lines) == 2
    assert "scheme=Basic" in lines[0] and "username='alice'" in lines[0]
    assert "hunter2" not in lines[0]
    assert "scheme=Token" in lines[1] and "Invalid token." in lines[1]
    assert token_key not in lines[1]


# -- no_credentials(): when trying the built-in authenticators can be skipped --


def _http_request(**extra):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    request = APIRequestFactory().get("/", **extra)
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    return request


def test_no_credentials_without_session_or_authorization_header():
    from restwell.authentication import no_credentials

    assert no_credentials([SessionAuthentication(), BasicAuthentication()], _http_request()) is True
    assert no_credentials([], _http_request()) is True


def test_credentials_may_be_present_with_a_header_or_a_session_cookie():
    from restwell.authentication import no_credentials

    stock = [SessionAuthentication(), BasicAuthentication()]
    assert no_credentials(stock, _http_request(HTTP_AUTHORIZATION="Basic eDp5")) is False
    assert no_credentials(stock, _http_request(HTTP_COOKIE="sessionid=abcdefgh12345678")) is False


def test_no_shortcut_for_other_classes_subclasses_instance_attributes_or_patches():
    from unittest import mock

    from restwell.authentication import no_credentials

    class Sub(SessionAuthentication):
        pass

    http_request = _http_request()
    assert no_credentials([TokenAuthentication()], http_request) is False
    assert no_credentials([Sub()], http_request) is False
    with_attribute = BasicAuthentication()
    with_attribute.www_authenticate_realm = "other"
    assert no_credentials([with_attribute], http_request) is False
    with mock.patch.object(SessionAuthentication, "authenticate", lambda self, request: None):
        assert no_credentials([SessionAuthentication()], http_request) is False


@pytest.mark.parametrize("url", ["/session-hello/", "/asession-hello/"])
def test_a_patched_built_in_authenticator_is_still_called(api_client, url):
    from unittest import mock

    calls = []

    def authenticate(self, request):
        calls.append(type(self).__name__)
        return None

    with mock.patch.object(BasicAuthentication, "authenticate", authenticate), mock.patch.object(
        BasicAuthentication, "aauthenticate", None
    ):
        response = api_client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert calls == ["BasicAuthentication"]


class _SessionHello(APIView):
    def get(self, request):
        return Response({"user": str(request.user)})


class _AsyncSessionHello(APIView):
    async def get(self, request):
        return Response({"user": str(request.user)})


urlpatterns += [
    path("session-hello/", _SessionHello.as_view()),
    path("asession-hello/", _AsyncSessionHello.as_view()),
]
