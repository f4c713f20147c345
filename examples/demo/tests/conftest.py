"""Fixtures of the demo API's tests: the ISO data is loaded once per test database."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from geodata.loader import load_iso_data
from geodata.models import Country, Subdivision
from travel.models import TravelNote, WatchList


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Each test runs in a transaction rolled back at its end, so the ~13,000
    # reference rows loaded here once are seen unchanged by every test.
    with django_db_blocker.unblock():
        load_iso_data()


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Tests run without collectstatic: whitenoise serves from the app folders.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Throttle counts live in the cache: start every test from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", password="alice-password")


@pytest.fixture
def bob(db):
    return get_user_model().objects.create_user("bob", password="bob-password")


@pytest.fixture
def anon_client():
    return APIClient()


@pytest.fixture
def alice_token(alice):
    return Token.objects.create(user=alice).key


@pytest.fixture
def alice_client(alice_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + alice_token)
    return client


@pytest.fixture
def bob_client(bob):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=bob).key)
    return client


@pytest.fixture
def alice_note(alice):
    return TravelNote.objects.create(
        owner=alice,
        country=Country.objects.get(alpha_2="FR"),
        subdivision=Subdivision.objects.get(code="FR-75C"),
        title="Spring in Paris",
        text="Along the Seine.",
        visited_on=datetime.date(2024, 4, 20),
        rating=5,
    )


@pytest.fixture
def alice_watch_list(alice):
    watch_list = WatchList.objects.create(owner=alice, name="Next trips")
    watch_list.countries.set(Country.objects.filter(alpha_2__in=["IS", "NZ"]))
    return watch_list
