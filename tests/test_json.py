"""restwell._json (the JSON seam), restwell.utils.json and restwell.utils.encoders."""

from __future__ import annotations

import datetime
import decimal
import enum
import ipaddress
import json
import math
import uuid
from collections import OrderedDict, namedtuple
from collections.abc import Iterator

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.utils.translation import gettext_lazy

from restwell import _json
from restwell.exceptions import ErrorDetail
from restwell.utils import json as drf_json
from restwell.utils.encoders import JSONEncoder
from restwell.utils.serializer_helpers import ReturnDict, ReturnList

UTC = datetime.timezone.utc


class _Level(enum.IntEnum):
    HIGH = 2


_Pair = namedtuple("_Pair", "a b")


class _ToList:
    def tolist(self) -> list[int]:
        return [1, 2, 3]


def _gen() -> Iterator[int]:
    yield from (1, 2, 3)


# (value, bytes restwell renders, what DRF's stdlib encoder gives: same)
DUMPS_CASES = [
    ({"a": 1, "b": [True, None, 1.5]}, b'{"a":1,"b":[true,null,1.5]}'),
    ("é", '"é"'.encode()),
    ("\u2028\u2029", b'"\\u2028\\u2029"'),
    ("–\u2028", '"–\\u2028"'.encode()),
    (
        datetime.datetime(2024, 5, 1, 12, 30, 0, 123456, tzinfo=UTC),
        b'"2024-05-01T12:30:00.123456Z"',
    ),
    (datetime.datetime(2024, 5, 1, 12, 30), b'"2024-05-01T12:30:00"'),
    (
        datetime.datetime(
            2024, 5, 1, 12, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
        b'"2024-05-01T12:30:00+02:00"',
    ),
    (datetime.date(2024, 5, 1), b'"2024-05-01"'),
    (datetime.time(8, 5, 1, 250000), b'"08:05:01.250000"'),
    (datetime.timedelta(hours=1, milliseconds=5), b'"3600.005"'),
    (decimal.Decimal("1.50"), b"1.5"),
    (uuid.UUID("12345678-1234-5678-1234-567812345678"), b'"12345678-1234-5678-1234-567812345678"'),
    (ipaddress.ip_address("2001:0db8::1"), b'"2001:db8::1"'),
    (ipaddress.ip_network("192.0.2.8/29"), b'"192.0.2.8/29"'),
    (gettext_lazy("hello"), b'"hello"'),
    (b"bytes", b'"bytes"'),
    (_ToList(), b"[1,2,3]"),
    (_gen(), b"[1,2,3]"),
    (frozenset([7]), b"[7]"),
    (ReturnDict({"x": 1}, serializer=None), b'{"x":1}'),
    (ReturnList([1], serializer=None), b"[1]"),
    ({1: "int key", None: 0}, b'{"1":"int key","null":0}'),
    (10**30, b"1000000000000000000000000000000"),
    ({"big": 2**64, 3: _gen()}, b'{"big":18446744073709551616,"3":[1,2,3]}'),
    (QueryDict("a=1&a=2&b=3"), b'{"a":"2","b":"3"}'),  # items(): last value, as DRF
    ({"e": ErrorDetail("bad", code="invalid")}, b'{"e":"bad"}'),
    (_Level.HIGH, b"2"),
    (_Pair(1, "x"), b'[1,"x"]'),
    (OrderedDict(b=1, a=2), b'{"b":1,"a":2}'),
    (1e16, b"1e+16"),
    (0.1, b"0.1"),
]


def test_small_floats_keep_their_value() -> None:
    # orjson writes 1e-05 as 0.00001 (the stdlib: 1e-05): same number, other text.
    for value in (1e-05, 1.5e-07, 5e-05):
        assert json.loads(_json.dumps(value)) == value


@pytest.mark.parametrize(("value", "expected"), DUMPS_CASES)
def test_dumps_matches_drf_output(value: object, expected: bytes) -> None:
    assert _json.dumps(value) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_dumps_nonfinite_renders_null_by_default(value: float) -> None:
    assert _json.dumps({"x": value, "y": [value]}) == b'{"x":null,"y":[null]}'


def test_dumps_nonfinite_modes() -> None:
    assert _json.dumps([float("nan")], nonfinite="allow") == b"[NaN]"
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        _json.dumps([float("nan")], nonfinite="error")
    # The slow (stdlib) paths honour "null" too, including values from the default hook.
    assert _json.dumps({"x": decimal.Decimal("NaN")}, indent=4) == b'{\n    "x": null\n}'


@override_settings(RESTWELL={"JSON_NONFINITE_FLOATS": "error"})
def test_dumps_nonfinite_setting() -> None:
    with pytest.raises(ValueError):
        _json.dumps(float("inf"))


def test_dumps_unknown_type_raises_typeerror() -> None:
    with pytest.raises(TypeError):
        _json.dumps(object())


def test_dumps_aware_time_raises() -> None:
    with pytest.raises((TypeError, ValueError)):
        _json.dumps(datetime.time(1, 2, tzinfo=UTC))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"indent": 2}, b'{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}'),
        ({"indent": 4}, b'{\n    "a": [\n        1,\n        {}\n    ],\n    "b": []\n}'),
        ({"indent": 0}, b'{"a":[1,{}],"b":[]}'),
        ({"compact": False}, b'{"a": [1, {}], "b": []}'),
        ({"sort_keys": True}, b'{"a":[1,{}],"b":[]}'),
    ],
)
def test_dumps_layout_options_match_stdlib(kwargs: dict, expected: bytes) -> None:
    value = {"a": [1, {}], "b": []}
    assert _json.dumps(value, **kwargs) == expected
    if kwargs.get("indent"):
        assert expected == json.dumps(value, indent=kwargs["indent"]).encode()


