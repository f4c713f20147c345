"""Time-zone checks used by ``DateTimeField``.

A naive datetime made aware in a zone with daylight saving time may name a
wall-clock time that never happened (skipped by the spring-forward jump) or that
happened twice (the autumn fall-back). ``DateTimeField`` rejects both with
``Invalid datetime for the timezone "…".`` These helpers are looked up through
the module at call time, so tests can patch ``restwell.utils.timezone.datetime_ambiguous``.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo

from django.utils.timezone import is_aware, is_naive, make_aware, make_naive

__all__ = [
    "datetime_ambiguous",
    "datetime_exists",
    "is_aware",
    "is_naive",
    "make_aware",
    "make_naive",
    "valid_datetime",
]


def datetime_exists(dt: datetime) -> bool:
    """Return False if aware ``dt`` names a wall-clock time its zone skipped.

    A time that does not exist does not survive a round trip through UTC.
    """
    return dt.astimezone(timezone.utc) == dt


def datetime_ambiguous(dt: datetime) -> bool:
    """Return True if aware ``dt`` names a wall-clock time its zone saw twice.

    Such a time exists, and its UTC offset depends on ``fold``.
    """
    if not datetime_exists(dt):
        return False
    return dt.replace(fold=not dt.fold).utcoffset() != dt.utcoffset()


def valid_datetime(dt: datetime) -> bool:
    """Return True if ``dt`` is aware and names exactly one instant in its zone."""
    return isinstance(dt.tzinfo, tzinfo) and not datetime_ambiguous(dt)
