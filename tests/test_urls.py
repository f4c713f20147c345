"""Tests for restwell.urls: the browsable API's login/logout include."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import override_settings
from django.urls import include, path, resolve, reverse

from restwell import urls as restwell_urls

urlpatterns = [path("api-auth/", include("restwell.urls"))]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _clear_lockout_counts():
    cache.clear()
    yield
    cache.clear()


def test_namespace_and_names():
    assert restwell_urls.app_name == "rest_framework"
    assert reverse("rest_framework:login") == "/api-auth/login/"
    assert reverse("rest_framework:logout") == "/api-auth/logout/"


def test_login_view_uses_rest_framework_template():
    match = resolve("/api-auth/login/")
    assert match.namespace == "rest_framework"
    assert match.func.view_class.template_name == "rest_framework/login.html"


@pytest.mark.django_db
def test_login_page_renders_form(client):
    response = client.get("/api-auth/login/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "rest_framework/login.html"
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_login_success_redirects_and_starts_session(client):
    User.objects.create_user("ann", password="right-pw")
    response = client.post(
        "/api-auth/login/", {"username": "ann", "password": "right-pw", "next": "/api/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/api/")
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_logout_is_post_only(client):
    assert client.get("/api-auth/logout/").status_code == 405
    response = client.post("/api-auth/logout/?next=/done/")
    assert (response.status_code, response["Location"]) == (302, "/done/")


@pytest.mark.django_db
@override_settings(RESTWELL={"LOCKOUT_ACCOUNT_FAILURES": 3, "LOCKOUT_PERIOD": 600})
def test_login_locks_out_after_repeated_failures(client, caplog):
    User.objects.create_user("ann", password="right-pw")
    with caplog.at_level(logging.WARNING, logger="restwell.security"):
        for _ in range(3):
            response = client.post("/api-auth/login/", {"username": "ann", "password": "bad"})
            assert response.status_code == 200
            assert b"Please enter a correct username and password" in response.content
    assert sum("login failed" in r.getMessage() for r in caplog.records) == 3

    # Locked: refused even with the right password, and no session starts.
    response = client.post("/api-auth/login/", {"username": "ann", "password": "right-pw"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert b"Too many failed login attempts." in response.content
    assert b'value="ann"' in response.content
    assert "_auth_user_id" not in client.session

    # Another account from elsewhere is not affected.
    User.objects.create_user("bob", password="pw-bob")
    response = client.post(
        "/api-auth/login/", {"username": "bob", "password": "pw-bob"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(RESTWELL={"LOCKOUT_ACCOUNT_FAILURES": 3})
def test_successful_login_clears_the_failure_count(client):
    User.objects.create_user("ann", password="right-pw")
    for _ in range(2):
        client.post("/api-auth/login/", {"username": "ann", "password": "bad"})
    assert (
        client.post("/api-auth/login/", {"username": "ann", "password": "right-pw"}).status_code
        == 302
    )
    client.logout()
    for _ in range(2):
        client.post("/api-auth/login/", {"username": "ann", "password": "bad"})
    assert (
        client.post("/api-auth/login/", {"username": "ann", "password": "right-pw"}).status_code
        == 302
    )


# The names Django REST framework users import from this module.
DRF_NAMES = ["app_name", "urlpatterns"]


def test_drf_public_names_are_importable():
    assert [name for name in DRF_NAMES if not hasattr(restwell_urls, name)] == []
