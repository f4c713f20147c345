"""Re-extract restwell's translatable strings and compile the catalogues.

Usage (from the repository root)::

    .venv/bin/python scripts/make_messages.py            # extract + compile
    .venv/bin/python scripts/make_messages.py --compile  # compile only
    .venv/bin/python scripts/make_messages.py -l sv      # start a new locale

Extraction runs Django's ``makemessages`` inside ``restwell/`` (domain
``django``), so every locale under ``restwell/locale/`` is updated with new
msgids; the translations already written are kept. Compilation runs
``msgfmt --check`` for every catalogue, which fails on a broken placeholder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "restwell"
LOCALE = PACKAGE / "locale"

__all__ = ["compile_catalogues", "extract", "main"]


def _setup_django() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            USE_I18N=True,
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        )
    import django

    django.setup()


def extract(locales: list[str]) -> None:
    """Run ``makemessages`` for ``locales`` (all existing ones when empty)."""
    from django.core.management import call_command

    _setup_django()
    LOCALE.mkdir(exist_ok=True)
    if not locales:
        locales = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())
    if not locales:
        sys.exit("no locale given and none exists yet: pass -l <code>")
    cwd = os.getcwd()
    os.chdir(PACKAGE)
    try:
        call_command(
            "makemessages",
            locale=locales,
            domain="django",
            extensions=["html", "txt", "py"],
            add_location="file",
            no_obsolete=True,
            verbosity=1,
        )
    finally:
        os.chdir(cwd)


def compile_catalogues() -> None:
    """Compile every ``django.po`` to ``django.mo`` with ``msgfmt --check``."""
    failed = False
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],
            capture_output=True,
            text=True,
        )
        status = (result.stderr or result.stdout).strip()
        print("%s: %s" % (po.relative_to(ROOT), status))
        failed = failed or result.returncode != 0
    if failed:
        sys.exit(1)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and extract and/or compile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-l", "--locale", action="append", default=[])
    parser.add_argument("--compile", action="store_true", help="compile only")
    args = parser.parse_args(argv)
    if not args.compile:
        extract(args.locale)
    compile_catalogues()


if __name__ == "__main__":
    main()
