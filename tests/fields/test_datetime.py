"""restwell.fields._datetime: DateTimeField, DateField, TimeField, DurationField."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from restwell.fields import DateField, DateTimeField, DurationField, TimeField
from tests.fields._tables import assert_invalid, assert_output, assert_valid

UTC = datetime.timezone.utc
KOLKATA = ZoneInfo("Asia/Kolkata")
DT_FORMATS = "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]"
DT_INVALID = [f"Datetime has wrong format. Use one of these formats instead: {DT_FORMATS}."]


@pytest.mark.parametrize(
    "data",
    [
        "2001-01-01 13:00",
        "2001-01-01T13:00",
        "2001-01-01T13:00Z",
        "2001-01-01T14:00+01:00",
        datetime.datetime(2001, 1, 1, 13, 0),
        datetime.datetime(2001, 1, 1, 13, 0, tzinfo=UTC),
    ],
)
def test_datetime_valid_utc(data):
    expected = datetime.datetime(2001, 1, 1, 13, 0, tzinfo=UTC)
    assert DateTimeField(default_timezone=UTC).run_validation(data) == expected


@pytest.mark.parametrize(
    "data", ["abc", "2001-99-99T99:00", "2018-08-16 22:00-24:00", 123, ["2001-01-01"]]
)
def test_datetime_invalid(data):
    assert_invalid(DateTimeField(), data, DT_INVALID, ["invalid"])


def test_datetime_special_errors():
    field = DateTimeField(default_timezone=UTC)
    assert_invalid(field, datetime.date(2001, 1, 1), ["Expected a datetime but got a date."])
    assert_invalid(field, "9999-12-31T21:59:59.99990-03:00", ["Datetime value out of range."])
    assert_invalid(field, "0001-01-01T01:00:00+05:00", ["Datetime value out of range."])


def test_datetime_nonexistent_local_time():
    field = DateTimeField(default_timezone=ZoneInfo("America/New_York"))
    assert_invalid(
        field,
        "2017-03-12T02:30:00",
        ['Invalid datetime for the timezone "America/New_York".'],
        ["make_aware"],
    )


def test_datetime_zones():
    field = DateTimeField(default_timezone=KOLKATA)
    expected = datetime.datetime(2016, 12, 19, 10, tzinfo=KOLKATA)
    assert field.run_validation("2016-12-19T10:00:00") == expected
    assert field.run_validation("2016-12-19T04:30:00Z") == expected
    assert_output(
        field, datetime.datetime(2016, 12, 19, 4, 30, tzinfo=UTC), "2016-12-19T10:00:00+05:30"
    )
    naive = DateTimeField()
    with override_settings(USE_TZ=False):
        assert_valid(naive, "2001-01-01T13:00+01:00", datetime.datetime(2001, 1, 1, 12, 0))
        assert_output(
            naive, datetime.datetime(2001, 1, 1, 13, 0, tzinfo=UTC), "2001-01-01T13:00:00"
        )


def test_datetime_uses_current_timezone():
    field = DateTimeField()
    with timezone.override(KOLKATA):
        assert field.default_timezone() == KOLKATA
        assert field.run_validation("2016-12-19T10:00:00").utcoffset() == datetime.timedelta(
            hours=5, minutes=30
        )
    with override_settings(USE_TZ=False):
        assert field.default_timezone() is None
        assert field.run_validation("2016-12-19T10:00:00").tzinfo is None


def test_datetime_outputs():
    field = DateTimeField(default_timezone=UTC)
    assert_output(field, datetime.datetime(2001, 1, 1, 13, 0), "2001-01-01T13:00:00Z")
    assert_output(field, "2001-01-01T00:00:00", "2001-01-01T00:00:00")
    assert field.to_representation(None) is None
    assert field.to_representation("") is None
    custom = DateTimeField(format="%Y/%m/%d %H:%M", default_timezone=UTC)
    assert_output(custom, datetime.datetime(2001, 1, 1, 13, 0, tzinfo=UTC), "2001/01/01 13:00")
    raw = DateTimeField(format=None)
    value = datetime.datetime(2001, 1, 1, 13, 0, tzinfo=UTC)
    assert raw.to_representation(value) is value
    with override_settings(REST_FRAMEWORK={"DATETIME_FORMAT": "%Y"}):
        assert DateTimeField(default_timezone=UTC).to_representation(value) == "2001"


def test_datetime_custom_input_formats():
    field = DateTimeField(input_formats=["%I:%M%p, %d %b %Y"], default_timezone=UTC)
    assert field.run_validation("1:35pm, 1 Jan 2001") == datetime.datetime(
        2001, 1, 1, 13, 35, tzinfo=UTC
    )
    assert_invalid(
        field,
        "2001-01-01T13:00",
        [
            "Datetime has wrong format. Use one of these formats instead: hh:mm[AM|PM], DD [Jan-Dec] YYYY."
        ],
    )


# --- DateField ------------------------------------------------------------------------


def test_date():
    field = DateField()
    assert_valid(field, "2001-01-01", datetime.date(2001, 1, 1))
    assert_valid(field, datetime.date(2001, 1, 1), datetime.date(2001, 1, 1))
    for data in ("abc", "2001-99-99", "2001-01", "2001-01-01T13:00", 5):
        assert_invalid(
            field,
            data,
            ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
            ["invalid"],
        )
    assert_invalid(
        field,
        datetime.datetime(2001, 1, 1, 12),
        ["Expected a date but got a datetime."],
        ["datetime"],
    )
    custom = DateField(input_formats=["%Y -- %d"], format="%Y/%m")
    assert_valid(custom, "2001 -- 05", datetime.date(2001, 1, 5))
    assert_output(custom, datetime.date(2001, 1, 5), "2001/01")
    assert_output(field, datetime.date(2001, 1, 5), "2001-01-05")
    assert field.to_representation(None) is None
    assert DateField(format=None).to_representation(datetime.date(2001, 1, 5)) == datetime.date(
        2001, 1, 5
    )
    with pytest.raises(AssertionError, match="Expected a `date`, but got a `datetime`"):
        field.to_representation(datetime.datetime(2001, 1, 1, 12))


# --- TimeField ------------------------------------------------------------------------


def test_time():
    field = TimeField()
    assert_valid(field, "13:00", datetime.time(13, 0))
    assert_valid(field, "13:00:00.5", datetime.time(13, 0, 0, 500000))
    assert_valid(field, datetime.time(13, 0), datetime.time(13, 0))
    for data in ("abc", "99:99", 5):
        assert_invalid(
            field,
            data,
            ["Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."],
        )
    custom = TimeField(input_formats=["%I:%M%p"], format="%H-%M")
    assert_valid(custom, "1:00pm", datetime.time(13, 0))
    assert_output(custom, datetime.time(13, 0), "13-00")
    assert_output(field, datetime.time(13, 0), "13:00:00")
    assert field.to_representation("") is None
    assert field.to_representation(None) is None
    with pytest.raises(AssertionError, match="Expected a `time`, but got a `datetime`"):
        field.to_representation(datetime.datetime(2001, 1, 1, 12))


# --- DurationField --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,expected",
    [
        ("13", datetime.timedelta(seconds=13)),
        (
            "3 08:32:01.000123",
            datetime.timedelta(days=3, hours=8, minutes=32, seconds=1, microseconds=123),
        ),
        ("08:01", datetime.timedelta(minutes=8, seconds=1)),
        ("P3DT8H", datetime.timedelta(days=3, hours=8)),
        (datetime.timedelta(days=1), datetime.timedelta(days=1)),
        (3600, datetime.timedelta(hours=1)),
    ],
)
def test_duration_valid(data, expected):
    assert_valid(DurationField(), data, expected)


def test_duration_invalid():
    field = DurationField()
    message = (
        "Duration has wrong format. Use one of these formats instead: [DD] [HH:[MM:]]ss[.uuuuuu]."
    )
    for data in ("abc", "3 08:32 01.123"):
        assert_invalid(field, data, [message], ["invalid"])
    assert_invalid(
        field,
        "1000000000 00:00:00",
        ["The number of days must be between -999999999 and 999999999."],
        ["overflow"],
    )


def test_duration_limits_and_formats():
    field = DurationField(
        min_value=datetime.timedelta(seconds=1), max_value=datetime.timedelta(days=1)
    )
    assert_invalid(field, "0.5", ["Ensure this value is greater than or equal to 0:00:01."])
    assert_invalid(
        field, "2 00:00:00", ["Ensure this value is less than or equal to 1 day, 0:00:00."]
    )
    value = datetime.timedelta(days=3, hours=8, minutes=32, seconds=1, microseconds=123)
    assert_output(DurationField(), value, "3 08:32:01.000123")
    assert_output(DurationField(format="iso-8601"), value, "P3DT08H32M01.000123S")
    assert DurationField(format=None).to_representation(value) is value
    with override_settings(REST_FRAMEWORK={"DURATION_FORMAT": "iso-8601"}):
        assert DurationField().to_representation(value) == "P3DT08H32M01.000123S"
    with pytest.raises(ValueError, match="Unknown duration format provided, got 'x'"):
        DurationField(format="x")
    with pytest.raises(TypeError, match="duration format must be either str or `None`, not int"):
        DurationField(format=1)
