"""Readable descriptions of date/time input formats, for field error messages.

``"Datetime has wrong format. Use one of these formats instead: {format}."``
shows ``datetime_formats(["iso-8601"])``, i.e.
``"YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]"``.
"""

from __future__ import annotations

from collections.abc import Iterable

from restwell import ISO_8601

__all__ = ["date_formats", "datetime_formats", "humanize_strptime", "time_formats"]

# strftime directives and how they read to a person. Locale-dependent ones
# (%c, %x, %X, ...) have no fixed reading and are left as they are.
_STRPTIME_READABLE = {
    "%Y": "YYYY",
    "%y": "YY",
    "%m": "MM",
    "%b": "[Jan-Dec]",
    "%B": "[January-December]",
    "%d": "DD",
    "%H": "hh",
    "%I": "hh",  # 12-hour clock: read together with %p.
    "%M": "mm",
    "%S": "ss",
    "%f": "uuuuuu",
    "%a": "[Mon-Sun]",
    "%A": "[Monday-Sunday]",
    "%p": "[AM|PM]",
    "%z": "[+HHMM|-HHMM]",
}


def _describe(formats: Iterable[str], iso_reading: str) -> str:
    return humanize_strptime(", ".join(formats).replace(ISO_8601, iso_reading))


def datetime_formats(formats: Iterable[str]) -> str:
    """Describe datetime input ``formats`` (``"iso-8601"`` or strptime strings)."""
    return _describe(formats, "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]")


def date_formats(formats: Iterable[str]) -> str:
    """Describe date input ``formats``."""
    return _describe(formats, "YYYY-MM-DD")


def time_formats(formats: Iterable[str]) -> str:
    """Describe time input ``formats``."""
    return _describe(formats, "hh:mm[:ss[.uuuuuu]]")


def humanize_strptime(format_string: str) -> str:
    """Replace the strptime directives in ``format_string`` with readable tokens."""
    for directive, readable in _STRPTIME_READABLE.items():
        format_string = format_string.replace(directive, readable)
    return format_string
