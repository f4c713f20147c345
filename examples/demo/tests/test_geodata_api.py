"""The read-only ISO endpoints: values, links, pagination, filters, query counts."""

from __future__ import annotations

from importlib.metadata import version

import pycountry
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"
FRANCE_SUMMARY = {
    "url": BASE + "countries/FR/",
    "alpha_2": "FR",
    "name": "France",
    "flag": "🇫🇷",
}


def get_json(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_root_lists_every_collection(anon_client):
    assert get_json(anon_client, "/") == {
        "countries": BASE + "countries/",
        "subdivisions": BASE + "subdivisions/",
        "currencies": BASE + "currencies/",
        "languages": BASE + "languages/",
        "notes": BASE + "notes/",
        "watch-lists": BASE + "watch-lists/",
        "summary": BASE + "summary/",
        "schema": BASE + "api/schema/",
        "docs": BASE + "api/docs/",
        "redoc": BASE + "api/redoc/",
    }


def test_summary_counts_the_loaded_data(anon_client):
    assert get_json(anon_client, "/summary/") == {
        "countries": len(pycountry.countries),
        "subdivisions": len(pycountry.subdivisions),
        "currencies": len(pycountry.currencies),
        "languages": len(pycountry.languages),
        "pycountry_version": version("pycountry"),
    }


def test_country_detail(anon_client):
    body = get_json(anon_client, "/countries/FR/")
    subdivisions = body.pop("subdivisions")
    assert body == {
        "url": BASE + "countries/FR/",
        "alpha_2": "FR",
        "alpha_3": "FRA",
        "numeric": "250",
        "name": "France",
        "official_name": "French Republic",
        "common_name": "",
        "flag": "🇫🇷",
        "subdivision_count": len(pycountry.subdivisions.get(country_code="FR")),
        "subdivisions_url": BASE + "subdivisions/?country=FR",
    }
    assert len(subdivisions) == body["subdivision_count"]
    assert BASE + "subdivisions/FR-75C/" in subdivisions
    assert subdivisions == sorted(subdivisions)


def test_country_list_is_paged_by_page_number(anon_client):
    body = get_json(anon_client, "/countries/?page=2&page_size=2")
    assert body["count"] == len(pycountry.countries)
    assert body["next"] == BASE + "countries/?page=3&page_size=2"
    assert body["previous"] == BASE + "countries/?page_size=2"
    assert [country["alpha_2"] for country in body["results"]] == ["AF", "AG"]


def test_country_search_and_ordering(anon_client):
    # The search covers official names too ("United Mexican States").
    body = get_json(anon_client, "/countries/?search=united&ordering=name")
    assert [country["name"] for country in body["results"]] == [
        "Mexico",
        "Tanzania, United Republic of",
        "United Arab Emirates",
        "United Kingdom",
        "United States",
        "United States Minor Outlying Islands",
        "Virgin Islands, U.S.",
    ]
    body = get_json(anon_client, "/countries/?ordering=-subdivision_count&page_size=1")
    counts = {c.alpha_2: len(pycountry.subdivisions.get(country_code=c.alpha_2) or []) for c in pycountry.countries}
    assert body["results"][0]["subdivision_count"] == max(counts.values())
    assert counts[body["results"][0]["alpha_2"]] == max(counts.values())


def test_country_filters(anon_client):
    body = get_json(anon_client, "/countries/?alpha_3=DEU")
    assert [country["name"] for country in body["results"]] == ["Germany"]
    body = get_json(anon_client, "/countries/?numeric=392")
    assert [country["name"] for country in body["results"]] == ["Japan"]


def test_unknown_country_is_404(anon_client):
    assert get_json(anon_client, "/countries/XX/", status=404) == {
        "detail": "No Country matches the given query."
    }


def test_subdivision_detail_nests_its_country_and_links_its_parent(anon_client):
    assert get_json(anon_client, "/subdivisions/FR-75C/") == {
        "url": BASE + "subdivisions/FR-75C/",
        "code": "FR-75C",
        "name": "Paris",
        "type": "Metropolitan collectivity with special status",
        "country": FRANCE_SUMMARY,
        "parent": BASE + "subdivisions/FR-IDF/",
    }


def test_subdivisions_are_paged_by_limit_and_offset(anon_client):
    body = get_json(anon_client, "/subdivisions/?country=FR&top_level=true&limit=2&offset=2")
    top_level = [s for s in pycountry.subdivisions.get(country_code="FR") if not s.parent_code]
    assert body["count"] == len(top_level)
    assert body["next"] == BASE + "subdivisions/?country=FR&limit=2&offset=4&top_level=true"
    assert body["previous"] == BASE + "subdivisions/?country=FR&limit=2&top_level=true"
    expected = sorted(s.code for s in top_level)[2:4]
    assert [s["code"] for s in body["results"]] == expected


def test_subdivisions_filtered_by_parent(anon_client):
    body = get_json(anon_client, "/subdivisions/?parent=GB-ENG&search=London&limit=1")
    assert body["results"][0]["code"] == "GB-LND"
    assert body["results"][0]["parent"] == BASE + "subdivisions/GB-ENG/"


def test_subdivision_filter_on_unknown_country_is_400(anon_client):
    assert get_json(anon_client, "/subdivisions/?country=XX", status=400) == {
        "country": ["Select a valid choice. That choice is not one of the available choices."]
    }


def test_currencies_are_paged_by_cursor(anon_client):
    first = get_json(anon_client, "/currencies/")
    assert first["previous"] is None
    assert len(first["results"]) == 50
    codes = sorted(currency.alpha_3 for currency in pycountry.currencies)
    assert [c["alpha_3"] for c in first["results"]] == codes[:50]
    second = get_json(anon_client, first["next"])
    assert [c["alpha_3"] for c in second["results"]] == codes[50:100]
    assert second["previous"].startswith(BASE + "currencies/?cursor=")


def test_currency_detail(anon_client):
    assert get_json(anon_client, "/currencies/EUR/") == {
        "url": BASE + "currencies/EUR/",
        "alpha_3": "EUR",
        "numeric": "978",
        "name": "Euro",
    }


def test_bad_cursor_is_404(anon_client):
    assert get_json(anon_client, "/currencies/?cursor=not-a-cursor", status=404) == {
        "detail": "Invalid cursor"
    }


def test_language_detail_spells_out_scope_and_type(anon_client):
    assert get_json(anon_client, "/languages/fra/") == {
        "url": BASE + "languages/fra/",
        "alpha_3": "fra",
        "alpha_2": "fr",
        "bibliographic": "fre",
        "name": "French",
        "inverted_name": "",
        "scope": "I",
        "scope_name": "Individual",
        "type": "L",
        "type_name": "Living",
    }


def test_languages_filtered_by_scope(anon_client):
    body = get_json(anon_client, "/languages/?scope=M&page_size=500")
    macrolanguages = [lang for lang in pycountry.languages if lang.scope == "M"]
    assert body["count"] == len(macrolanguages)
    assert {lang["scope_name"] for lang in body["results"]} == {"Macrolanguage"}


def test_invalid_choice_filter_is_400(anon_client):
    assert get_json(anon_client, "/languages/?scope=Z", status=400) == {
        "scope": ["Select a valid choice. Z is not one of the available choices."]
    }


def test_page_out_of_range_is_404(anon_client):
    assert get_json(anon_client, "/countries/?page=999", status=404) == {
        "detail": "Invalid page."
    }


def test_reference_data_is_read_only(alice_client):
    response = alice_client.post("/countries/", {"alpha_2": "ZZ"}, format="json")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("/countries/?page_size=2", "/countries/?page_size=200"),
        ("/subdivisions/?limit=2", "/subdivisions/?limit=400"),
        ("/subdivisions/?country=GB&limit=2", "/subdivisions/?country=GB&limit=300"),
        ("/currencies/?ordering=numeric", "/currencies/"),
        ("/languages/?page_size=2", "/languages/?page_size=400"),
        ("/countries/AD/", "/countries/GB/"),
    ],
)
def test_query_count_does_not_grow_with_page_size(anon_client, small, large):
    assert count_queries(anon_client, small) == count_queries(anon_client, large)
