"""Tests for restwell.utils.timezone: DST gaps and folds."""

from __future__ import annotations

from datetime import datetime, timezone
from unittest import mock
from zoneinfo import ZoneInfo

from restwell.utils import timezone as tz_utils

NEW_YORK = ZoneInfo("America/New_York")


def test_regular_time():
    dt = datetime(2017, 6, 1, 12, 0, tzinfo=NEW_YORK)
    assert tz_utils.datetime_exists(dt)
    assert not tz_utils.datetime_ambiguous(dt)
    assert tz_utils.valid_datetime(dt)


def test_skipped_time_does_not_exist_and_is_invalid():
    for fold in (0, 1):
        dt = datetime(2017, 3, 12, 2, 30, fold=fold, tzinfo=NEW_YORK)
        assert not tz_utils.datetime_exists(dt)
        assert not tz_utils.datetime_ambiguous(dt)
        assert not tz_utils.valid_datetime(dt)


def test_repeated_time_is_ambiguous_and_invalid():
    for fold in (0, 1):
        dt = datetime(2017, 11, 5, 1, 30, fold=fold, tzinfo=NEW_YORK)
        assert tz_utils.datetime_exists(dt)
        assert tz_utils.datetime_ambiguous(dt)
        assert not tz_utils.valid_datetime(dt)


def test_times_next_to_the_changes_are_valid():
    assert tz_utils.valid_datetime(datetime(2017, 3, 12, 3, 0, tzinfo=NEW_YORK))
    assert tz_utils.valid_datetime(datetime(2017, 3, 12, 1, 59, tzinfo=NEW_YORK))
    assert tz_utils.valid_datetime(datetime(2017, 11, 5, 2, 0, tzinfo=NEW_YORK))
    assert tz_utils.valid_datetime(datetime(2017, 11, 5, 0, 59, tzinfo=NEW_YORK))


def test_naive_datetime_is_not_valid():
    assert not tz_utils.valid_datetime(datetime(2017, 6, 1, 12, 0))


def test_utc_is_always_valid():
    assert tz_utils.valid_datetime(datetime(2017, 11, 5, 1, 30, tzinfo=timezone.utc))


def test_ambiguity_check_is_looked_up_at_call_time():
    dt = datetime(2017, 6, 1, 12, 0, tzinfo=NEW_YORK)
    with mock.patch("restwell.utils.timezone.datetime_ambiguous", return_value=True):
        assert not tz_utils.valid_datetime(dt)


def test_django_helpers_are_reexported():
    aware = tz_utils.make_aware(datetime(2020, 1, 1), NEW_YORK)
    assert tz_utils.is_aware(aware)
    assert tz_utils.is_naive(tz_utils.make_naive(aware, NEW_YORK))


# The names Django REST framework users import from this module.
DRF_NAMES = ["datetime_ambiguous", "datetime_exists", "valid_datetime"]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.timezone")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
