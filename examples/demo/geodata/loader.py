"""Copy pycountry's ISO databases into the geodata tables.

The load is one transaction of bulk upserts keyed by ISO code: a first run
inserts about 13,000 rows, a later run updates the same rows in place (for
example after upgrading pycountry) and never duplicates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version

import pycountry
from django.db import models, transaction

from geodata.models import Country, Currency, Language, Subdivision

# Larger batches gain nothing and would pass SQLite's limit on query parameters.
BATCH_SIZE = 500


@dataclass(frozen=True)
class LoadReport:
    """How many rows of each kind the load wrote."""

    countries: int
    subdivisions: int
    currencies: int
    languages: int
    pycountry_version: str


def _countries() -> list[Country]:
    return [
        Country(
            alpha_2=entry.alpha_2,
            alpha_3=entry.alpha_3,
            numeric=entry.numeric,
            name=entry.name,
            official_name=getattr(entry, "official_name", ""),
            common_name=getattr(entry, "common_name", ""),
            flag=getattr(entry, "flag", ""),
        )
        for entry in pycountry.countries
    ]


def _subdivisions() -> list[Subdivision]:
    entries = list(pycountry.subdivisions)
    known_codes = {entry.code for entry in entries}
    return [
        Subdivision(
            code=entry.code,
            country_id=entry.country_code,
            # A parent code that is not itself listed would break the foreign
            # key; pycountry has none today, but a release could.
            parent_id=entry.parent_code if entry.parent_code in known_codes else None,
            name=entry.name,
            type=entry.type,
        )
        for entry in entries
    ]


def _currencies() -> list[Currency]:
    return [
        Currency(alpha_3=entry.alpha_3, numeric=entry.numeric, name=entry.name)
        for entry in pycountry.currencies
    ]


def _languages() -> list[Language]:
    return [
        Language(
            alpha_3=entry.alpha_3,
            alpha_2=getattr(entry, "alpha_2", ""),
            bibliographic=getattr(entry, "bibliographic", ""),
            name=entry.name,
            inverted_name=getattr(entry, "inverted_name", ""),
            scope=entry.scope,
            type=entry.type,
        )
        for entry in pycountry.languages
    ]


def _upsert(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    rows = list(rows)
    key = model._meta.pk.name
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key
    ]
    model.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[key],
        update_fields=fields,
    )
    return len(rows)


def load_iso_data() -> LoadReport:
    """Insert or refresh every country, subdivision, currency and language."""
    with transaction.atomic():
        countries = _upsert(Country, _countries())
        subdivisions = _upsert(Subdivision, _subdivisions())
        currencies = _upsert(Currency, _currencies())
        languages = _upsert(Language, _languages())
    return LoadReport(
        countries=countries,
        subdivisions=subdivisions,
        currencies=currencies,
        languages=languages,
        pycountry_version=version("pycountry"),
    )
