"""restwell.fields._numeric: booleans, integers, floats and decimals."""

from __future__ import annotations

import decimal
import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from restwell.fields import (
    BigIntegerField,
    BooleanField,
    DecimalField,
    FieldConfigurationError,
    FloatField,
    IntegerField,
)
from tests.fields._tables import assert_invalid, assert_output, assert_valid

BOOL_INVALID = ["Must be a valid boolean."]
INT_INVALID = ["A valid integer is required."]
NUMBER_INVALID = ["A valid number is required."]

# --- BooleanField (C04) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    ["Yes", "TRUE", "on", "1", 1, 1.0, True, "t", "y", "true", "On"],
)
def test_boolean_true_inputs(data):
    """C04: true-like strings and numbers give True."""
    assert_valid(BooleanField(), data, True)


@pytest.mark.parametrize("data", ["No", "off", "0", 0, 0.0, False, "f", "n", "false", "FALSE"])
def test_boolean_false_inputs(data):
    """C04: false-like strings and numbers give False."""
    assert_valid(BooleanField(), data, False)


@pytest.mark.parametrize("data", ["maybe", 2, "", [], {}, "null", 0.5])
def test_boolean_invalid_inputs(data):
    """C04: anything else is refused with the boolean message and code ``invalid``."""
    assert_invalid(BooleanField(), data, BOOL_INVALID, codes=["invalid"])


def test_boolean_null():
    """C04: ``""``/``"null"``/None are null only with allow_null."""
    assert_invalid(BooleanField(), None, ["This field may not be null."], codes=["null"])
    field = BooleanField(allow_null=True)
    for data in ("", "null", None):
        assert field.run_validation(data) is None
    assert field.initial is None
    assert field.default_empty_html is None


@pytest.mark.parametrize(
    "value,expected",
    [("true", True), ("OFF", False), (1, True), (0, False), ("other", True), ([], False)],
)
def test_boolean_outputs(value, expected):
    assert_output(BooleanField(), value, expected)


# --- IntegerField (C03) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data,expected", [(1, 1), ("1", 1), ("1.0", 1), (1.0, 1), (" 7 ", 7), ("-3", -3), (0, 0)]
)
def test_integer_valid(data, expected):
    """C03: integers, integral strings and integral floats are accepted."""
    assert_valid(IntegerField(), data, expected)


@pytest.mark.parametrize("data", [1.5, "1.5", True, "1e3", "abc", "inf", [], {}, 1e20])
def test_integer_invalid(data):
    """C03: non-integral values and booleans are refused."""
    assert_invalid(IntegerField(), data, INT_INVALID, codes=["invalid"])


def test_integer_string_too_long():
    """C03: a 1001-character digit string is refused before parsing."""
    assert_invalid(
        IntegerField(), "1" * 1001, ["String value too large."], codes=["max_string_length"]
    )
    assert IntegerField().run_validation("1" * 1000) == int("1" * 1000)


def test_integer_range():
    field = IntegerField(min_value=1, max_value=3)
    assert_valid(field, "3", 3)
    assert_invalid(field, 0, ["Ensure this value is greater than or equal to 1."], ["min_value"])
    assert_invalid(field, 4, ["Ensure this value is less than or equal to 3."], ["max_value"])


def test_integer_outputs():
    assert_output(IntegerField(), 3, 3)
    assert_output(IntegerField(), "3", 3)
    assert_output(IntegerField(), 3.0, 3)


def test_big_integer():
    field = BigIntegerField()
    assert_valid(field, str(2**63), 2**63)
    assert_invalid(field, "x", ["A valid biginteger is required."])
    assert_output(field, 2**63, 2**63)
    assert_output(BigIntegerField(coerce_to_string=True), 2**63, str(2**63))
    assert_output(BigIntegerField(coerce_to_string=True), None, "")
    with override_settings(REST_FRAMEWORK={"COERCE_BIGINT_TO_STRING": True}):
        assert_output(field, 5, "5")
    assert_output(field, 5, 5)


