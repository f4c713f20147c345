"""restwell.fields._base: Field, empty, SkipField, defaults and attribute lookup."""

from __future__ import annotations

import copy
import datetime
import functools
import re

import pytest
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict

from restwell.exceptions import ErrorDetail, ValidationError
from restwell.fields import (
    BuiltinSignatureError,
    CharField,
    CreateOnlyDefault,
    CurrentUserDefault,
    Field,
    FieldConfigurationError,
    IntegerField,
    RegexField,
    SkipField,
    empty,
    get_attribute,
    get_error_detail,
    is_simple_callable,
)
from tests.fields._tables import assert_invalid


class Parent:
    """A stand-in serializer: parent/partial/instance/_context are all a field reads."""

    def __init__(self, partial=False, instance=None, context=None):
        self.parent = None
        self.partial = partial
        self.instance = instance
        self._context = context or {}


def bound(field, name="f", **parent_kwargs):
    field.bind(name, Parent(**parent_kwargs))
    return field


# --- construction ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"read_only": True, "write_only": True}, "May not set both `read_only` and `write_only`"),
        ({"read_only": True, "required": True}, "May not set both `read_only` and `required`"),
        ({"required": True, "default": 1}, "May not set both `required` and `default`"),
    ],
)
def test_conflicting_arguments(kwargs, message):
    with pytest.raises(FieldConfigurationError) as info:
        IntegerField(**kwargs)
    assert str(info.value) == message
    assert isinstance(info.value, ImproperlyConfigured)
    assert isinstance(info.value, AssertionError)


def test_plain_field_read_only_must_be_readonlyfield():
    with pytest.raises(
        FieldConfigurationError, match=r"Field\(read_only=True\) should be ReadOnlyField"
    ):
        Field(read_only=True)


def test_required_defaults():
    assert IntegerField().required is True
    assert IntegerField(default=1).required is False
    assert IntegerField(read_only=True).required is False
    assert IntegerField(required=False).required is False


def test_creation_counter_orders_fields():
    a, b = IntegerField(), CharField()
    assert a._creation_counter < b._creation_counter


def test_error_messages_merge_along_mro():
    class Base(IntegerField):
        default_error_messages = {"odd": "Must be odd."}

    class Child(Base):
        default_error_messages = {"invalid": "Numbers only."}

    field = Child(error_messages={"required": "Give it."})
    assert field.error_messages["odd"] == "Must be odd."
    assert field.error_messages["invalid"] == "Numbers only."
    assert field.error_messages["required"] == "Give it."
    assert field.error_messages["null"] == "This field may not be null."
    assert IntegerField().error_messages["invalid"] == "A valid integer is required."
    # Instances do not share the merged dict.
    field.error_messages["null"] = "changed"
    assert Child().error_messages["null"] == "This field may not be null."


def test_fail_with_unknown_key():
    class Odd(Field):
        def to_internal_value(self, data):
            self.fail("incorrect")

    with pytest.raises(AssertionError) as info:
        Odd().run_validation(1)
    assert str(info.value) == (
        "ValidationError raised by `Odd`, but error key `incorrect` does not exist in the "
        "`error_messages` dictionary."
    )


def test_fail_formats_and_codes():
    field = IntegerField(max_value=3)
    with pytest.raises(ValidationError) as info:
        field.run_validation(5)
    assert info.value.detail == [
        ErrorDetail("Ensure this value is less than or equal to 3.", "max_value")
    ]


def test_unimplemented_conversions():
    with pytest.raises(
        NotImplementedError, match=r"Field.to_internal_value\(\) must be implemented"
    ):
        Field().to_internal_value(1)
    with pytest.raises(
        NotImplementedError, match=r"Field.to_representation\(\) must be implemented"
    ):
        Field().to_representation(1)


def test_subscriptable():
    assert Field["int"] is Field


# --- bind, root, context --------------------------------------------------------------


def test_bind_sets_label_source_and_attrs():
    field = bound(IntegerField(), "user_age")
    assert field.label == "User age"
    assert field.source == "user_age"
    assert field.source_attrs == ["user_age"]
    dotted = bound(IntegerField(source="profile.age", label="Age"), "age")
    assert dotted.source_attrs == ["profile", "age"]
    assert dotted.label == "Age"
    star = bound(IntegerField(source="*"), "x")
    assert star.source_attrs == []


def test_bind_redundant_source():
    with pytest.raises(AssertionError) as info:
        bound(CharField(source="name"), "name")
    assert str(info.value) == (
        "It is redundant to specify `source='name'` on field 'CharField' in serializer "
        "'Parent', because it is the same as the field name. Remove the `source` keyword argument."
    )


