"""Travel notes and watch-lists: auth, ownership, validation, throttling, uploads."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from geodata.models import Country
from travel.models import TravelNote, WatchList
from travel.permissions import WriteRateThrottle
from travel.serializers import MAX_ATTACHMENT_BYTES

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"
NEW_NOTE = {
    "country": "PT",
    "subdivision": "PT-11",
    "title": "Lisbon",
    "text": "Trams and tiles.",
    "visited_on": "2024-06-01",
    "rating": 4,
}


def note_body(note, **changes):
    body = {
        "url": BASE + "notes/%d/" % note.pk,
        "id": note.pk,
        "owner": note.owner.username,
        "country": note.country_id,
        "subdivision": note.subdivision_id,
        "title": note.title,
        "text": note.text,
        "visited_on": note.visited_on.isoformat(),
        "rating": note.rating,
        "attachment": None,
        "created": note.created.isoformat().replace("+00:00", "Z"),
        "updated": note.updated.isoformat().replace("+00:00", "Z"),
    }
    body.update(changes)
    return body


# Reading and creating -------------------------------------------------------


def test_anyone_reads_notes(anon_client, alice_note):
    response = anon_client.get("/notes/%d/" % alice_note.pk)
    assert response.status_code == 200
    assert response.json() == note_body(alice_note)


def test_create_with_token(alice_client):
    response = alice_client.post("/notes/", NEW_NOTE, format="json")
    assert response.status_code == 201, response.content
    note = TravelNote.objects.get()
    assert response.json() == note_body(note)
    assert (note.owner.username, note.country_id, note.subdivision_id) == ("alice", "PT", "PT-11")
    assert response["Location"] == BASE + "notes/%d/" % note.pk


def test_create_without_credentials_is_401(anon_client):
    response = anon_client.post("/notes/", NEW_NOTE, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_create_with_a_wrong_token_is_401(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = anon_client.post("/notes/", NEW_NOTE, format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_token_endpoint_issues_a_working_token(anon_client, alice):
    response = anon_client.post(
        "/api/token/", {"username": "alice", "password": "alice-password"}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + key)
    assert client.post("/notes/", NEW_NOTE, format="json").status_code == 201


def test_token_endpoint_refuses_a_wrong_password(anon_client, alice):
    response = anon_client.post(
        "/api/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Unable to log in with provided credentials."]
    }


def test_session_auth_needs_the_csrf_token(alice):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="alice", password="alice-password")

    refused = client.post("/notes/", NEW_NOTE, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "CSRF Failed: CSRF cookie not set."}

    # The browsable API's forms set the CSRF cookie, as a browser would see it.
    assert client.get("/notes/", HTTP_ACCEPT="text/html").status_code == 200
    csrf_token = client.cookies["csrftoken"].value
    created = client.post("/notes/", NEW_NOTE, format="json", HTTP_X_CSRFTOKEN=csrf_token)
    assert created.status_code == 201
    assert created.json()["owner"] == "alice"


# Changing and deleting --------------------------------------------------------


def test_owner_updates_and_deletes(alice_client, alice_note):
    url = "/notes/%d/" % alice_note.pk
    response = alice_client.patch(url, {"rating": 3, "subdivision": None}, format="json")
    assert response.status_code == 200
    alice_note.refresh_from_db()
    assert response.json() == note_body(alice_note, rating=3, subdivision=None)

    replaced = dict(NEW_NOTE, title="Porto", subdivision="PT-13")
    response = alice_client.put(url, replaced, format="json")
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["subdivision"]) == ("Porto", "PT-13")

    response = alice_client.delete(url)
    assert response.status_code == 204
    assert response.content == b""
    assert not TravelNote.objects.exists()


def test_others_cannot_change_a_note(bob_client, alice_note):
    url = "/notes/%d/" % alice_note.pk
    denied = {"detail": "Only the owner of this note may change or delete it."}
    for response in (
        bob_client.patch(url, {"rating": 1}, format="json"),
        bob_client.put(url, NEW_NOTE, format="json"),
        bob_client.delete(url),
    ):
        assert response.status_code == 403
        assert response.json() == denied
    alice_note.refresh_from_db()
    assert alice_note.rating == 5


def test_anonymous_cannot_delete_a_note(anon_client, alice_note):
    response = anon_client.delete("/notes/%d/" % alice_note.pk)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


# Validation -------------------------------------------------------------------


def test_future_visit_and_bad_rating_are_refused(alice_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    payload = dict(NEW_NOTE, visited_on=tomorrow.isoformat(), rating=6)
    response = alice_client.post("/notes/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "visited_on": ["The visit date cannot be in the future."],
        "rating": ["Ensure this value is less than or equal to 5."],
    }


def test_subdivision_must_be_in_the_country(alice_client):
    response = alice_client.post("/notes/", dict(NEW_NOTE, country="DE"), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "subdivision": ["PT-11 (Lisboa) is not a subdivision of DE (Germany)."]
    }


def test_changing_only_the_country_checks_the_stored_subdivision(alice_client, alice_note):
    response = alice_client.patch("/notes/%d/" % alice_note.pk, {"country": "BE"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "subdivision": ["FR-75C (Paris) is not a subdivision of BE (Belgium)."]
    }


def test_missing_and_unknown_fields(alice_client):
    response = alice_client.post(
        "/notes/", {"country": "XX", "rating": 0, "visited_on": "yesterday"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "country": ["Object with alpha_2=XX does not exist."],
        "title": ["This field is required."],
        "visited_on": [
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
        ],
        "rating": ["Ensure this value is greater than or equal to 1."],
    }


def test_malformed_json_is_400(alice_client):
    response = alice_client.post("/notes/", b'{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error - ")


# Attachments ------------------------------------------------------------------


def test_upload_and_download_an_attachment(alice_client, anon_client, settings):
    upload = SimpleUploadedFile("tram.txt", b"Tram 28", content_type="text/plain")
    response = alice_client.post("/notes/", dict(NEW_NOTE, attachment=upload), format="multipart")
    assert response.status_code == 201, response.content
    note = TravelNote.objects.get()
    link = BASE + "notes/%d/attachment/" % note.pk
    assert response.json()["attachment"] == link
    stored = os.path.join(settings.MEDIA_ROOT, note.attachment.name)
    assert note.attachment.name == "notes/%d/tram.txt" % note.owner_id
    assert os.path.exists(stored)

    download = anon_client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="tram.txt"'
    assert b"".join(download.streaming_content) == b"Tram 28"

    assert alice_client.delete("/notes/%d/" % note.pk).status_code == 204
    assert not os.path.exists(stored)


def test_replacing_an_attachment_removes_the_old_file(alice_client, settings):
    first = SimpleUploadedFile("a.txt", b"first")
    note_id = alice_client.post("/notes/", dict(NEW_NOTE, attachment=first), format="multipart").json()["id"]
    old_path = os.path.join(settings.MEDIA_ROOT, TravelNote.objects.get().attachment.name)
    second = SimpleUploadedFile("b.txt", b"second")
    response = alice_client.patch("/notes/%d/" % note_id, {"attachment": second}, format="multipart")
    assert response.status_code == 200
    assert not os.path.exists(old_path)
    with TravelNote.objects.get().attachment.open("rb") as stored:
        assert stored.read() == b"second"


def test_note_without_attachment_has_nothing_to_download(anon_client, alice_note):
    response = anon_client.get("/notes/%d/attachment/" % alice_note.pk)
    assert response.status_code == 404
    assert response.json() == {"detail": "This note has no attachment."}


def test_attachment_whose_file_is_gone_is_404(alice_client, anon_client, settings):
    upload = SimpleUploadedFile("gone.txt", b"soon gone")
    note_id = alice_client.post("/notes/", dict(NEW_NOTE, attachment=upload), format="multipart").json()["id"]
    os.remove(os.path.join(settings.MEDIA_ROOT, TravelNote.objects.get().attachment.name))
    response = anon_client.get("/notes/%d/attachment/" % note_id)
    assert response.status_code == 404
    assert response.json() == {"detail": "The attachment of this note is no longer stored."}


def test_oversized_attachment_is_refused(alice_client):
    upload = SimpleUploadedFile("big.bin", b"x" * (MAX_ATTACHMENT_BYTES + 1))
    response = alice_client.post("/notes/", dict(NEW_NOTE, attachment=upload), format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "attachment": [
            "The attachment is %d bytes; the limit is %d bytes."
            % (MAX_ATTACHMENT_BYTES + 1, MAX_ATTACHMENT_BYTES)
        ]
    }


def test_empty_attachment_is_refused(alice_client):
    upload = SimpleUploadedFile("empty.txt", b"")
    response = alice_client.post("/notes/", dict(NEW_NOTE, attachment=upload), format="multipart")
    assert response.status_code == 400
    assert response.json() == {"attachment": ["The submitted file is empty."]}


# Throttling -------------------------------------------------------------------


def test_writes_are_throttled_and_reads_are_not(alice_client, settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "2/minute"},
    }
    # A clock at the start of a one-minute window: the wait is a full minute.
    monkeypatch.setattr(WriteRateThrottle, "timer", staticmethod(lambda: 1_000_020.0))
    for _ in range(2):
        assert alice_client.post("/notes/", NEW_NOTE, format="json").status_code == 201

    response = alice_client.post("/notes/", NEW_NOTE, format="json")
    assert response.status_code == 429
    assert response.json() == {"detail": "Request was throttled. Expected available in 60 seconds."}
    assert response["Retry-After"] == "60"
    assert TravelNote.objects.count() == 2

    for _ in range(5):
        assert alice_client.get("/notes/").status_code == 200


# Watch-lists ------------------------------------------------------------------


def test_watch_lists_are_private(alice_client, bob_client, anon_client, alice_watch_list):
    url = "/watch-lists/%d/" % alice_watch_list.pk
    assert alice_client.get(url).json() == {
        "url": BASE + url.lstrip("/"),
        "id": alice_watch_list.pk,
        "name": "Next trips",
        "countries": ["IS", "NZ"],
        "created": alice_watch_list.created.isoformat().replace("+00:00", "Z"),
    }
    assert bob_client.get("/watch-lists/").json()["results"] == []
    for response in (bob_client.get(url), bob_client.delete(url)):
        assert response.status_code == 404
        assert response.json() == {"detail": "No WatchList matches the given query."}
    response = anon_client.get("/watch-lists/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_create_and_edit_a_watch_list(alice_client):
    response = alice_client.post(
        "/watch-lists/", {"name": "Islands", "countries": ["IS", "MT"]}, format="json"
    )
    assert response.status_code == 201
    watch_list = WatchList.objects.get()
    assert response.json()["countries"] == ["IS", "MT"]
    assert watch_list.owner.username == "alice"

    url = "/watch-lists/%d/" % watch_list.pk
    response = alice_client.patch(url, {"countries": ["CY"]}, format="json")
    assert response.status_code == 200
    assert response.json()["countries"] == ["CY"]
    assert alice_client.delete(url).status_code == 204


def test_watch_list_names_are_unique_per_user(alice_client, bob_client, alice_watch_list):
    response = alice_client.post("/watch-lists/", {"name": "Next trips"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["You already have a watch-list with this name."]
    }
    # Another user may use the same name.
    assert bob_client.post("/watch-lists/", {"name": "Next trips"}, format="json").status_code == 201


def test_watch_list_with_unknown_country(alice_client):
    response = alice_client.post(
        "/watch-lists/", {"name": "Typo", "countries": ["FR", "XX"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"countries": ["Object with alpha_2=XX does not exist."]}


# Query counts -----------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_note_list_queries_do_not_grow_with_the_number_of_notes(alice_client, alice_note, bob):
    few = count_queries(alice_client, "/notes/")
    for owner in (alice_note.owner, bob):
        for day in range(1, 13):
            TravelNote.objects.create(
                owner=owner,
                country_id="JP",
                subdivision_id="JP-13",
                title="Day %d" % day,
                visited_on=datetime.date(2024, 1, day),
                rating=3,
            )
    assert count_queries(alice_client, "/notes/") == few


def test_watch_list_queries_do_not_grow_with_the_number_of_lists(alice_client, alice):
    WatchList.objects.create(owner=alice, name="One").countries.set(["FR"])
    few = count_queries(alice_client, "/watch-lists/")
    for index in range(10):
        watch_list = WatchList.objects.create(owner=alice, name="List %d" % index)
        watch_list.countries.set(Country.objects.filter(alpha_2__in=["DE", "IT", "ES"]))
    assert count_queries(alice_client, "/watch-lists/") == few
