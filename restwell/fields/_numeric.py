"""Boolean and number fields: BooleanField, IntegerField, BigIntegerField, FloatField, DecimalField."""

from __future__ import annotations

import decimal
import math
import re
import warnings
from typing import Any, cast

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.encoding import smart_str
from django.utils.formats import localize_input, sanitize_separators
from django.utils.translation import gettext_lazy as _

from restwell.fields._base import Field, FieldConfigurationError
from restwell.settings import api_settings
from restwell.utils.formatting import lazy_format

_unset = object()


def _add_range_validators(field: Any) -> None:
    if field.max_value is not None:
        message = lazy_format(field.error_messages["max_value"], max_value=field.max_value)
        field.validators.append(MaxValueValidator(field.max_value, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know
    if field.min_value is not None:
        message = lazy_format(field.error_messages["min_value"], min_value=field.min_value)
        field.validators.append(MinValueValidator(field.min_value, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know


class BooleanField(Field):
    """A boolean; accepts ``true``/``false`` and the usual strings and numbers.

    In HTML form input an absent checkbox means ``False`` (``None`` with
    ``allow_null=True``).
    """

    default_error_messages = {"invalid": _("Must be a valid boolean.")}
    default_empty_html: Any = False
    initial: Any = False
    TRUE_VALUES = {"t", "y", "yes", "true", "on", "1", 1}  # 1 == True == 1.0
    FALSE_VALUES = {"f", "n", "no", "false", "off", "0", 0}  # 0 == False == 0.0
    NULL_VALUES = {"null", "", None}

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("allow_null", False):
            self.default_empty_html = None
            self.initial = None
        super().__init__(**kwargs)

    def _classify(self, value: Any) -> Any:
        # Returns True/False/None for a recognised value, _unset otherwise.
        if type(value) is str:
            value = value.lower()
        try:
            if value in self.TRUE_VALUES:
                return True
            if value in self.FALSE_VALUES:
                return False
            if self.allow_null and value in self.NULL_VALUES:
                return None
        except TypeError:  # unhashable input such as a list or dict
            pass
        return _unset

    def to_internal_value(self, data: Any) -> Any:
        """Return True, False, or None (with ``allow_null``) for a recognised input."""
        if data is True or data is False:
            return data
        result = self._classify(data)
        if result is _unset:
            self.fail("invalid", input=data)
        return result

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` as a boolean (recognised strings first, then truthiness)."""
        if value is True or value is False:
            return value
        result = self._classify(value)
        return bool(value) if result is _unset else result


class IntegerField(Field):
    """An integer. ``"1"``, ``1.0`` and ``"1.0"`` are accepted; ``1.5`` is not."""

    default_error_messages = {
        "invalid": _("A valid integer is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_string_length": _("String value too large."),
    }
    MAX_STRING_LENGTH = 1000  # longer strings are refused before any parsing
    re_decimal = re.compile(r"\.0*\s*$")  # a trailing ".0" is allowed, ".5" is not

    def __init__(self, **kwargs: Any) -> None:
        self.max_value = kwargs.pop("max_value", None)
        self.min_value = kwargs.pop("min_value", None)
        super().__init__(**kwargs)
        _add_range_validators(self)

    def to_internal_value(self, data: Any) -> Any:
        """Return ``data`` as an int."""
        if type(data) is int:
            return data
        if isinstance(data, str):
            if len(data) > self.MAX_STRING_LENGTH:
                self.fail("max_string_length")
            try:
                # Same result as the regex route whenever int() accepts the text.
                return int(data)
            except ValueError:
                pass
        try:
            return int(self.re_decimal.sub("", str(data)))
        except (ValueError, TypeError):
            self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` as an int."""
        return value if type(value) is int else int(value)


class BigIntegerField(IntegerField):
    """An integer that may be output as a string (``coerce_to_string`` or ``COERCE_BIGINT_TO_STRING``).

    JavaScript clients lose precision above 2**53, hence the string option.
    """

    default_error_messages = {
        "invalid": _("A valid biginteger is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_string_length": _("String value too large."),
    }

    def __init__(self, coerce_to_string: bool | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if coerce_to_string is not None:
            self.coerce_to_string = coerce_to_string

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` as an int, or as a string when coercion is on."""
        coerce = getattr(self, "coerce_to_string", _unset)
        if coerce is _unset:
            coerce = api_settings.COERCE_BIGINT_TO_STRING
        if coerce:
            return "" if value is None else str(value)
        return super().to_representation(value)


class FloatField(Field):
    """A finite float. ``NaN`` and infinities are refused."""

    default_error_messages = {
        "invalid": _("A valid number is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_string_length": _("String value too large."),
        "overflow": _("Integer value too large to convert to float"),
    }
    MAX_STRING_LENGTH = 1000

    def __init__(self, **kwargs: Any) -> None:
        self.max_value = kwargs.pop("max_value", None)
        self.min_value = kwargs.pop("min_value", None)
        super().__init__(**kwargs)
        _add_range_validators(self)

    def to_internal_value(self, data: Any) -> Any:
        """Return ``data`` as a finite float."""
        if isinstance(data, str) and len(data) > self.MAX_STRING_LENGTH:
            self.fail("max_string_length")
        try:
            value = float(data)
        except (TypeError, ValueError):
            self.fail("invalid")
        except OverflowError:
            self.fail("overflow")
        if not math.isfinite(value):
            self.fail("invalid")
        return value

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` as a float."""
        return value if type(value) is float else float(value)


_ROUNDINGS = [value for name, value in vars(decimal).items() if name.startswith("ROUND_")]
_INFINITIES = (decimal.Decimal("Inf"), decimal.Decimal("-Inf"))


class DecimalField(Field):
    """A ``Decimal`` limited to ``max_digits`` digits, ``decimal_places`` of them after the point.

    Output is a string unless ``coerce_to_string=False`` (default from
    ``COERCE_DECIMAL_TO_STRING``). With ``rounding`` (a ``decimal.ROUND_*``
    constant) input with too many decimal places is rounded instead of refused
    (restwell; Django REST framework only rounds output). ``localize=True``
    reads and writes the active locale's separators.
    """

    default_error_messages = {
        "invalid": _("A valid number is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_digits": _("Ensure that there are no more than {max_digits} digits in total."),
        "max_decimal_places": _(
            "Ensure that there are no more than {max_decimal_places} decimal places."
        ),
        "max_whole_digits": _(
            "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
        ),
        "max_string_length": _("String value too large."),
    }
    MAX_STRING_LENGTH = 1000

    def __init__(
        self,
        max_digits: int | None,
        decimal_places: int | None,
        coerce_to_string: bool | None = None,
        max_value: Any = None,
        min_value: Any = None,
        localize: bool = False,
        rounding: str | None = None,
        normalize_output: bool = False,
        **kwargs: Any,
    ) -> None:
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        self.localize = localize
        self.normalize_output = normalize_output
        if coerce_to_string is not None:
            self.coerce_to_string = coerce_to_string
        if localize:
            self.coerce_to_string = True
        self.max_value = max_value
        self.min_value = min_value
        for name, limit in (("max_value", max_value), ("min_value", min_value)):
            if limit is not None and not isinstance(limit, (int, decimal.Decimal)):
                warnings.warn(f"{name} should be an integer or Decimal instance.", stacklevel=2)
        if max_digits is not None and decimal_places is not None:
            self.max_whole_digits: int | None = max_digits - decimal_places
        else:
            self.max_whole_digits = None
        super().__init__(**kwargs)
        _add_range_validators(self)
        if rounding is not None and rounding not in _ROUNDINGS:
            raise FieldConfigurationError(
                f"Invalid rounding option {rounding}. Valid values for rounding are: {_ROUNDINGS}"
            )
        self.rounding = rounding

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        """As ``Field``'s, and a blank string means ``None`` when ``allow_null`` is set."""
        if self.allow_null and isinstance(data, str) and data.strip() == "":
            return (True, None)
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> Any:
        """Return ``data`` as a ``Decimal`` checked against the digit limits and quantized."""
        if isinstance(data, float):
            # repr() is the shortest string that round-trips: 0.1 -> "0.1".
            text = float.__repr__(data)
        else:
            text = smart_str(data).strip()
            if self.localize:
                text = sanitize_separators(text)
        if len(text) > self.MAX_STRING_LENGTH:
            self.fail("max_string_length")
        try:
            value = decimal.Decimal(text)
        except decimal.DecimalException:
            self.fail("invalid")
        if not value.is_finite():
            self.fail("invalid")
        places = self.decimal_places
        # The exponent is an int: the value is finite here.
        if (
            self.rounding is not None
            and places is not None
            and cast(int, value.as_tuple().exponent) < -places
        ):
            # Round first, so "12.345" becomes 12.35 instead of a 400 (case C01).
            # The precision is sized for the result; the digit count is bounded
            # by MAX_STRING_LENGTH above.
            value = value.quantize(
                decimal.Decimal(1).scaleb(-places),
                rounding=self.rounding,
                context=decimal.Context(prec=max(value.adjusted() + 1, 0) + places + 1),
            )
        value = self.validate_precision(value)
        try:
            return self.quantize(value)
        except decimal.InvalidOperation:
            # Only reachable without max_digits: a value too wide for the
            # decimal context's precision once padded to decimal_places.
            self.fail("invalid")

    def validate_precision(self, value: decimal.Decimal) -> decimal.Decimal:
        """Check ``value`` against ``max_digits``, ``decimal_places`` and the whole digits.

        Override to relax or extend the precision rules for input values.
        """
        # A finite value (to_internal_value rejects the rest), so the exponent is an int.
        _sign, digits, exponent = cast("tuple[int, tuple[int, ...], int]", value.as_tuple())
        if exponent >= 0:
            total_digits = len(digits) + exponent
            whole_digits = total_digits
            places = 0
        elif len(digits) > -exponent:
            total_digits = len(digits)
            whole_digits = total_digits + exponent
            places = -exponent
        else:
            total_digits = -exponent
            whole_digits = 0
            places = total_digits
        if self.max_digits is not None and total_digits > self.max_digits:
            self.fail("max_digits", max_digits=self.max_digits)
        if self.decimal_places is not None and places > self.decimal_places:
            self.fail("max_decimal_places", max_decimal_places=self.decimal_places)
        if self.max_whole_digits is not None and whole_digits > self.max_whole_digits:
            self.fail("max_whole_digits", max_whole_digits=self.max_whole_digits)
        return value

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` quantized, as a string or a ``Decimal``."""
        coerce = getattr(self, "coerce_to_string", _unset)
        if coerce is _unset:
            coerce = api_settings.COERCE_DECIMAL_TO_STRING
        if value is None:
            return "" if coerce else None
        if not isinstance(value, decimal.Decimal):
            value = decimal.Decimal(str(value).strip())
        quantized = self.quantize(value, strict=False)
        if self.normalize_output:
            quantized = quantized.normalize()
        if not coerce:
            return quantized
        if self.localize:
            return localize_input(quantized)
        return f"{quantized:f}"

    def quantize(self, value: decimal.Decimal, strict: bool = True) -> decimal.Decimal:
        """Round ``value`` to ``decimal_places`` using ``rounding``."""
        places = self.decimal_places
        if places is None:
            return value
        context = decimal.getcontext().copy()
        if self.max_digits is not None:
            context.prec = self.max_digits
        try:
            return value.quantize(
                decimal.Decimal(1).scaleb(-places), rounding=self.rounding, context=context
            )
        except decimal.InvalidOperation:
            # A stored value wider than max_digits: render it rounded to the
            # places rather than fail the whole response.
            if strict or not value.is_finite():
                raise
            return value.quantize(decimal.Decimal(1).scaleb(-places), rounding=self.rounding)


__all__ = ["BigIntegerField", "BooleanField", "DecimalField", "FloatField", "IntegerField"]