def test_root_and_context():
    field = CharField()
    assert field.root is field
    assert field.context == {}
    parent = Parent(context={"k": 1})
    field.bind("name", parent)
    assert field.root is parent
    assert field.context == {"k": 1}


# --- get_value, validate_empty_values, run_validation ---------------------------------


def test_get_value_plain_dict():
    field = bound(IntegerField(), "n")
    assert field.get_value({"n": 1}) == 1
    assert field.get_value({}) is empty


@pytest.mark.parametrize(
    "kwargs,query,expected",
    [
        ({}, "", empty),
        ({"default": 5}, "", empty),
        ({}, "n=", ""),
        ({"allow_null": True}, "n=", None),
        ({"required": False}, "n=", empty),
        ({}, "n=7", "7"),
    ],
)
def test_get_value_html(kwargs, query, expected):
    field = bound(IntegerField(**kwargs), "n")
    assert field.get_value(QueryDict(query)) == expected


def test_get_value_html_blank_with_allow_blank():
    assert bound(CharField(allow_null=True, allow_blank=True), "n").get_value(QueryDict("n=")) == ""
    assert bound(CharField(required=False, allow_blank=True), "n").get_value(QueryDict("n=")) == ""


def test_get_value_html_partial_missing():
    field = bound(IntegerField(), "n", partial=True)
    assert field.get_value(QueryDict("")) is empty


def test_run_validation_empty_cases():
    assert_invalid(IntegerField(), empty, ["This field is required."], ["required"])
    assert_invalid(IntegerField(), None, ["This field may not be null."], ["null"])
    with pytest.raises(SkipField):
        IntegerField(required=False).run_validation()
    assert IntegerField(default=3).run_validation() == 3
    assert IntegerField(default=lambda: 4).run_validation() == 4
    assert IntegerField(allow_null=True).run_validation(None) is None
    with pytest.raises(SkipField):
        bound(IntegerField(), partial=True).run_validation()
    with pytest.raises(SkipField):
        bound(IntegerField(default=3), partial=True).run_validation()


def test_read_only_validation_uses_default():
    from restwell.fields import ReadOnlyField

    with pytest.raises(SkipField):
        ReadOnlyField().run_validation(5)
    assert ReadOnlyField(default=2).run_validation(5) == 2


def test_nullable_star_source_is_not_skipped():
    class Whole(Field):
        def to_internal_value(self, data):
            return {"whole": data}

    field = bound(Whole(source="*", allow_null=True), "x")
    assert field.run_validation(None) == {"whole": None}


def test_run_validators_collects_and_supports_context():
    seen = []

    def needs_context(value, field):
        seen.append(field)
        raise ValidationError("ctx")

    needs_context.requires_context = True

    def django_style(value):
        raise DjangoValidationError("dj %(v)s", code="dj", params={"v": value})

    field = IntegerField(validators=[needs_context, django_style])
    error = assert_invalid(field, "1", ["ctx", "dj 1"])
    assert error.get_codes() == ["invalid", "dj"]
    assert seen == [field]


def test_run_validators_dict_error_is_raised_as_is():
    def keyed(value):
        raise ValidationError({"other": ["bad"]})

    assert_invalid(IntegerField(validators=[keyed]), 1, {"other": ["bad"]})


def test_validators_property():
    field = IntegerField()
    assert field.validators == []
    field.validators = [print]
    assert field.validators == [print]


def test_initial():
    assert IntegerField().get_initial() is None
    assert IntegerField(initial=3).get_initial() == 3
    assert IntegerField(initial=lambda: 4).get_initial() == 4
    assert CharField().get_initial() == ""


# --- get_attribute --------------------------------------------------------------------


class Obj:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    def method(self):
        return "called"

    def with_arg(self, x):
        return x

    def raises(self):
        raise AttributeError("inner failure")

    @property
    def missing_related(self):
        raise ObjectDoesNotExist()


def test_get_attribute_paths():
    obj = Obj(a={"b": Obj(c=3)})
    assert get_attribute(obj, ["a", "b", "c"]) == 3
    assert get_attribute(obj, ["method"]) == "called"
    assert get_attribute(obj, ["missing_related", "x"]) is None
    assert get_attribute(obj, ["with_arg"]) == obj.with_arg
    assert get_attribute(obj, []) is obj
    with pytest.raises(ValueError, match='Exception raised in callable attribute "raises"'):
        get_attribute(obj, ["raises"])


