"""``manage.py load_iso_data``: fill the geodata tables from pycountry."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from geodata.loader import load_iso_data


class Command(BaseCommand):
    help = (
        "Load ISO 3166-1 countries, ISO 3166-2 subdivisions, ISO 4217 currencies and "
        "ISO 639-3 languages from pycountry. Safe to run again: rows are updated, not duplicated."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        report = load_iso_data()
        self.stdout.write(
            "Loaded %d countries, %d subdivisions, %d currencies and %d languages "
            "from pycountry %s in %.1f s."
            % (
                report.countries,
                report.subdivisions,
                report.currencies,
                report.languages,
                report.pycountry_version,
                time.perf_counter() - started,
            )
        )