# --- FloatField (C03) -----------------------------------------------------------------


@pytest.mark.parametrize("data,expected", [("1", 1.0), (1, 1.0), (1.5, 1.5), ("-2.5", -2.5)])
def test_float_valid(data, expected):
    assert_valid(FloatField(), data, expected)


@pytest.mark.parametrize(
    "data", ["nan", "inf", "-inf", "1e400", "abc", float("nan"), float("inf"), None.__class__]
)
def test_float_invalid(data):
    """C03: non-finite numbers are never accepted (they could not be rendered later)."""
    assert_invalid(FloatField(), data, NUMBER_INVALID, codes=["invalid"])


def test_float_huge_integer():
    """C03: a JSON integer beyond float range gets the overflow message."""
    assert_invalid(
        FloatField(), 10**400, ["Integer value too large to convert to float"], ["overflow"]
    )


def test_float_range_and_output():
    field = FloatField(min_value=1, max_value=3)
    assert_invalid(field, "0.5", ["Ensure this value is greater than or equal to 1."])
    assert_output(FloatField(), "2", 2.0)
    assert_output(FloatField(), 2, 2.0)


# --- DecimalField (C01) ---------------------------------------------------------------


def test_decimal_rounding_applies_to_input():
    """C01: with ``rounding`` the input is quantized, not refused (restwell)."""
    field = DecimalField(max_digits=5, decimal_places=2, rounding=ROUND_HALF_UP)
    value = field.run_validation("12.345")
    assert value == Decimal("12.35")
    assert value.as_tuple() == Decimal("12.35").as_tuple()
    assert field.to_representation(value) == "12.35"
    down = DecimalField(max_digits=5, decimal_places=2, rounding=ROUND_DOWN)
    assert down.run_validation("12.349") == Decimal("12.34")


def test_decimal_rounding_still_checks_digits():
    """C01: rounding never lets a too-wide number through."""
    field = DecimalField(max_digits=3, decimal_places=1, rounding=ROUND_HALF_UP)
    assert_invalid(field, 99.96, ["Ensure that there are no more than 3 digits in total."])
    assert_invalid(field, "1e999999", ["Ensure that there are no more than 3 digits in total."])
    assert field.run_validation("1e-999999") == Decimal("0.0")


def test_decimal_without_rounding_refuses_extra_places():
    """C01: without ``rounding``, too many decimal places is a 400 as in DRF."""
    field = DecimalField(max_digits=5, decimal_places=2)
    assert_invalid(
        field,
        "12.345",
        ["Ensure that there are no more than 2 decimal places."],
        codes=["max_decimal_places"],
    )


def test_decimal_large_float():
    """C01: a large float gets the total-digits message."""
    field = DecimalField(max_digits=3, decimal_places=1)
    assert_invalid(field, 200000000000.0, ["Ensure that there are no more than 3 digits in total."])


@pytest.mark.parametrize("data", ["NaN", "Infinity", "-Infinity", "sNaN", "inf", "abc", True])
def test_decimal_non_finite(data):
    """C01: NaN and infinities are refused."""
    assert_invalid(DecimalField(max_digits=5, decimal_places=2), data, NUMBER_INVALID, ["invalid"])


def test_decimal_float_uses_repr():
    """C01: JSON 0.1 is Decimal('0.1'), not the binary expansion."""
    field = DecimalField(max_digits=5, decimal_places=None)
    assert field.run_validation(0.1) == Decimal("0.1")
    assert field.run_validation(0.1).as_tuple() == Decimal("0.1").as_tuple()
    assert DecimalField(max_digits=5, decimal_places=2).run_validation(0.1) == Decimal("0.10")


def test_decimal_float_subclass():
    class MyFloat(float):
        def __repr__(self):
            return f"MyFloat({float(self)})"

    assert DecimalField(max_digits=5, decimal_places=2).run_validation(MyFloat(0.1)) == Decimal(
        "0.10"
    )


