"""Uniqueness validators."""

from __future__ import annotations

import pytest
from django.db import models

from restwell import serializers, validators


class ValUnique(models.Model):
    code = models.CharField(max_length=10, unique=True)

    class Meta:
        app_label = "tests"


class ValUniqueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ValUnique
        fields = ["id", "code"]


@pytest.mark.django_db
def test_unique_validator_excludes_current_instance() -> None:
    obj = ValUnique.objects.create(code="a")
    ser = ValUniqueSerializer(data={"code": "a"})
    assert not ser.is_valid()
    assert ser.errors == {"code": ["val unique with this code already exists."]}
    assert ValUniqueSerializer(obj, data={"code": "a"}).is_valid()


@pytest.mark.django_db
def test_qs_exists_is_looked_up_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    ValUnique.objects.create(code="a")
    monkeypatch.setattr(validators, "qs_exists", lambda qs: False)
    assert ValUniqueSerializer(data={"code": "a"}).is_valid()


def test_prohibit_surrogates() -> None:
    with pytest.raises(serializers.ValidationError) as info:
        validators.ProhibitSurrogateCharactersValidator()("a\ud83d")
    assert info.value.detail == ["Surrogate characters are not allowed: U+D83D."]


def test_reprs() -> None:
    validator = validators.UniqueTogetherValidator(queryset=ValUnique.objects, fields=("a", "b"))
    assert repr(validator) == "<UniqueTogetherValidator(queryset=ValUnique.objects.all(), fields=('a', 'b'))>"
