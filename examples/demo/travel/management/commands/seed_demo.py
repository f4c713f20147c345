"""``manage.py seed_demo``: the demo user, a fresh token, sample notes, and the URLs to try.

Safe to run again: the user and the samples are reused. Tokens are stored as
digests, so an existing token cannot be shown again; each run replaces the
demo token with a new one and prints it once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from geodata.models import Country, Subdivision
from travel.models import TravelNote, WatchList

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-password"
DEMO_TOKEN_NAME = "make demo"

SAMPLE_NOTES = [
    {
        "country": "FR",
        "subdivision": "FR-75C",
        "title": "Spring in Paris",
        "text": "Walked along the Seine from the Louvre to the Eiffel Tower.",
        "visited_on": datetime.date(2024, 4, 20),
        "rating": 5,
    },
    {
        "country": "JP",
        "subdivision": "JP-13",
        "title": "Tokyo by train",
        "text": "The Yamanote line goes round the centre in an hour.",
        "visited_on": datetime.date(2023, 11, 3),
        "rating": 4,
    },
]
SAMPLE_WATCH_LIST = ("Next trips", ["IS", "NZ", "PT"])

# (path, what it shows) for the listing printed at the end.
DEMO_PATHS = [
    ("", "API root (browsable in a web browser)"),
    ("summary/", "row counts of the loaded ISO data (an async view)"),
    ("countries/", "ISO 3166-1 countries, page-number pagination"),
    ("countries/FR/", "one country, with links to its subdivisions"),
    ("countries/?search=united&ordering=name", "search and ordering"),
    ("subdivisions/?country=FR&top_level=true", "ISO 3166-2, limit/offset pagination"),
    ("subdivisions/FR-75C/", "a subdivision: country nested, parent linked"),
    ("currencies/", "ISO 4217 currencies, cursor pagination"),
    ("currencies/EUR/", "one currency"),
    ("languages/?scope=M", "ISO 639-3 languages, filtered"),
    ("languages/fra/", "one language"),
    ("notes/", "travel notes (anyone reads, owners write)"),
    ("watch-lists/", "your private watch-lists (needs a token or a login)"),
    ("api/token/", "POST username and password for a new token"),
    ("api/schema/?format=json", "OpenAPI 3 schema (drf-spectacular)"),
    ("api/docs/", "Swagger UI"),
    ("api/redoc/", "ReDoc"),
    ("api-auth/login/", "log in for the browsable API"),
]


class Command(BaseCommand):
    help = "Create the demo user, a new token for it and sample data, and print the demo URLs."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000/",
            help="Where the demo will be served, for the printed URLs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Country.objects.exists():
            raise CommandError("No countries loaded: run `manage.py load_iso_data` first.")
        user = self._demo_user()
        token = self._new_token(user)
        self._sample_data(user)
        base = options["base_url"].rstrip("/") + "/"
        write = self.stdout.write
        write("")
        write("restwell demo API")
        for path, description in DEMO_PATHS:
            write("  %-62s %s" % (base + path, description))
        write("")
        write("Demo user: %s, password: %s" % (DEMO_USERNAME, DEMO_PASSWORD))
        write("Demo token (shown once; a new one is made each run): %s" % token.key)
        write("Try:")
        write("  curl -H 'Authorization: Token %s' %swatch-lists/" % (token.key, base))
        write(
            "  curl -H 'Authorization: Token %s' -H 'Content-Type: application/json' "
            "-d '{\"country\": \"PT\", \"title\": \"Lisbon\", \"visited_on\": \"2024-06-01\", "
            "\"rating\": 4}' %snotes/" % (token.key, base)
        )
        write("")

    def _demo_user(self) -> Any:
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(username=DEMO_USERNAME)
        # Reset every run, so the printed password is always the right one.
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _new_token(self, user: Any) -> Token:
        Token.objects.filter(user=user, name=DEMO_TOKEN_NAME).delete()
        return Token.objects.create(user=user, name=DEMO_TOKEN_NAME)

    def _sample_data(self, user: Any) -> None:
        for sample in SAMPLE_NOTES:
            fields = dict(sample)
            fields["country"] = Country.objects.get(alpha_2=fields["country"])
            fields["subdivision"] = Subdivision.objects.get(code=fields["subdivision"])
            TravelNote.objects.get_or_create(
                owner=user, title=fields.pop("title"), defaults=fields
            )
        name, codes = SAMPLE_WATCH_LIST
        watch_list, created = WatchList.objects.get_or_create(owner=user, name=name)
        if created:
            watch_list.countries.set(Country.objects.filter(alpha_2__in=codes))