def test_dumps_ensure_ascii_matches_stdlib() -> None:
    value = {"s": "España 😀 \u2028"}
    expected = json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode()
    assert _json.dumps(value, ensure_ascii=True) == expected
    assert expected == b'{"s":"Espa\\u00f1a \\ud83d\\ude00 \\u2028"}'


def test_dumps_custom_encoder_class() -> None:
    class Point:
        pass

    class PointEncoder(JSONEncoder):
        def default(self, obj: object) -> object:
            if isinstance(obj, Point):
                return "point"
            return super().default(obj)

    assert _json.dumps({"p": Point(), "d": decimal.Decimal("2")}, cls=PointEncoder) == (
        b'{"p":"point","d":2.0}'
    )


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


LOADS_CASES = [
    (b'{"a": [1, 2.5, "x", null, true]}', {"a": [1, 2.5, "x", None, True]}),
    ('{"a": "é"}', {"a": "é"}),
    (b"123456789012345678901234567890", 123456789012345678901234567890),
    (b'"\\ud83d"', "\ud83d"),
    (b"[" * 64 + b"]" * 64, _nested(64)),
    # Brackets inside strings are counted first, then the real depth is checked.
    (b'["' + b"{" * 70 + b'"]', ["{" * 70]),
]


@pytest.mark.parametrize(("data", "expected"), LOADS_CASES)
def test_loads(data: bytes | str, expected: object) -> None:
    assert _json.loads(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a":', "Expecting value: line 1 column 6 (char 5)"),
        (b"f00bar", "Expecting value: line 1 column 1 (char 0)"),
        (b'{"x": NaN}', "Out of range float values are not JSON compliant: 'NaN'"),
        (b'{"x": Infinity}', "Out of range float values are not JSON compliant: 'Infinity'"),
        (b'{"a":"\xff"}', "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte"),
        (b"", "Expecting value: line 1 column 1 (char 0)"),
        (b"[" * 65 + b"]" * 65, "Nesting depth exceeds the limit of 64."),
        (b"[" * 5000, "Nesting depth exceeds the limit of 64."),
    ],
)
def test_loads_errors(data: bytes, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        _json.loads(data)
    assert str(excinfo.value) == message


def _deep_with_fake_pairs(depth: int) -> bytes:
    # Every level holds the string "]" and ends with the string "[": a naive
    # bracket count pairs them up and sees a flat document.
    return b'["]",' * depth + b'"["' + b"]" * depth


@pytest.mark.parametrize(
    ("data", "too_deep"),
    [
        (_deep_with_fake_pairs(64), False),
        (_deep_with_fake_pairs(65), True),
        (b"[" * 65 + b'"\\"["' + b"]" * 65, True),
        (b"[" * 65 + b'"\\\\"' + b"]" * 65, True),
        (b"[" * 64 + b'"\\"[[["' + b"]" * 64, False),
        (b"[" + b"[[[]]]," * 100 + b"1]", False),
        (b"[" * 20 + b"[1]," * 100 + b"1" + b"]" * 20, False),
        (b"[" * 40 + b'{"a":' * 24 + b"1" + b"}" * 24 + b"]" * 40, False),
        (b"[" * 40 + b'{"a":' * 25 + b"1" + b"}" * 25 + b"]" * 40, True),
    ],
)
def test_loads_depth_is_exact(data: bytes, too_deep: bool) -> None:
    if too_deep:
        with pytest.raises(ValueError, match="Nesting depth exceeds the limit of 64."):
            _json.loads(data)
    else:
        _json.loads(data)


def test_loads_non_strict_allows_constants() -> None:
    value = _json.loads(b"[NaN, Infinity, -Infinity]", strict=False)
    assert math.isnan(value[0]) and value[1:] == [math.inf, -math.inf]


def test_loads_depth_limit_is_configurable() -> None:
    assert _json.loads(b"[[[]]]", max_depth=3) == [[[]]]
    with pytest.raises(ValueError, match="limit of 2"):
        _json.loads(b"[[[]]]", max_depth=2)
    with override_settings(RESTWELL={"MAX_JSON_DEPTH": 2}), pytest.raises(ValueError):
        _json.loads(b"[[[]]]")


# -- restwell.utils.json: DRF's strict stdlib wrapper --------------------------


def test_utils_json_is_strict() -> None:
    with pytest.raises(ValueError):
        drf_json.dumps(float("nan"))
    with pytest.raises(ValueError):
        drf_json.loads("NaN")
    assert drf_json.dumps(float("nan"), allow_nan=True) == "NaN"
    assert drf_json.loads('{"a": 1}') == {"a": 1}


# -- restwell.utils.encoders.JSONEncoder ---------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (decimal.Decimal("3.25"), 3.25),
        (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "2024-01-02T03:04:05Z"),
        (datetime.timedelta(minutes=1), "60.0"),
        (ipaddress.ip_interface("2001:4860:4860::8888/32"), "2001:4860:4860::8888/32"),
        (ReturnList(serializer=None), []),
        (_ToList(), [1, 2, 3]),
    ],
)
def test_encoder_default(value: object, expected: object) -> None:
    assert JSONEncoder().default(value) == expected


