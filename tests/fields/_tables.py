"""Helpers for table-driven field tests: valid inputs, invalid inputs, outputs."""

from __future__ import annotations

from typing import Any

import pytest

from restwell.exceptions import ValidationError
from restwell.fields import empty


def assert_valid(field: Any, data: Any, expected: Any) -> None:
    value = field.run_validation(data)
    assert value == expected, f"input {data!r}"
    assert type(value) is type(expected), f"input {data!r}: {type(value)}"


def assert_invalid(field: Any, data: Any, expected: Any, codes: Any = None) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        field.run_validation(data)
    assert info.value.detail == expected, f"input {data!r}"
    if codes is not None:
        assert info.value.get_codes() == codes
    return info.value


def assert_output(field: Any, value: Any, expected: Any) -> None:
    out = field.to_representation(value)
    assert out == expected, f"value {value!r}"
    assert type(out) is type(expected), f"value {value!r}: {type(out)}"


__all__ = ["assert_invalid", "assert_output", "assert_valid", "empty"]
