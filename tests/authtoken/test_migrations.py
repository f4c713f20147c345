"""The migration from Django REST framework's plaintext token table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from restwell.authentication import TokenAuthentication
from restwell.authtoken.models import make_key_digest
from restwell.test import APIRequestFactory


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_drf_plaintext_keys_are_replaced_by_digests_and_keep_working():
    user = User.objects.create_user("alice")
    try:
        _migrate(("authtoken", "0004_alter_tokenproxy_options"))
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO authtoken_token (key, user_id, created) VALUES (%s, %s, %s)",
                ["0123456789abcdef0123456789abcdef01234567", user.pk, "2024-01-01 00:00:00"],
            )
        _migrate(("authtoken", "0005_restwell_token_digests"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, name, expires FROM authtoken_token")
            rows = cursor.fetchall()
        assert rows == [(make_key_digest("0123456789abcdef0123456789abcdef01234567"), "", None)]
        request = APIRequestFactory().get(
            "/", HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567"
        )
        authenticated_user, token = TokenAuthentication().authenticate(request)
        assert authenticated_user == user
    finally:
        _migrate(("authtoken", "0005_restwell_token_digests"))
