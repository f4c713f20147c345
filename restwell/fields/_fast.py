"""Inline checks for the stock validators, so valid values skip the validator calls.

A ``CharField(max_length=100)`` carries three validators (length, NUL and
surrogate characters); calling them costs more than converting the value. For
validators of known exact types the same condition is checked inline; only
when one of those checks fails (or cannot be evaluated) does the field run the
full validator list, which produces exactly the errors Django REST framework
would. ``field.validators`` itself is never changed.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)

_MAX_LEN, _MIN_LEN, _MAX_VALUE, _MIN_VALUE, _NO_NUL, _NO_SURROGATE = range(6)

_LIMIT_KINDS = {
    MaxLengthValidator: _MAX_LEN,
    MinLengthValidator: _MIN_LEN,
    MaxValueValidator: _MAX_VALUE,
    MinValueValidator: _MIN_VALUE,
}

_surrogate_class: Any = None


def surrogate_validator_class() -> Any:
    """Return ``restwell.validators.ProhibitSurrogateCharactersValidator`` (imported on first use)."""
    global _surrogate_class
    if _surrogate_class is None:
        from restwell.validators import ProhibitSurrogateCharactersValidator

        _surrogate_class = ProhibitSurrogateCharactersValidator
    return _surrogate_class


def split_validators(validators: list[Any]) -> tuple[tuple[tuple[int, Any], ...], list[Any]]:
    """Split ``validators`` into inline checks ``(kind, limit)`` and the rest to call."""
    checks = []
    rest = []
    surrogate_class = surrogate_validator_class()
    for validator in validators:
        cls = type(validator)
        kind = _LIMIT_KINDS.get(cls)
        if kind is not None and not callable(validator.limit_value):
            checks.append((kind, validator.limit_value))
        elif cls is ProhibitNullCharactersValidator:
            checks.append((_NO_NUL, None))
        elif cls is surrogate_class:
            checks.append((_NO_SURROGATE, None))
        else:
            rest.append(validator)
    return tuple(checks), rest


def checks_pass(checks: tuple[tuple[int, Any], ...], value: Any) -> bool:
    """Return True when every inline check holds for ``value`` (False if unsure)."""
    try:
        for kind, limit in checks:
            if kind == _MAX_LEN:
                if len(value) > limit:
                    return False
            elif kind == _MIN_LEN:
                if len(value) < limit:
                    return False
            elif kind == _MAX_VALUE:
                if value > limit:
                    return False
            elif kind == _MIN_VALUE:
                if value < limit:
                    return False
            elif type(value) is not str:
                return False
            elif kind == _NO_NUL:
                if "\x00" in value:
                    return False
            elif not value.isascii():
                # Surrogates are exactly the code points UTF-8 cannot encode.
                value.encode("utf-8")
    except Exception:
        return False
    return True


__all__ = ["checks_pass", "split_validators", "surrogate_validator_class"]
