"""``seed_demo``: the demo user, a token shown once, sample data, and every URL it prints."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from travel.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATHS, DEMO_USERNAME
from travel.models import TravelNote, WatchList

pytestmark = pytest.mark.django_db


def seed(base_url="http://127.0.0.1:8000/"):
    out = StringIO()
    call_command("seed_demo", "--base-url", base_url, stdout=out)
    return out.getvalue()


def printed_token(output):
    return re.search(r"Demo token \(shown once; a new one is made each run\): ([0-9a-f]{40})", output).group(1)


def test_seed_prints_credentials_and_every_url():
    output = seed("http://127.0.0.1:8011/")
    assert "Demo user: demo, password: demo-password\n" in output
    for path, description in DEMO_PATHS:
        assert re.search(r"^  http://127\.0\.0\.1:8011/%s +%s$" % (re.escape(path), re.escape(description)), output, re.M)


def test_the_printed_token_authenticates():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + printed_token(seed()))
    response = client.get("/watch-lists/")
    assert response.status_code == 200
    assert [w["name"] for w in response.json()["results"]] == ["Next trips"]
    assert response.json()["results"][0]["countries"] == ["IS", "NZ", "PT"]


def test_running_again_replaces_the_token_and_keeps_one_copy_of_the_samples():
    first = printed_token(seed())
    second = printed_token(seed())
    assert first != second
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert user.check_password(DEMO_PASSWORD)
    assert Token.objects.filter(user=user).count() == 1
    assert Token.objects.filter(key=second).exists()
    assert not Token.objects.filter(key=first).exists()
    assert TravelNote.objects.filter(owner=user).count() == 2
    assert WatchList.objects.filter(owner=user).count() == 1


def test_every_printed_get_url_answers_2xx():
    token = printed_token(seed())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + token)
    for path, _description in DEMO_PATHS:
        if path == "api/token/":
            response = client.post(
                "/" + path, {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}, format="json"
            )
        else:
            # What curl sends by default; the docs pages only render HTML.
            response = client.get("/" + path, HTTP_ACCEPT="*/*")
        assert 200 <= response.status_code < 300, (path, response.status_code)
