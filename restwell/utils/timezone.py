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

    A skipped time (02:30 on a spring-forward night) does not come back
    unchanged from a round trip through UTC.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        return True
    round_trip = dt.astimezone(timezone.utc).astimezone(dt.tzinfo)
    return round_trip.replace(tzinfo=None, fold=0) == dt.replace(tzinfo=None, fold=0)


def datetime_ambiguous(dt: datetime) -> bool:
    """Return True if aware ``dt`` names a wall-clock time its zone saw twice.

    Such a time exists, and its UTC offset depends on ``fold``.
    """
    if not datetime_exists(dt):
        return False
    return dt.replace(fold=not dt.fold).utcoffset() != dt.utcoffset()


def valid_datetime(dt: datetime) -> bool:
    """Return True if ``dt`` is aware and names exactly one instant in its zone.

    Times skipped or repeated by a daylight-saving change are not valid: a
    naive input cannot say which instant it means.
    """
    if not isinstance(dt.tzinfo, tzinfo):
        return False
    # datetime_ambiguous first: tests patch it to reject any datetime.
    return not datetime_ambiguous(dt) and datetime_exists(dt)
