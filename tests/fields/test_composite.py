"""restwell.fields._composite: ListField, DictField, HStoreField and JSONField."""

from __future__ import annotations

import json as stdjson  # noqa: TID251 - tests build encoder/decoder classes

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict

from restwell.fields import (
    CharField,
    DictField,
    FieldConfigurationError,
    HStoreField,
    IntegerField,
    JSONField,
    ListField,
    empty,
)
from tests.fields._tables import assert_invalid, assert_output

NULL = ["This field may not be null."]

# --- ListField (C05) ------------------------------------------------------------------


def test_list_item_errors_keyed_by_index():
    """C05: null and bad items are reported under their index."""
    field = ListField(child=IntegerField())
    assert_invalid(field, [1, None, "x"], {1: NULL, 2: ["A valid integer is required."]})


def test_list_valid_and_outputs():
    field = ListField(child=IntegerField())
    assert field.run_validation(["1", 2, 3.0]) == [1, 2, 3]
    assert field.run_validation((1, 2)) == [1, 2]
    assert_output(field, ["1", None, 3], [1, None, 3])
    assert ListField().run_validation([1, "a", None, {"x": 1}]) == [1, "a", None, {"x": 1}]


@pytest.mark.parametrize("data,kind", [("abc", "str"), ({"a": 1}, "dict"), (1, "int")])
def test_list_not_a_list(data, kind):
    assert_invalid(
        ListField(), data, [f'Expected a list of items but got type "{kind}".'], ["not_a_list"]
    )


def test_list_limits():
    assert_invalid(ListField(allow_empty=False), [], ["This list may not be empty."], ["empty"])
    field = ListField(min_length=2, max_length=3)
    assert_invalid(field, [1], ["Ensure this field has at least 2 elements."])
    assert_invalid(field, [1, 2, 3, 4], ["Ensure this field has no more than 3 elements."])


def test_list_child_django_validation_error():
    def reject(value):
        raise DjangoValidationError("Bad %(v)s", code="bad", params={"v": value})

    field = ListField(child=IntegerField(validators=[reject]))
    error = assert_invalid(field, [1], {0: ["Bad 1"]})
    assert error.get_codes() == {0: ["bad"]}


def test_list_nested():
    field = ListField(child=ListField(child=IntegerField()))
    assert field.run_validation([[1, "2"], []]) == [[1, 2], []]
    assert_invalid(field, [[1], ["x"]], {1: {0: ["A valid integer is required."]}})


def test_list_html_input():
    field = ListField(child=IntegerField())
    field.bind("nums", None)
    assert field.get_value(QueryDict("nums=1&nums=2")) == ["1", "2"]
    assert field.get_value(QueryDict("nums[1]=b&nums[0]=a")) == ["a", "b"]
    assert field.get_value(QueryDict("other=1")) is empty
    assert field.get_value({"nums": [1]}) == [1]
    assert field.get_value({}) is empty


def test_list_child_configuration_errors():
    with pytest.raises(FieldConfigurationError, match="`child` has not been instantiated."):
        ListField(child=IntegerField)
    with pytest.raises(AssertionError) as info:
        ListField(child=IntegerField(source="other"))
    assert str(info.value) == (
        "The `source` argument is not meaningful when applied to a `child=` field. "
        "Remove `source=` from the field declaration."
    )


def test_list_default_child_is_not_shared():
    assert ListField().child is not ListField().child
    assert ListField().child.parent is not None


# --- DictField (C05) ------------------------------------------------------------------


def test_dict_null_value():
    """C05: a null value for a non-null child is reported under its key."""
    field = DictField(child=CharField())
    assert_invalid(field, {"a": "x", "b": None}, {"b": NULL})
    assert DictField(child=CharField(allow_null=True)).run_validation({"b": None}) == {"b": None}


