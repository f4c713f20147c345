"""Tests for restwell.utils.representation: the text of serializer and field reprs."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext_lazy

from restwell.utils.representation import (
    field_repr,
    list_repr,
    manager_repr,
    serializer_repr,
    smart_repr,
)


class _Field:
    """Stands in for a field: keeps its constructor arguments like real fields do."""

    def __init__(self, *args, **kwargs):
        self._args = args
        self._kwargs = kwargs

    def __repr__(self):
        return field_repr(self)


class CharField(_Field):
    pass


class IntegerField(_Field):
    pass


class ListField(_Field):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = kwargs.get("child")


class PrimaryKeyRelatedField(_Field):
    pass


class ManyRelatedField(_Field):
    def __init__(self, child_relation, **kwargs):
        super().__init__(**kwargs)
        self.child_relation = child_relation


class _Serializer(_Field):
    def __init__(self, *args, fields=None, validators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = fields or {}
        self.validators = list(validators)


class AuthorSerializer(_Serializer):
    pass


class BookSerializer(_Serializer):
    pass


class ListSerializer(_Field):
    def __init__(self, child, **kwargs):
        super().__init__(**kwargs)
        self.child = child


def test_smart_repr_drops_addresses_and_resolves_lazy_text():
    assert smart_repr(RegexValidator("^a")) == "<django.core.validators.RegexValidator object>"
    assert smart_repr(gettext_lazy("Name")) == "'Name'"
    assert (
        smart_repr([MaxValueValidator(3)]) == "[<django.core.validators.MaxValueValidator object>]"
    )
    assert smart_repr(re.compile("x")) == "re.compile('x')"


def test_smart_repr_of_manager():
    assert smart_repr(User.objects) == "User.objects.all()"
    assert manager_repr(User.objects) == "User.objects.all()"


def test_field_repr_sorts_keywords_after_positionals():
    field = CharField("src", required=False, max_length=10, label=gettext_lazy("Title"))
    assert field_repr(field) == "CharField('src', label='Title', max_length=10, required=False)"
    assert field_repr(IntegerField()) == "IntegerField()"


def test_field_repr_force_many():
    child = PrimaryKeyRelatedField(read_only=True)
    assert (
        field_repr(child, force_many=child) == "PrimaryKeyRelatedField(many=True, read_only=True)"
    )


def test_serializer_repr_nested_list_and_validators():
    author = AuthorSerializer(read_only=True, fields={"name": CharField(max_length=50)})
    tags = ListField(child=CharField())
    books = ManyRelatedField(PrimaryKeyRelatedField(read_only=True))
    serializer = BookSerializer(
        fields={
            "id": IntegerField(label="ID", read_only=True),
            "author": author,
            "tags": tags,
            "related": books,
        },
        validators=[MaxValueValidator(3)],
    )
    assert serializer_repr(serializer, indent=1) == (
        "BookSerializer():\n"
        "    id = IntegerField(label='ID', read_only=True)\n"
        "    author = AuthorSerializer(read_only=True):\n"
        "        name = CharField(max_length=50)\n"
        "    tags = ListField(child=CharField())\n"
        "    related = PrimaryKeyRelatedField(many=True, read_only=True)\n"
        "    class Meta:\n"
        "        validators = [<django.core.validators.MaxValueValidator object>]"
    )


def test_list_repr_of_many_serializer_shows_child_with_many():
    child = AuthorSerializer(fields={"name": CharField()})
    many = ListSerializer(child, read_only=True)
    many.validators = []
    assert (
        list_repr(many, indent=1)
        == "AuthorSerializer(many=True, read_only=True):\n    name = CharField()"
    )


# The names Django REST framework users import from this module.
DRF_NAMES = ["field_repr", "list_repr", "manager_repr", "serializer_repr", "smart_repr"]


def test_drf_public_names_are_importable():
    import importlib

    module = importlib.import_module("restwell.utils.representation")
    assert [name for name in DRF_NAMES if not hasattr(module, name)] == []
