"""Date and time fields: DateTimeField, DateField, TimeField, DurationField."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_duration, parse_time
from django.utils.duration import duration_iso_string, duration_string
from django.utils.translation import gettext_lazy as _

from restwell import ISO_8601
from restwell.fields._base import Field, empty
from restwell.settings import api_settings
from restwell.utils import humanize_datetime
from restwell.utils import timezone as tz_utils
from restwell.utils.formatting import lazy_format

DJANGO_DURATION_FORMAT = "django"

_unset = object()


def _is_iso(fmt: Any) -> bool:
    return isinstance(fmt, str) and fmt.lower() == ISO_8601


class DateTimeField(Field):
    """A ``datetime``, parsed from ISO 8601 (or ``input_formats``) and output in ``format``.

    With ``USE_TZ`` (or ``default_timezone``) values are made aware in that
    time zone; with ``default_timezone=None`` they are naive. ``format=None``
    outputs the ``datetime`` object itself.
    """

    default_error_messages = {
        "invalid": _("Datetime has wrong format. Use one of these formats instead: {format}."),
        "date": _("Expected a datetime but got a date."),
        "make_aware": _('Invalid datetime for the timezone "{timezone}".'),
        "overflow": _("Datetime value out of range."),
    }
    datetime_parser = datetime.datetime.strptime

    def __init__(
        self,
        format: Any = empty,  # noqa: A002 - DRF's keyword
        input_formats: Any = None,
        default_timezone: Any = None,
        **kwargs: Any,
    ) -> None:
        if format is not empty:
            self.format = format
        if input_formats is not None:
            self.input_formats = input_formats
        if default_timezone is not None:
            self.timezone = default_timezone
        super().__init__(**kwargs)

    def enforce_timezone(self, value: datetime.datetime) -> datetime.datetime:
        """Return ``value`` aware in the field's time zone, or naive (UTC) when it has none."""
        field_timezone = self.timezone if hasattr(self, "timezone") else self.default_timezone()
        aware = value.utcoffset() is not None
        if field_timezone is not None:
            if aware:
                try:
                    return value.astimezone(field_timezone)
                except OverflowError:
                    self.fail("overflow")
            dt = timezone.make_aware(value, field_timezone)
            # zoneinfo accepts non-existent or ambiguous wall times silently.
            if not tz_utils.valid_datetime(dt):
                self.fail("make_aware", timezone=field_timezone)
            return dt
        if aware:
            return timezone.make_naive(value, datetime.timezone.utc)
        return value

    def default_timezone(self) -> Any:
        """Return the current time zone when ``USE_TZ`` is on, else None."""
        return timezone.get_current_timezone() if settings.USE_TZ else None

    def to_internal_value(self, value: Any) -> Any:
        """Parse ``value`` with each input format in turn; return an aware or naive datetime."""
        if isinstance(value, datetime.datetime):
            return self.enforce_timezone(value)
        if isinstance(value, datetime.date):
            self.fail("date")
        input_formats: Any = getattr(self, "input_formats", _unset)
        if input_formats is _unset:
            input_formats = api_settings.DATETIME_INPUT_FORMATS
        for input_format in input_formats:
            try:
                if _is_iso(input_format):
                    parsed = parse_datetime(value)
                    if parsed is None:
                        continue
                else:
                    parsed = self.datetime_parser(value, input_format)
            except (ValueError, TypeError):
                continue
            return self.enforce_timezone(parsed)
        self.fail("invalid", format=humanize_datetime.datetime_formats(input_formats))

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` formatted; ISO 8601 output uses ``Z`` for UTC."""
        if not value:
            return None
        output_format = getattr(self, "format", _unset)
        if output_format is _unset:
            output_format = api_settings.DATETIME_FORMAT
        if output_format is None or isinstance(value, str):
            return value
        value = self.enforce_timezone(value)
        if _is_iso(output_format):
            text = value.isoformat()
            if text.endswith("+00:00"):
                text = text[:-6] + "Z"
            return text
        return value.strftime(output_format)


class DateField(Field):
    """A ``date``, parsed from ISO 8601 (or ``input_formats``) and output in ``format``."""

    default_error_messages = {
        "invalid": _("Date has wrong format. Use one of these formats instead: {format}."),
        "datetime": _("Expected a date but got a datetime."),
    }
    datetime_parser = datetime.datetime.strptime

    def __init__(self, format: Any = empty, input_formats: Any = None, **kwargs: Any) -> None:  # noqa: A002
        if format is not empty:
            self.format = format
        if input_formats is not None:
            self.input_formats = input_formats
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> Any:
        """Parse ``value`` with each input format in turn; return a ``date``."""
        if isinstance(value, datetime.datetime):
            self.fail("datetime")
        if isinstance(value, datetime.date):
            return value
        input_formats: Any = getattr(self, "input_formats", _unset)
        if input_formats is _unset:
            input_formats = api_settings.DATE_INPUT_FORMATS
        for input_format in input_formats:
            try:
                if _is_iso(input_format):
                    parsed = parse_date(value)
                    if parsed is not None:
                        return parsed
                else:
                    return self.datetime_parser(value, input_format).date()
            except (ValueError, TypeError):
                pass
        self.fail("invalid", format=humanize_datetime.date_formats(input_formats))

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` formatted (a ``datetime`` is refused: it would lose its time zone)."""
        if not value:
            return None
        output_format = getattr(self, "format", _unset)
        if output_format is _unset:
            output_format = api_settings.DATE_FORMAT
        if output_format is None or isinstance(value, str):
            return value
        if isinstance(value, datetime.datetime):
            raise AssertionError(
                "Expected a `date`, but got a `datetime`. Refusing to coerce, as this may "
                "mean losing timezone information. Use a custom read-only field and deal "
                "with timezone issues explicitly."
            )
        if _is_iso(output_format):
            return value.isoformat()
        return value.strftime(output_format)


class TimeField(Field):
    """A ``time``, parsed from ISO 8601 (or ``input_formats``) and output in ``format``."""

    default_error_messages = {
        "invalid": _("Time has wrong format. Use one of these formats instead: {format}."),
    }
    datetime_parser = datetime.datetime.strptime

    def __init__(self, format: Any = empty, input_formats: Any = None, **kwargs: Any) -> None:  # noqa: A002
        if format is not empty:
            self.format = format
        if input_formats is not None:
            self.input_formats = input_formats
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> Any:
        """Parse ``value`` with each input format in turn; return a ``time``."""
        if isinstance(value, datetime.time):
            return value
        input_formats: Any = getattr(self, "input_formats", _unset)
        if input_formats is _unset:
            input_formats = api_settings.TIME_INPUT_FORMATS
        for input_format in input_formats:
            try:
                if _is_iso(input_format):
                    parsed = parse_time(value)
                    if parsed is not None:
                        return parsed
                else:
                    return self.datetime_parser(value, input_format).time()
            except (ValueError, TypeError):
                pass
        self.fail("invalid", format=humanize_datetime.time_formats(input_formats))

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` formatted (a ``datetime`` is refused: it would lose its time zone)."""
        if value is None or value == "":
            return None
        output_format = getattr(self, "format", _unset)
        if output_format is _unset:
            output_format = api_settings.TIME_FORMAT
        if output_format is None or isinstance(value, str):
            return value
        if isinstance(value, datetime.datetime):
            raise AssertionError(
                "Expected a `time`, but got a `datetime`. Refusing to coerce, as this may "
                "mean losing timezone information. Use a custom read-only field and deal "
                "with timezone issues explicitly."
            )
        if _is_iso(output_format):
            return value.isoformat()
        return value.strftime(output_format)


