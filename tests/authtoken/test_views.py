"""Tests for obtain_auth_token: new token per login, lockout per account and per IP."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import override_settings
from django.urls import path

from restwell.authtoken import lockout
from restwell.authtoken.models import Token
from restwell.authtoken.views import create_token, obtain_auth_token

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

urlpatterns = [path("token/", obtain_auth_token)]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password="correct horse ")


def test_obtain_token_returns_a_working_key(api_client, alice):
    response = api_client.post(
        "/token/",
        {"username": "alice", "password": "correct horse "},
        content_type="application/json",
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(key=key).user == alice
    # The key is never stored as is.
    assert key not in [str(k) for k in Token.objects.values_list("key", flat=True)]


def test_each_login_issues_a_new_token_up_to_the_limit(api_client, alice):
    keys = []
    with override_settings(RESTWELL={"TOKEN_LIMIT_PER_USER": 2}):
        for _ in range(3):
            response = api_client.post(
                "/token/", {"username": "alice", "password": "correct horse "}
            )
            keys.append(response.json()["token"])
    assert len(set(keys)) == 3
    assert Token.objects.filter(user=alice).count() == 2
    assert not Token.objects.filter(key=keys[0]).exists()


@pytest.mark.parametrize(
    "data, errors",
    [
        (
            {"username": "alice", "password": "wrong"},
            ["Unable to log in with provided credentials."],
        ),
        ({"username": "alice"}, None),
    ],
)
def test_bad_credentials_are_400(api_client, alice, data, errors):
    response = api_client.post("/token/", data, content_type="application/json")
    assert response.status_code == 400
    if errors:
        assert response.json() == {"non_field_errors": errors}
    else:
        assert response.json() == {"password": ["This field is required."]}


@override_settings(RESTWELL={"LOCKOUT_ACCOUNT_FAILURES": 3, "LOCKOUT_PERIOD": 600})
def test_account_lockout_and_unlock(api_client, alice, caplog):
    caplog.set_level(logging.WARNING, logger="restwell.security")
    for _ in range(3):
        response = api_client.post("/token/", {"username": "alice", "password": "nope"})
        assert response.status_code == 400
    # Locked: even the right password is refused until the period ends.
    response = api_client.post("/token/", {"username": "alice", "password": "correct horse "})
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many failed login attempts. Expected available in 600 seconds."
    }
    assert response["Retry-After"] == "600"
    lines = [r.getMessage() for r in caplog.records if r.name == "restwell.security"]
    assert any("login failed" in line and "username='alice'" in line for line in lines)
    assert not any("nope" in line or "correct horse" in line for line in lines)
    # Another account from the same address is not locked.
    User.objects.create_user("bob", password="pw")
    assert api_client.post("/token/", {"username": "bob", "password": "pw"}).status_code == 200
    # The unlock path.
    lockout.reset_lockout(username="alice")
    response = api_client.post("/token/", {"username": "alice", "password": "correct horse "})
    assert response.status_code == 200


@override_settings(RESTWELL={"LOCKOUT_IP_FAILURES": 4, "LOCKOUT_ACCOUNT_FAILURES": 100})
def test_ip_lockout(api_client, alice):
    for i in range(4):
        response = api_client.post("/token/", {"username": "user%d" % i, "password": "x"})
        assert response.status_code == 400
    response = api_client.post("/token/", {"username": "alice", "password": "correct horse "})
    assert response.status_code == 429
    lockout.reset_lockout(ip="127.0.0.1")
    response = api_client.post("/token/", {"username": "alice", "password": "correct horse "})
    assert response.status_code == 200


@override_settings(RESTWELL={"LOCKOUT_ACCOUNT_FAILURES": 2})
def test_success_clears_the_account_count(api_client, alice):
    api_client.post("/token/", {"username": "alice", "password": "nope"})
    assert (
        api_client.post("/token/", {"username": "alice", "password": "correct horse "}).status_code
        == 200
    )
    api_client.post("/token/", {"username": "alice", "password": "nope"})
    assert (
        api_client.post("/token/", {"username": "alice", "password": "correct horse "}).status_code
        == 200
    )


def test_create_token_for_dj_rest_auth(alice):
    first = create_token(Token, alice, None)
    second = create_token(Token, alice, None)
    assert first.key != second.key
    assert Token.objects.filter(user=alice).count() == 2
