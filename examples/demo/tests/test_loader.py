"""The ISO loader and its management command."""

from __future__ import annotations

from io import StringIO

import pycountry
import pytest
from django.core.management import call_command

from geodata.loader import load_iso_data
from geodata.models import Country, Currency, Language, Subdivision

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Country.objects.count(),
        Subdivision.objects.count(),
        Currency.objects.count(),
        Language.objects.count(),
    )


def test_every_pycountry_entry_is_loaded():
    assert _counts() == (
        len(pycountry.countries),
        len(pycountry.subdivisions),
        len(pycountry.currencies),
        len(pycountry.languages),
    )


def test_a_second_load_updates_in_place_without_duplicates():
    before = _counts()
    Country.objects.filter(alpha_2="FR").update(name="Changed")

    report = load_iso_data()

    assert _counts() == before
    assert Country.objects.get(alpha_2="FR").name == "France"
    assert (report.countries, report.subdivisions) == (before[0], before[1])


def test_rows_carry_pycountry_values_and_links():
    france = Country.objects.get(alpha_2="FR")
    assert (france.alpha_3, france.numeric, france.name, france.official_name) == (
        "FRA",
        "250",
        "France",
        "French Republic",
    )
    paris = Subdivision.objects.get(code="FR-75C")
    assert (paris.name, paris.country_id, paris.parent_id) == ("Paris", "FR", "FR-IDF")
    assert Subdivision.objects.get(code="FR-IDF").parent_id is None
    assert Currency.objects.get(alpha_3="EUR").numeric == "978"
    french = Language.objects.get(alpha_3="fra")
    assert (french.alpha_2, french.bibliographic, french.get_scope_display()) == (
        "fr",
        "fre",
        "Individual",
    )


def test_command_reports_what_it_loaded():
    out = StringIO()
    call_command("load_iso_data", stdout=out)
    assert out.getvalue().startswith(
        "Loaded %d countries, %d subdivisions, %d currencies and %d languages from pycountry "
        % _counts()
    )
