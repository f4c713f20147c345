"""Tests for the drf_create_token management command and the authtoken admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib import admin as django_admin
from django.contrib.admin import site
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import path

from restwell.authtoken.admin import TokenAdmin
from restwell.authtoken.models import Token, TokenProxy

urlpatterns = [path("admin/", django_admin.site.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def alice():
    return User.objects.create_user("alice")


def test_create_token_prints_the_key_once(alice):
    out = StringIO()
    call_command("drf_create_token", "alice", stdout=out)
    key = out.getvalue().split()[2]
    assert out.getvalue() == "Generated token %s for user alice\n" % key
    assert Token.objects.get(user=alice).key == key
    with pytest.raises(CommandError) as info:
        call_command("drf_create_token", "alice", stdout=StringIO())
    assert str(info.value) == (
        "User alice already has a token. Only its digest is stored, so it cannot be shown; "
        "use --reset to replace it with a new one."
    )
    out = StringIO()
    call_command("drf_create_token", "alice", "--reset", stdout=out)
    new_key = out.getvalue().split()[2]
    assert new_key != key
    assert Token.objects.get(user=alice).key == new_key


def test_unknown_user():
    with pytest.raises(CommandError, match="Cannot create the Token: user nobody does not exist"):
        call_command("drf_create_token", "nobody", stdout=StringIO())


def test_admin(alice):
    Token.objects.create(user=alice)
    admin = TokenAdmin(TokenProxy, site)
    assert admin.get_fields(object()) == ("user",)
    assert admin.get_search_fields(object()) == ("user__username",)
    assert admin.get_object(object(), str(alice.pk)).user == alice
    assert admin.get_object(object(), "not-a-number") is None


def test_admin_pages(alice):
    token = Token.objects.create(user=alice, name="ci")
    root = User.objects.create_superuser("root", password="pw")
    client = Client()
    client.force_login(root)
    response = client.get("/admin/authtoken/tokenproxy/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/admin/authtoken/tokenproxy/%d/change/" % alice.pk in content
    assert token.key not in content
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": root.pk}, follow=True)
    assert response.status_code == 200
    new = Token.objects.get(user=root)
    messages = [str(m) for m in response.context["messages"]]
    (message,) = [m for m in messages if "The new token is" in m]
    key = message.split()[4].rstrip(".")
    assert new.key == key
    # Neither the admin's own messages nor its log hold the key.
    from django.contrib.admin.models import LogEntry

    assert [e.object_repr for e in LogEntry.objects.all()] == ["Token of root"]
    assert not any(key in m for m in messages if "The new token is" not in m)