def _check_duration_format(fmt: Any) -> None:
    if fmt is None:
        return
    if isinstance(fmt, str):
        if fmt.lower() in (ISO_8601, DJANGO_DURATION_FORMAT):
            return
        raise ValueError(
            f"Unknown duration format provided, got '{fmt}'"
            " while expecting 'django', 'iso-8601' or `None`."
        )
    raise TypeError(f"duration format must be either str or `None`, not {type(fmt).__name__}")


class DurationField(Field):
    """A ``timedelta``, parsed as ``[DD] [HH:[MM:]]ss[.uuuuuu]`` or ISO 8601.

    ``format`` is ``'django'`` (default, ``DURATION_FORMAT``), ``'iso-8601'``
    or None (output the ``timedelta`` itself).
    """

    default_error_messages = {
        "invalid": _("Duration has wrong format. Use one of these formats instead: {format}."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "overflow": _("The number of days must be between {min_days} and {max_days}."),
    }

    def __init__(self, *, format: Any = empty, **kwargs: Any) -> None:  # noqa: A002
        self.max_value = kwargs.pop("max_value", None)
        self.min_value = kwargs.pop("min_value", None)
        if format is not empty:
            _check_duration_format(format)
            self.format = format
        super().__init__(**kwargs)
        if self.max_value is not None:
            message = lazy_format(self.error_messages["max_value"], max_value=self.max_value)
            self.validators.append(MaxValueValidator(self.max_value, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know
        if self.min_value is not None:
            message = lazy_format(self.error_messages["min_value"], min_value=self.min_value)
            self.validators.append(MinValueValidator(self.min_value, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know

    def to_internal_value(self, value: Any) -> Any:
        """Return ``value`` as a ``timedelta``."""
        if isinstance(value, datetime.timedelta):
            return value
        try:
            parsed = parse_duration(str(value))
        except OverflowError:
            self.fail(
                "overflow",
                min_days=datetime.timedelta.min.days,
                max_days=datetime.timedelta.max.days,
            )
        if parsed is not None:
            return parsed
        self.fail("invalid", format="[DD] [HH:[MM:]]ss[.uuuuuu]")

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` in the configured format."""
        output_format: Any = getattr(self, "format", _unset)
        if output_format is _unset:
            output_format = api_settings.DURATION_FORMAT
        if output_format is None:
            return value
        _check_duration_format(output_format)
        if output_format.lower() == ISO_8601:
            return duration_iso_string(value)
        return duration_string(value)


__all__ = ["DJANGO_DURATION_FORMAT", "DateField", "DateTimeField", "DurationField", "TimeField"]