def test_encoder_with_stdlib_dumps() -> None:
    text = json.dumps({"when": datetime.date(2024, 1, 2)}, cls=JSONEncoder)
    assert text == '{"when": "2024-01-02"}'
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        json.dumps(object(), cls=JSONEncoder)


def test_dumps_lone_surrogate_is_escaped() -> None:
    # Accepted by the parser (the string fields reject it); echoing it back
    # must not fail: the only valid JSON for it is the escape.
    assert _json.dumps({"s": "a\ud83db"}) == b'{"s":"a\\ud83db"}'
    assert _json.dumps({"s": "é\ud83d"}, indent=4) == '{\n    "s": "é\\ud83d"\n}'.encode()


def test_dumps_deeper_than_orjson_allows() -> None:
    value: list = []
    for _ in range(300):
        value = [value]
    assert _json.dumps(value) == b"[" * 301 + b"]" * 301


def test_loads_overflowing_number_is_rejected() -> None:
    with pytest.raises(ValueError) as excinfo:
        _json.loads(b'{"x": 1e999999}')
    assert str(excinfo.value) == "Out of range float values are not JSON compliant: '1e999999'"
    assert _json.loads(b"[1e999999]", strict=False) == [math.inf]
    assert _json.loads(b"[1.5e300, 2]") == [1.5e300, 2]
