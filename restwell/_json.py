"""The JSON seam: every byte of JSON restwell reads or writes goes through here.

``dumps()`` and ``loads()`` use orjson, which is several times faster than the
standard library, and fall back to the stdlib ``json`` module only for what
orjson cannot express: an indent other than 2, the "long" separators
``(", ", ": ")``, the literal ``NaN``/``Infinity`` tokens, integers beyond
64 bits, and non-string dict keys. The output is byte-for-byte what Django REST
framework's stdlib-based encoder produces for the same options, so switching
renderers never changes a response body.

Library code must import JSON only from here (a ruff ``banned-api`` rule
enforces it), so the fast encoder stays a single swap.
"""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import json as _stdjson
import math
import re
import uuid
from collections.abc import Callable
from typing import Any

import orjson
from django.db.models.query import QuerySet
from django.utils.encoding import force_str
from django.utils.functional import Promise

from restwell.settings import restwell_settings

__all__ = [
    "INDENT_SEPARATORS",
    "LONG_SEPARATORS",
    "SHORT_SEPARATORS",
    "default",
    "dumps",
    "escape_js_separators",
    "loads",
    "strict_constant",
]

SHORT_SEPARATORS = (",", ":")
LONG_SEPARATORS = (", ", ": ")
INDENT_SEPARATORS = (",", ": ")

_IP_TYPES = (
    ipaddress.IPv4Address,
    ipaddress.IPv6Address,
    ipaddress.IPv4Network,
    ipaddress.IPv6Network,
    ipaddress.IPv4Interface,
    ipaddress.IPv6Interface,
)

# Two kinds of value go to ``default`` instead of being written by orjson:
# datetime/date/time, because DRF writes "Z" where orjson writes "+00:00", and
# subclasses of dict/list/str/int, because the stdlib encoder DRF used reads a
# dict subclass through its ``items()`` (a QueryDict shows one value per key,
# not the lists it stores). Serializers return plain dicts and lists below the
# top-level ReturnDict/ReturnList, so this costs one call per response.
_OPT_BASE = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS


def default(obj: Any) -> Any:
    """Convert ``obj``, which JSON cannot hold directly, into something it can.

    This is the conversion table of Django REST framework's ``JSONEncoder``:
    lazy strings to ``str``, datetimes to ISO 8601 (``Z`` for UTC), timedeltas
    to a string of total seconds, ``Decimal`` to ``float``, UUIDs and IP
    addresses to ``str``, querysets and other iterables to sequences, bytes
    decoded as UTF-8, and objects with ``tolist()`` (numpy) to lists.

    Subclasses of the JSON types are read as the standard library reads them
    (a dict subclass through ``items()``).

    Raise ``TypeError`` for anything else.
    """
    if isinstance(obj, dict):
        return dict(obj.items())
    if isinstance(obj, list):
        return list(obj)
    if isinstance(obj, str):
        return str.__str__(obj)
    if isinstance(obj, int) and not isinstance(obj, bool):
        return int.__index__(obj)
    if isinstance(obj, Promise):
        return force_str(obj)
    if isinstance(obj, datetime.datetime):
        text = obj.isoformat()
        if text.endswith("+00:00"):
            text = text[:-6] + "Z"
        return text
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    if isinstance(obj, datetime.time):
        if obj.utcoffset() is not None:
            raise ValueError("JSON can't represent timezone-aware times.")
        return obj.isoformat()
    if isinstance(obj, datetime.timedelta):
        return str(obj.total_seconds())
    if isinstance(obj, decimal.Decimal):
        # Serializers turn decimals into strings (COERCE_DECIMAL_TO_STRING);
        # a Decimal that reaches the encoder is rendered as a number.
        return float(obj)
    if isinstance(obj, (uuid.UUID, *_IP_TYPES)):
        return str(obj)
    if isinstance(obj, QuerySet):
        return tuple(obj)
    if isinstance(obj, bytes):
        return obj.decode()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if hasattr(obj, "__getitem__"):
        container = list if isinstance(obj, (list, tuple)) else dict
        try:
            return container(obj)
        except Exception:
            pass
    elif hasattr(obj, "__iter__"):
        return tuple(obj)
    raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")


def strict_constant(o: Any) -> Any:
    """Reject the ``NaN``/``Infinity`` tokens (a ``parse_constant`` hook)."""
    raise ValueError("Out of range float values are not JSON compliant: " + repr(o))


# Longest number literal quoted in full in an error message.
_MAX_QUOTED_NUMBER = 40


