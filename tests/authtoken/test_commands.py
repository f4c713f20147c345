"""Tests for the drf_create_token management command and the authtoken admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from restwell.authtoken.admin import TokenAdmin
from restwell.authtoken.models import Token, TokenProxy

pytestmark = pytest.mark.django_db


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
