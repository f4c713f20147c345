"""Tests for restwell.utils.humanize_datetime."""

from __future__ import annotations

from restwell.utils.humanize_datetime import (
    date_formats,
    datetime_formats,
    humanize_strptime,
    time_formats,
)


def test_iso_8601_readings():
    assert datetime_formats(["iso-8601"]) == "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]"
    assert date_formats(["iso-8601"]) == "YYYY-MM-DD"
    assert time_formats(["iso-8601"]) == "hh:mm[:ss[.uuuuuu]]"


def test_several_formats_are_joined():
    assert date_formats(["%d/%m/%Y", "iso-8601"]) == "DD/MM/YYYY, YYYY-MM-DD"
    assert time_formats(["%I:%M %p"]) == "hh:mm [AM|PM]"


def test_humanize_strptime():
    assert humanize_strptime("%a %d %b %y %H:%M:%S.%f%z") == (
        "[Mon-Sun] DD [Jan-Dec] YY hh:mm:ss.uuuuuu[+HHMM|-HHMM]"
    )
    assert humanize_strptime("%A %B") == "[Monday-Sunday] [January-December]"


# The names Django REST framework users import from this module.
DRF_NAMES = ["date_formats", "datetime_formats", "humanize_strptime", "time_formats"]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.humanize_datetime")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