def _finite_float(text: str) -> float:
    # A literal such as 1e999999 overflows to infinity: as strict as the tokens.
    value = float(text)
    if not math.isfinite(value):
        if len(text) > _MAX_QUOTED_NUMBER:
            # A megabyte of digits should not come back in the error body.
            text = text[: _MAX_QUOTED_NUMBER // 2] + "..." + text[-_MAX_QUOTED_NUMBER // 4 :]
        strict_constant(text)
    return value


def escape_js_separators(data: bytes) -> bytes:
    """Escape U+2028 and U+2029, which JSON allows raw but JavaScript does not."""
    # Both start with the byte 0xE2; a one-byte search is a memchr, far cheaper
    # than a multi-byte search, and most bodies never contain that byte.
    if b"\xe2" in data:
        data = data.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return data


def _ascii_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return "\\u%04x" % code
    code -= 0x10000
    return "\\u%04x\\u%04x" % (0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_nonfinite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _replace_nonfinite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace_nonfinite(v) for v in value]
    return value


def _stdlib_dumps(
    obj: Any,
    indent: int | None,
    ensure_ascii: bool,
    sort_keys: bool,
    default: Callable[[Any], Any] | None,
    separators: tuple[str, str],
    nonfinite: str,
    cls: type | None,
) -> bytes:
    kwargs: dict[str, Any] = {}
    if cls is None:
        cls = _stdjson.JSONEncoder
        kwargs["default"] = default
    encoder = cls(
        indent=indent,
        ensure_ascii=ensure_ascii,
        sort_keys=sort_keys,
        separators=separators,
        allow_nan=nonfinite != "error",
        **kwargs,
    )
    if nonfinite == "null":
        # The stdlib cannot write ``null`` for NaN; clean the values instead,
        # including what the default hook produces. Rare path only.
        obj = _replace_nonfinite(obj)
        inner = encoder.default

        def hook(o: Any) -> Any:
            return _replace_nonfinite(inner(o))

        encoder.default = hook  # type: ignore[method-assign]
    text = encoder.encode(obj)
    try:
        return text.encode()
    except UnicodeEncodeError:
        # Lone surrogates (from "\\ud83d" in some input) can only be written
        # escaped; they occur inside strings, so escaping them keeps valid JSON.
        return _SURROGATE.sub(_ascii_escape, text).encode()


_STDLIB_CAN = ("64-bit", "Recursion limit", "surrogates not allowed")


def _retry(obj: Any, hook: Any, option: int, exc: Exception) -> bytes | None:
    # After orjson refused ``obj``: bytes from a second orjson pass, None for
    # "use the standard library", or re-raise for a genuine error.
    message = str(exc)
    if "Dict key must be str" in message:
        try:
            return orjson.dumps(obj, default=hook, option=option | orjson.OPT_NON_STR_KEYS)
        except orjson.JSONEncodeError as exc2:
            exc, message = exc2, str(exc2)
    if any(reason in message for reason in _STDLIB_CAN):
        return None
    raise exc


def dumps(
    obj: Any,
    *,
    indent: int | None = None,
    ensure_ascii: bool = False,
    sort_keys: bool = False,
    default: Callable[[Any], Any] | None = default,
    compact: bool = True,
    nonfinite: str | None = None,
    cls: type | None = None,
) -> bytes:
    """Serialise ``obj`` to JSON bytes (UTF-8).

    ``indent`` pretty-prints with that many spaces; ``compact`` chooses between
    ``(",", ":")`` and ``(", ", ": ")`` separators when not indenting.
    ``nonfinite`` says what NaN and infinities become: ``"null"`` (the default,
    from ``RESTWELL["JSON_NONFINITE_FLOATS"]``), ``"error"`` (``ValueError``) or
    ``"allow"`` (the non-standard ``NaN``/``Infinity`` tokens). ``cls`` is a
    stdlib ``json.JSONEncoder`` subclass to use instead of orjson (for users'
    custom encoders). U+2028/U+2029 are always escaped.
    """
    if nonfinite is None:
        nonfinite = restwell_settings.JSON_NONFINITE_FLOATS
    if indent == 0:
        indent = None
    if cls is None and nonfinite == "null" and (indent == 2 or (indent is None and compact)):
        option = _OPT_BASE
        if indent == 2:
            option |= orjson.OPT_INDENT_2
        if sort_keys:
            option |= orjson.OPT_SORT_KEYS
        hook = default
        if default is not None:
            # Remember what the default hook made of each object, so that a
            # retry below sees the same values: a generator can be read once.
            seen: dict[int, tuple[Any, Any]] = {}

            def hook(o: Any) -> Any:
                try:
                    return seen[id(o)][1]
                except KeyError:
                    value = default(o)  # type: ignore[misc]
                    seen[id(o)] = (o, value)
                    return value

        try:
            data = orjson.dumps(obj, default=hook, option=option)
        except orjson.JSONEncodeError as exc:
            retried = _retry(obj, hook, option, exc)
            if retried is not None:
                data = retried
            else:
                # What orjson cannot write (integers over 64 bits, nesting over
                # 254, lone surrogates) the standard library can; rare path.
                separators = INDENT_SEPARATORS if indent else SHORT_SEPARATORS
                data = _stdlib_dumps(
                    obj, indent, ensure_ascii, sort_keys, hook, separators, nonfinite, None
                )
        if ensure_ascii and not data.isascii():
            return _NON_ASCII.sub(_ascii_escape, data.decode()).encode()
        # escape_js_separators(), with its one-byte test inlined (hot path).
        return escape_js_separators(data) if b"\xe2" in data else data

    if indent is not None:
        separators = INDENT_SEPARATORS
    else:
        separators = SHORT_SEPARATORS if compact else LONG_SEPARATORS
    data = _stdlib_dumps(obj, indent, ensure_ascii, sort_keys, default, separators, nonfinite, cls)
    return escape_js_separators(data)


class _DepthError(ValueError):
    pass


def _too_deep(value: Any, limit: int) -> bool:
    # Breadth first, one level per iteration: at most ``limit`` + 1 passes and
    # no recursion, whatever the input.
    level = [value]
    depth = 1
    while level:
        if depth > limit:
            return True
        children: list[Any] = []
        for item in level:
            values = item.values() if item.__class__ is dict else item
            children.extend([v for v in values if v.__class__ is dict or v.__class__ is list])
        level = children
        depth += 1
    return False


# One C-speed pass classifies every byte: digits become "0", brackets "[" or
# "]", quotes and backslashes stay, the rest becomes " ". On the result, a run
# of 19 "0" finds integers orjson would turn into floats (it keeps 64 bits),
# and the brackets give the nesting depth without walking the parsed value.
_CLASSES = bytearray(b" " * 256)
for _c in b"0123456789":
    _CLASSES[_c] = ord("0")
for _c in b"[{":
    _CLASSES[_c] = ord("[")
for _c in b"]}":
    _CLASSES[_c] = ord("]")
_CLASSES[ord('"')] = ord('"')
_CLASSES[ord("\\")] = ord("\\")
_CLASSES = bytes(_CLASSES)  # type: ignore[assignment]
_LONG_RUN = b"0" * 19
_MISSING: Any = object()


def _too_deep_fast(classes: bytes, value: Any, limit: int) -> bool:
    # ``classes`` is the classified text of a document that parsed, so its
    # brackets balance. Escaped backslashes and quotes go first; then only
    # brackets and string quotes are kept. If every string is free of brackets,
    # its quotes are adjacent and vanish, leaving the structure alone.
    if b"\\" in classes:
        classes = classes.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = classes.translate(None, b" 0\\")
    if b'"' in brackets:
        brackets = brackets.replace(b'""', b"")
        if b'"' in brackets:  # brackets inside strings: walk the value
            return _too_deep(value, limit)
    # Each pass drops the innermost pairs, so the passes count the depth.
    depth = 0
    while brackets:
        depth += 1
        if depth > limit:
            return True
        if depth > 16:  # unusually deep: one linear walk beats more passes
            return _too_deep(value, limit)
        brackets = brackets.replace(b"[]", b"")
    return False


def _depth_message(limit: int) -> str:
    return "Nesting depth exceeds the limit of %d." % limit


def loads(
    data: bytes | bytearray | memoryview | str,
    *,
    strict: bool = True,
    max_depth: int | None = None,
) -> Any:
    """Parse JSON text (bytes in UTF-8, or ``str``) into Python objects.

    ``strict`` rejects the ``NaN``/``Infinity`` tokens. Documents nested deeper
    than ``max_depth`` arrays/objects (default ``RESTWELL["MAX_JSON_DEPTH"]``)
    are rejected. Errors are ``ValueError`` with the standard library's
    message (``"Expecting value: line 1 column 1 (char 0)"``), so they read
    the same as Django REST framework's.
    """
    if max_depth is None:
        max_depth = restwell_settings.MAX_JSON_DEPTH
    is_text = isinstance(data, str)
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
    else:
        raw = bytes(data)
    size = len(raw)
    # Too short for a 19-digit run or for more than max_depth brackets: skip.
    classes = raw.translate(_CLASSES) if size >= 19 or (max_depth and size > max_depth) else b""
    value: Any = _MISSING
    if _LONG_RUN not in classes:
        try:
            value = orjson.loads(data)  # type: ignore[arg-type]
        except orjson.JSONDecodeError:
            pass
    if value is _MISSING:
        # orjson refused (or would lose digits): the stdlib gives the message
        # users know, and accepts what DRF accepts (lone surrogate escapes,
        # which the string fields then reject with a clear message).
        text = data if is_text else raw.decode("utf-8")
        try:
            if strict:
                value = _stdjson.loads(
                    text,  # type: ignore[arg-type]
                    parse_constant=strict_constant,
                    parse_float=_finite_float,
                )
            else:
                value = _stdjson.loads(text)  # type: ignore[arg-type]
        except RecursionError:
            raise _DepthError(_depth_message(max_depth or 0))
    if (
        max_depth
        and classes.count(b"[") > max_depth
        and value.__class__ in (dict, list)
        and _too_deep_fast(classes, value, max_depth)
    ):
        raise _DepthError(_depth_message(max_depth))
    return value