def test_dict_valid_and_outputs():
    field = DictField(child=IntegerField())
    assert field.run_validation({"a": "1", 2: 3}) == {"a": 1, "2": 3}
    assert_output(field, {"a": 1, 2: None}, {"a": 1, "2": None})


@pytest.mark.parametrize("data,kind", [([1], "list"), ("x", "str"), (None.__class__, "type")])
def test_dict_not_a_dict(data, kind):
    assert_invalid(
        DictField(),
        data,
        [f'Expected a dictionary of items but got type "{kind}".'],
        ["not_a_dict"],
    )


def test_dict_empty_and_html():
    assert_invalid(DictField(allow_empty=False), {}, ["This dictionary may not be empty."])
    field = DictField()
    field.bind("attrs", None)
    assert field.get_value(QueryDict("attrs.a=1&attrs.b=2")) == {"a": ["1"], "b": ["2"]}
    assert field.run_validation(field.get_value(QueryDict("attrs.a=1"))) == {"a": "1"}
    assert field.get_value(QueryDict("attrs=")) == {}
    assert field.get_value(QueryDict("x=1")) is empty


def test_hstore():
    field = HStoreField()
    assert field.run_validation({"a": "1", "b": None, "c": ""}) == {"a": "1", "b": None, "c": ""}
    with pytest.raises(AssertionError) as info:
        HStoreField(child=IntegerField())
    assert str(info.value) == (
        "The `child` argument must be an instance of `CharField`, "
        "as the hstore extension stores values as strings."
    )


# --- JSONField (C05) ------------------------------------------------------------------


def test_json_null():
    """C05: null is refused unless allow_null, then it is None (SQL NULL)."""
    assert_invalid(JSONField(), None, NULL, ["null"])
    assert JSONField(allow_null=True).run_validation(None) is None


@pytest.mark.parametrize(
    "data", [{"a": 1, "b": [True, 1.5, None]}, [1, 2], "text", 3, 0, False, {"3": None}]
)
def test_json_valid(data):
    assert JSONField().run_validation(data) == data


@pytest.mark.parametrize("data", [{"a": {1, 2}}, {"a": float("inf")}, {"a": float("nan")}, b"x"])
def test_json_invalid(data):
    assert_invalid(JSONField(), data, ["Value must be valid JSON."], ["invalid"])


def test_json_deeply_nested_is_refused_not_crashing():
    data: list = []
    for _ in range(100000):
        data = [data]
    assert_invalid(JSONField(), data, ["Value must be valid JSON."])


def test_json_binary():
    field = JSONField(binary=True)
    assert field.run_validation(b'{"a": [1, null]}') == {"a": [1, None]}
    assert field.run_validation('{"a": 1}') == {"a": 1}
    assert_invalid(field, '{"a": "unterminated', ["Value must be valid JSON."])
    assert_invalid(field, "NaN", ["Value must be valid JSON."])
    assert_invalid(field, b"\xff", ["Value must be valid JSON."])
    assert_output(field, ["a", 1], b'["a", 1]')


def test_json_html_input_is_decoded():
    field = JSONField()
    field.bind("config", None)
    value = field.get_value(QueryDict("config=%7B%22a%22%3A1%7D"))
    assert field.run_validation(value) == {"a": 1}
    assert field.get_value(QueryDict("")) is empty


def test_json_encoder_and_decoder():
    class SetEncoder(stdjson.JSONEncoder):
        def default(self, o):
            if isinstance(o, set):
                return sorted(o)
            return super().default(o)

    class Decoder(stdjson.JSONDecoder):
        def __init__(self, **kwargs):
            kwargs["parse_int"] = str
            super().__init__(**kwargs)

    assert JSONField(encoder=SetEncoder).run_validation({"a": {1}}) == {"a": {1}}
    assert JSONField(binary=True, decoder=Decoder).run_validation("[1]") == ["1"]
    assert JSONField(binary=True, encoder=SetEncoder).to_representation({2, 1}) == b"[1, 2]"