def test_field_get_attribute_missing():
    class Serializer:
        parent = None

    field = IntegerField()
    field.bind("age", Serializer())
    with pytest.raises(AttributeError) as info:
        field.get_attribute(Obj())
    assert str(info.value).startswith(
        "Got AttributeError when attempting to get a value for field `age` on serializer "
        "`Serializer`.\nThe serializer field might be named incorrectly"
    )
    with pytest.raises(KeyError):
        field.get_attribute({})
    assert bound(IntegerField(allow_null=True), "age").get_attribute(Obj()) is None
    assert bound(IntegerField(default=7), "age").get_attribute(Obj()) == 7
    with pytest.raises(SkipField):
        bound(IntegerField(required=False), "age").get_attribute(Obj())


def test_field_get_attribute_builtin():
    field = bound(IntegerField(source="ts.date"), "day")
    with pytest.raises(BuiltinSignatureError) as info:
        field.get_attribute({"ts": datetime.datetime.now()})
    assert str(info.value) == (
        "Field source for `Parent.day` maps to a built-in function type and is invalid. "
        "Define a property or method on the `dict` instance that wraps the call to the "
        "built-in function."
    )


def test_is_simple_callable():
    def no_args():
        pass

    def defaults(a=1, *args, **kwargs):
        pass

    def needs(a):
        pass

    assert is_simple_callable(no_args)
    assert is_simple_callable(defaults)
    assert not is_simple_callable(needs)
    assert is_simple_callable(Obj().method)
    assert not is_simple_callable(Obj().with_arg)
    assert not is_simple_callable(Obj.method)
    assert is_simple_callable(functools.partial(needs, 1))
    assert not is_simple_callable(functools.partial(needs))
    for value in (1, "s", None, b"x"):
        assert not is_simple_callable(value)
    with pytest.raises(BuiltinSignatureError) as info:
        is_simple_callable(datetime.datetime.now().date)
    assert str(info.value) == (
        "Built-in function signatures are not inspectable. Wrap the function call in a simple, "
        "pure Python function."
    )


# --- get_error_detail -----------------------------------------------------------------


def test_get_error_detail():
    detail = get_error_detail(DjangoValidationError("Bad %(x)s", code="bad", params={"x": 1}))
    assert detail == ["Bad 1"]
    assert detail[0].code == "bad"
    keyed = get_error_detail(
        DjangoValidationError({"a": ["one"], "b": [DjangoValidationError("two", code="t")]})
    )
    assert keyed == {"a": ["one"], "b": ["two"]}
    assert keyed["a"][0].code == "invalid"
    assert keyed["b"][0].code == "t"
    literal = get_error_detail(DjangoValidationError("100% sure"))
    assert literal == ["100% sure"]


# --- defaults -------------------------------------------------------------------------


def test_create_only_default():
    default = CreateOnlyDefault("x")
    field = bound(CharField(default=default), "f")
    assert field.run_validation() == "x"
    updating = bound(CharField(default=default), "f", instance=object())
    with pytest.raises(SkipField):
        updating.run_validation()
    assert repr(default) == "CreateOnlyDefault('x')"

    class NeedsField:
        requires_context = True

        def __call__(self, f):
            return f.field_name

    assert bound(CharField(default=CreateOnlyDefault(NeedsField())), "f").run_validation() == "f"
    assert bound(CharField(default=CreateOnlyDefault(lambda: "y")), "f").run_validation() == "y"


def test_current_user_default():
    class Request:
        user = "alice"

    field = bound(CharField(default=CurrentUserDefault()), "owner", context={"request": Request()})
    assert field.run_validation() == "alice"
    assert repr(CurrentUserDefault()) == "CurrentUserDefault()"
    with pytest.raises(ImproperlyConfigured, match=r"context=\{'request': request\}"):
        bound(CharField(default=CurrentUserDefault()), "owner").run_validation()


# --- copy and repr --------------------------------------------------------------------


def test_deepcopy_rebuilds_from_arguments():
    pattern = re.compile("^a+$")
    validator = object()
    field = RegexField(pattern, max_length=3, validators=[validator])
    field.bind("name", Parent())
    clone = copy.deepcopy(field)
    assert clone is not field
    assert clone.field_name is None
    assert clone._args[0] is pattern
    assert clone._kwargs["validators"][0] is validator
    assert clone.max_length == 3


def test_repr():
    assert (
        repr(CharField(max_length=3, allow_blank=True))
        == "CharField(allow_blank=True, max_length=3)"
    )
    assert repr(IntegerField()) == "IntegerField()"
