"""Build the benchmark database: migrate, then load pycountry's ISO data.

    BENCH_DB=/tmp/x.sqlite3 python -m benchmarks.http.prepare

The loader is the demo's own (``geodata.loader``), so the rows are the demo's.
"""

from __future__ import annotations

import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.http.settings")
    os.environ["BENCH_FRAMEWORK"] = "plain"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from geodata.loader import load_iso_data

    call_command("migrate", verbosity=0, interactive=False)
    report = load_iso_data()
    with connection.cursor() as cursor:
        # Readers do not wait for a writer (the create endpoint) in WAL mode.
        cursor.execute("PRAGMA journal_mode=WAL")
    print("loaded %d countries, %d subdivisions" % (report.countries, report.subdivisions))


if __name__ == "__main__":
    main()