def test_decimal_localized():
    """C01: localize=True reads and writes the active locale's separators."""
    field = DecimalField(max_digits=5, decimal_places=2, localize=True)
    with translation.override("de"):
        value = field.run_validation("12,30")
        assert value == Decimal("12.30")
        assert field.to_representation(value) == "12,30"
    assert field.to_representation(Decimal("12.3")) == "12.30"


@pytest.mark.parametrize(
    "data,expected,code",
    [
        ("123.4", "Ensure that there are no more than 3 digits in total.", "max_digits"),
        ("0.0123", "Ensure that there are no more than 3 digits in total.", "max_digits"),
        ("0.012", "Ensure that there are no more than 2 decimal places.", "max_decimal_places"),
        (
            "12.3",
            "Ensure that there are no more than 1 digits before the decimal point.",
            "max_whole_digits",
        ),
        ("1" * 1001, "String value too large.", "max_string_length"),
    ],
)
def test_decimal_precision_errors(data, expected, code):
    assert_invalid(DecimalField(max_digits=3, decimal_places=2), data, [expected], [code])


def test_decimal_valid_and_quantized():
    field = DecimalField(max_digits=4, decimal_places=2)
    for data in (12, "12", "12.0", " 12.00 ", 12.0):
        value = field.run_validation(data)
        assert value.as_tuple() == (0, (1, 2, 0, 0), -2), data


def test_decimal_null_and_blank():
    field = DecimalField(max_digits=3, decimal_places=1, allow_null=True, min_value=0)
    for data in ("", "  ", None):
        assert field.run_validation(data) is None
    assert_output(field, None, "")
    assert_invalid(DecimalField(max_digits=3, decimal_places=1), "", NUMBER_INVALID)


def test_decimal_outputs():
    field = DecimalField(max_digits=3, decimal_places=1)
    assert_output(field, Decimal("1.09"), "1.1")
    assert_output(field, 1.09, "1.1")
    assert_output(field, "0.04", "0.0")
    raw = DecimalField(max_digits=3, decimal_places=1, coerce_to_string=False)
    assert_output(raw, Decimal("1.09"), Decimal("1.1"))
    assert_output(raw, None, None)
    with override_settings(REST_FRAMEWORK={"COERCE_DECIMAL_TO_STRING": False}):
        assert_output(field, Decimal("1.0"), Decimal("1.0"))
    norm = DecimalField(max_digits=4, decimal_places=3, normalize_output=True)
    assert_output(norm, Decimal("1.000"), "1")
    assert_output(
        DecimalField(max_digits=4, decimal_places=2, rounding=ROUND_DOWN), "1.239", "1.23"
    )


def test_decimal_output_wider_than_max_digits_does_not_crash():
    """A stored value wider than max_digits renders rounded instead of raising."""
    field = DecimalField(max_digits=3, decimal_places=1)
    assert field.to_representation(Decimal("12345.67")) == "12345.7"


def test_decimal_no_max_digits_huge_exponent():
    field = DecimalField(max_digits=None, decimal_places=2)
    assert_invalid(field, "1e50", NUMBER_INVALID)
    assert field.run_validation("10") == Decimal("10.00")


def test_decimal_invalid_rounding():
    with pytest.raises(FieldConfigurationError, match="Invalid rounding option"):
        DecimalField(max_digits=1, decimal_places=1, rounding="ROUND_UNKNOWN")
    with pytest.raises(AssertionError):
        DecimalField(max_digits=1, decimal_places=1, rounding="nope")


def test_decimal_limit_type_warning():
    with pytest.warns(UserWarning, match="max_value should be an integer or Decimal instance."):
        DecimalField(max_digits=3, decimal_places=1, max_value=1.5)


def test_decimal_context_not_mutated():
    before = decimal.getcontext().prec
    DecimalField(max_digits=3, decimal_places=1).run_validation("1.2")
    assert decimal.getcontext().prec == before
    assert math.isfinite(float(before))
