"""Tests for restwell.authtoken.models: digests at rest, several tokens per user, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection
from django.test import override_settings
from django.utils import timezone

from restwell.authtoken.models import Token, TokenDigest, TokenProxy, make_key_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return User.objects.create_user("alice")


def _raw_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM authtoken_token ORDER BY key")
        return [row[0] for row in cursor.fetchall()]


def test_new_token_shows_plaintext_once_and_stores_digest(alice):
    token = Token.objects.create(user=alice)
    assert len(token.key) == 40 and all(c in "0123456789abcdef" for c in token.key)
    assert _raw_keys() == [make_key_digest(token.key)]
    loaded = Token.objects.get(pk=token.pk)
    assert isinstance(loaded.key, TokenDigest)
    assert str(loaded.key) == make_key_digest(token.key)
    assert loaded.key == token.key  # equal to its plaintext, in constant time
    assert loaded == token


def test_lookups_hash_plaintext(alice):
    Token.objects.create(user=alice, key="abc")
    assert Token.objects.filter(key="abc").exists()
    assert Token.objects.filter(key__in=["zzz", "abc"]).count() == 1
    assert not Token.objects.filter(key=make_key_digest("abc")).exists()


def test_duplicate_key_is_an_integrity_error(alice):
    bob = User.objects.create_user("bob")
    Token.objects.create(user=alice, key="same")
    with pytest.raises(IntegrityError):
        Token.objects.create(user=bob, key="same")


def test_save_never_overwrites_another_token(alice):
    bob = User.objects.create_user("bob")
    Token.objects.create(user=alice, key="same")
    with pytest.raises(IntegrityError):
        Token(user=bob, key="same").save()


def test_saving_a_loaded_token_keeps_its_digest(alice):
    token = Token.objects.create(user=alice, name="ci")
    loaded = Token.objects.get(user=alice)
    loaded.name = "deploy"
    loaded.save()
    assert _raw_keys() == [make_key_digest(token.key)]
    assert Token.objects.get(key=token.key).name == "deploy"


def test_clearing_a_saved_key_is_refused(alice):
    token = Token.objects.create(user=alice)
    token.key = ""
    with pytest.raises(ValueError, match="cannot be cleared"):
        token.save()


def test_several_named_tokens_per_user(alice):
    a = Token.objects.create(user=alice, name="laptop")
    b = Token.objects.create(user=alice, name="ci")
    assert a.key != b.key
    assert sorted(alice.auth_tokens.values_list("name", flat=True)) == ["ci", "laptop"]


def test_user_auth_token_is_the_newest_unnamed_token(alice):
    with pytest.raises(Token.DoesNotExist):
        alice.auth_token  # noqa: B018
    assert not hasattr(alice, "auth_token")  # also an AttributeError, as in DRF
    Token.objects.create(user=alice, name="ci")
    token = Token.objects.create(user=alice)
    assert alice.auth_token == token
    alice.auth_token.delete()
    assert list(Token.objects.values_list("name", flat=True)) == ["ci"]


def test_get_or_create_by_user_survives_several_tokens(alice):
    # DRF code's one-token-per-user idiom; obtain_auth_token issues a new token per login.
    first, created = Token.objects.get_or_create(user=alice)
    assert created is True
    assert len(first.key) == 40  # the plaintext, on the object that created it
    Token.objects.create(user=alice, name="ci")
    newest = Token.objects.create(user=alice)
    again, created = Token.objects.get_or_create(user=alice)
    assert created is False
    assert again.pk == newest.pk
    assert again.key == newest.key  # a digest that compares equal to the plaintext
    assert Token.objects.get_or_create(user_id=alice.pk)[0].pk == newest.pk
    assert Token.objects.count() == 3


@pytest.mark.django_db(transaction=True)
async def test_aget_or_create_by_user_survives_several_tokens(alice):
    await Token.objects.acreate(user=alice)
    newest = await Token.objects.acreate(user=alice)
    token, created = await Token.objects.aget_or_create(user=alice)
    assert (token.pk, created) == (newest.pk, False)


def test_expiry(alice):
    token = Token.objects.create(user=alice, expires=timezone.now() + timedelta(hours=1))
    assert token.is_expired() is False
    token.expires = timezone.now() - timedelta(seconds=1)
    assert token.is_expired() is True
    assert Token(user=alice).is_expired() is False


@override_settings(RESTWELL={"TOKEN_TTL": 3600})
def test_token_ttl_setting_sets_expires(alice):
    before = timezone.now()
    token = Token.objects.create(user=alice)
    assert (
        before + timedelta(seconds=3599)
        <= token.expires
        <= timezone.now() + timedelta(seconds=3600)
    )


def test_token_proxy_is_addressed_by_user_and_deletes_the_token(alice):
    token = Token.objects.create(user=alice)
    proxy = TokenProxy.objects.get(user=alice)
    assert proxy.pk == alice.pk
    assert proxy.delete() == (1, {"authtoken.Token": 1})
    assert proxy.key is None
    assert not Token.objects.filter(key=token.key).exists()
    with pytest.raises(ValueError):
        proxy.delete()


def test_token_digest_is_not_equal_to_its_text():
    digest = TokenDigest(make_key_digest("k"))
    assert digest == "k"
    assert digest != make_key_digest("k")
    assert digest == TokenDigest(make_key_digest("k"))
    assert digest != 5
