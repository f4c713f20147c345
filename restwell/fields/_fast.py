"""Inline checks for the stock validators, so valid values skip the validator calls.

A ``CharField(max_length=100)`` carries three validators (length, NUL and
surrogate characters); calling them costs more than converting the value. For
validators of known exact types the same condition is checked inline; only
when one of those checks fails (or cannot be evaluated) does the field run the
full validator list, which produces exactly the errors Django REST framework
would. ``field.validators`` itself is never changed.
"""

from __future__ import annotations

import datetime
import decimal
import re
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




# -- fast input paths -------------------------------------------------------
#
# For the generated validate function of a serializer (see
# restwell.serializers._write): a condition over the incoming value
# ``raw`` that, when true, proves the field's full ``run_validation(raw)``
# would return the value named by the returned expression without raising.
# When it is false the field's own ``run_validation`` runs, so every error
# message and code comes from the general path. Only restwell's own classes
# (exact type, no per-instance method overrides) and only validators whose
# check is inlined qualify.

SLOW = object()
_OWN_METHODS = ("run_validation", "to_internal_value", "validate_empty_values", "run_validators", "get_value")
_NUMBER_TYPES = (int, float)


def _no_surrogates(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _inline_checks(field: Any, subject: str, consts: dict[str, Any], prefix: str, text: bool) -> list[str] | None:
    checks, rest = split_validators(field.validators)
    if rest:
        return None
    parts = []
    for number, (kind, limit) in enumerate(checks):
        if kind in (_MAX_LEN, _MIN_LEN):
            if not text or type(limit) is not int:
                return None
            parts.append(f"len({subject}) {'<=' if kind == _MAX_LEN else '>='} {limit}")
        elif kind in (_MAX_VALUE, _MIN_VALUE):
            if text or isinstance(limit, bool) or not isinstance(limit, (*_NUMBER_TYPES, decimal.Decimal)):
                return None
            consts[f"{prefix}L{number}"] = limit
            parts.append(f"{subject} {'<=' if kind == _MAX_VALUE else '>='} {prefix}L{number}")
        elif not text:
            return None
        elif kind == _NO_NUL:
            parts.append(f"'\\x00' not in {subject}")
        else:
            consts["no_surrogates"] = _no_surrogates
            parts.append(f"({subject}.isascii() or no_surrogates({subject}))")
    return parts


# Plain decimal notation: the input whose digit counts can be read off the
# text (anything else, e.g. "1E+2" or ".5", takes the field's own method).
_PLAIN_DECIMAL = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?").fullmatch


def _decimal_parser(field: Any) -> Any:
    places, max_digits, max_whole = field.decimal_places, field.max_digits, field.max_whole_digits
    quantum = decimal.Decimal(1).scaleb(-places)
    limit = field.MAX_STRING_LENGTH

    def parse(raw: str) -> Any:
        # DecimalField.to_internal_value + validate_precision + quantize for a
        # plain decimal string within the limits; SLOW for anything else.
        # The digit counts are those validate_precision() reads from
        # as_tuple(): decimal places as written, whole digits without
        # leading zeros (a lone zero counts as one when there is no point).
        text = raw.strip()
        if len(text) > limit:
            return SLOW
        match = _PLAIN_DECIMAL(text)
        if match is None:
            return SLOW
        integer, fraction = match.groups()
        given = len(fraction) if fraction else 0
        if given > places:
            return SLOW  # rounded or refused by the general path
        whole = len(integer.lstrip("0"))
        if not whole and not given:
            whole = 1
        if whole + given > max_digits or whole > max_whole:
            return SLOW
        value = decimal.Decimal(text)
        if given == places:
            return value
        try:
            # Only adds zeros: exact, so the context's rounding never applies.
            return value.quantize(quantum)
        except ArithmeticError:
            return SLOW

    return parse


def _iso_date_parser(raw: str) -> Any:
    # parse_date() tries date.fromisoformat() first; when that succeeds it is
    # the result, otherwise the general path decides.
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


def input_fast_path(field: Any, index: int) -> tuple[str, str, dict[str, Any]] | None:
    """Return ``(condition, value, constants)`` for ``field``'s fast input path, or None.

    ``condition`` is a Python expression over ``raw`` (the incoming value);
    when it is true, ``value`` (an expression evaluated after it) is exactly
    what ``field.run_validation(raw)`` returns. ``constants`` are the names
    both expressions use, prefixed with ``f<index>_`` where field-specific.
    """
    from restwell.fields._datetime import DateField
    from restwell.fields._numeric import BigIntegerField, BooleanField, DecimalField, IntegerField
    from restwell.fields._text import CharField

    own = field.__dict__
    if any(name in own for name in _OWN_METHODS) or field.read_only:
        return None
    kind = type(field)
    prefix = f"f{index}_"
    consts: dict[str, Any] = {}
    if kind is CharField:
        checks = _inline_checks(field, "v", consts, prefix, text=True)
        if checks is None:
            return None
        take = "raw.strip()" if field.trim_whitespace else "raw"
        return " and ".join([f"type(raw) is str and (v := {take})", *checks]), "v", consts
    if kind is IntegerField or kind is BigIntegerField:
        checks = _inline_checks(field, "raw", consts, prefix, text=False)
        if checks is None:
            return None
        return " and ".join(["type(raw) is int", *checks]), "raw", consts
    if kind is BooleanField:
        if field.validators:
            return None
        return "(raw is True or raw is False)", "raw", consts
    if kind is DecimalField:
        if field.localize or field.decimal_places is None or field.max_digits is None:
            return None
        checks = _inline_checks(field, "v", consts, prefix, text=False)
        if checks is None:
            return None
        consts[prefix + "parse"] = _decimal_parser(field)
        consts["SLOW"] = SLOW
        head = f"type(raw) is str and (v := {prefix}parse(raw)) is not SLOW"
        return " and ".join([head, *checks]), "v", consts
    if kind is DateField:
        if field.validators or not _iso_first(field):
            return None
        consts["parse_iso_date"] = _iso_date_parser
        return "type(raw) is str and (v := parse_iso_date(raw)) is not None", "v", consts
    return None


def _iso_first(field: Any) -> bool:
    from restwell import ISO_8601
    from restwell.settings import api_settings

    formats = getattr(field, "input_formats", None)
    if formats is None:
        formats = api_settings.DATE_INPUT_FORMATS
    try:
        first = next(iter(formats))
    except (StopIteration, TypeError):
        return False
    return isinstance(first, str) and first.lower() == ISO_8601


__all__ = ["SLOW", "checks_pass", "input_fast_path", "split_validators", "surrogate_validator_class"]
