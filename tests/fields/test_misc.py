"""restwell.fields._misc: ReadOnlyField, HiddenField, SerializerMethodField, ModelField."""

from __future__ import annotations

import pytest
from django.db import models
from django.http import QueryDict

from restwell.fields import (
    CurrentUserDefault,
    FieldConfigurationError,
    HiddenField,
    ModelField,
    ReadOnlyField,
    SerializerMethodField,
    SkipField,
    empty,
)
from tests.fields._tables import assert_invalid


class FieldsMiscThing(models.Model):
    code = models.CharField(max_length=5)
    size = models.IntegerField(default=0)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)

    class Meta:
        app_label = "tests"


def test_read_only_field():
    field = ReadOnlyField()
    assert field.read_only is True
    assert field.to_representation({"a": 1}) == {"a": 1}
    with pytest.raises(SkipField):
        field.run_validation("ignored")


def test_hidden_field():
    class Request:
        user = "alice"

    class Parent:
        parent = None
        partial = False
        _context = {"request": Request()}

    field = HiddenField(default=CurrentUserDefault())
    field.bind("owner", Parent())
    assert field.write_only is True
    assert field.get_value({"owner": "mallory"}) is empty
    assert field.get_value(QueryDict("owner=mallory")) is empty
    assert field.run_validation(field.get_value({"owner": "mallory"})) == "alice"
    with pytest.raises(FieldConfigurationError, match="default is a required argument."):
        HiddenField()


def test_serializer_method_field():
    class Parent:
        parent = None

        def get_total(self, obj):
            return obj["a"] + obj["b"]

        def compute(self, obj):
            return "computed"

    field = SerializerMethodField()
    field.bind("total", Parent())
    assert field.method_name == "get_total"
    assert field.source == "*"
    assert field.read_only is True
    assert field.to_representation({"a": 1, "b": 2}) == 3
    named = SerializerMethodField("compute")
    named.bind("other", Parent())
    assert named.to_representation({}) == "computed"
    assert repr(SerializerMethodField("compute")) == "SerializerMethodField('compute')"


def test_model_field():
    code = FieldsMiscThing._meta.get_field("code")
    field = ModelField(code, max_length=5)
    assert len(field.validators) == 1
    assert field.run_validation("abc") == "abc"
    assert_invalid(
        field, "abcdef", ["Ensure this field has no more than 5 characters."], ["max_length"]
    )
    thing = FieldsMiscThing(code="xy", size=3)
    assert field.get_attribute(thing) is thing
    assert field.to_representation(thing) == "xy"
    size = ModelField(FieldsMiscThing._meta.get_field("size"))
    assert len(size.validators) == 0
    assert size.to_representation(thing) == 3
    assert size.run_validation("4") == 4
    parent = ModelField(FieldsMiscThing._meta.get_field("parent"))
    assert parent.run_validation("7") == 7
