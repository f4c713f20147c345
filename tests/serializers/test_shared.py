"""Fields shared by every instance of a serializer class, for writing too.

Fields with restwell's ``UniqueValidator`` and stock primary-key relations
validate on the class's templates: the stand-in parent forwards ``instance``,
``parent``, ``partial`` and the context to the running serializer. Each case
checks the validated data or the errors a client sees against the general
path (an instance with its own field copies), and that customised fields
keep their own copies.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models

from restwell import serializers
from restwell.serializers._shared import is_shareable

pytestmark = pytest.mark.django_db


class ShareRegion(models.Model):
    code = models.CharField(max_length=10, primary_key=True)

    class Meta:
        app_label = "tests"


class ShareTown(models.Model):
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=50)
    region = models.ForeignKey(ShareRegion, on_delete=models.CASCADE)
    twin = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        app_label = "tests"


class TownSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShareTown
        fields = ["code", "name", "region", "twin"]


def validate(shared: bool, data: Any, **kwargs: Any) -> tuple[bool, Any]:
    # The class's first instance looks for model-level uniqueness rules over
    # its own fields; the ones after it know there are none.
    TownSerializer(data=data, **kwargs).is_valid()
    serializer = TownSerializer(data=data, **kwargs)
    if not shared:
        # The general path: the instance's own field copies.
        assert serializer.fields
    valid = serializer.is_valid()
    assert ("fields" in serializer.__dict__) is not shared
    return valid, (serializer.validated_data if valid else serializer.errors)


@pytest.fixture
def region() -> ShareRegion:
    return ShareRegion.objects.create(code="R1")


def test_unique_and_relation_fields_are_shared() -> None:
    templates = TownSerializer()._field_templates()
    assert all(is_shareable(template) for _, template in templates.values())


@pytest.mark.parametrize(
    ("payload", "expected_errors"),
    [
        ({"code": "T2", "name": "Two", "region": "R1"}, None),
        ({"code": "T1", "name": "Dup", "region": "R1"}, {"code": ["share town with this code already exists."]}),
        ({"code": "T3", "name": "Three", "region": 999}, {"region": ['Invalid pk "999" - object does not exist.']}),
        (
            {"code": "T3", "name": "Three", "region": True},
            {"region": ["Incorrect type. Expected pk value, received bool."]},
        ),
        ({"code": "T3", "name": "Three"}, {"region": ["This field is required."]}),
        ({"code": "T3", "name": "Three", "region": None}, {"region": ["This field may not be null."]}),
    ],
)
def test_validation_matches_the_general_path(region: ShareRegion, payload: Any, expected_errors: Any) -> None:
    ShareTown.objects.create(code="T1", name="One", region=region)
    shared = validate(True, payload)
    general = validate(False, payload)
    assert shared == general
    if expected_errors is None:
        assert shared == (True, {"code": "T2", "name": "Two", "region": region})
    else:
        assert shared == (False, expected_errors)


def test_update_leaves_the_instance_itself_out_of_the_unique_check(region: ShareRegion) -> None:
    town = ShareTown.objects.create(code="T1", name="One", region=region)
    payload = {"code": "T1", "name": "Renamed", "region": "R1"}
    assert validate(True, payload, instance=town) == (True, {"code": "T1", "name": "Renamed", "region": region})
    assert validate(False, payload, instance=town) == (True, {"code": "T1", "name": "Renamed", "region": region})


def test_partial_update_skips_absent_fields(region: ShareRegion) -> None:
    town = ShareTown.objects.create(code="T1", name="One", region=region)
    assert validate(True, {"name": "Two"}, instance=town, partial=True) == (True, {"name": "Two"})
    assert validate(False, {"name": "Two"}, instance=town, partial=True) == (True, {"name": "Two"})


def test_multiple_update_of_one_item_needs_the_instance_per_item(region: ShareRegion) -> None:
    ShareTown.objects.create(code="T1", name="One", region=region)
    serializer = TownSerializer(ShareTown.objects.all(), data=[{"code": "T9", "name": "N", "region": "R1"}], many=True)
    with pytest.raises(RuntimeError, match="cannot determine the current instance during a multiple update"):
        serializer.is_valid()


def test_saved_object_renders_without_field_copies(region: ShareRegion) -> None:
    TownSerializer(data={}).is_valid()
    serializer = TownSerializer(data={"code": "T5", "name": "Five", "region": "R1", "twin": None})
    assert serializer.is_valid(), serializer.errors
    serializer.save()
    assert serializer.data == {"code": "T5", "name": "Five", "region": "R1", "twin": None}
    assert "fields" not in serializer.__dict__


def _odd_codes(value: Any, field: Any) -> None:
    if len(value) % 2 == 0:
        raise serializers.ValidationError("odd lengths only")


_odd_codes.requires_context = True  # type: ignore[attr-defined]


class RegionByCode(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(data.upper())


class CustomTownSerializer(serializers.ModelSerializer):
    region = RegionByCode(queryset=ShareRegion.objects.all())

    class Meta:
        model = ShareTown
        fields = ["code", "name", "region"]
        extra_kwargs = {"code": {"validators": [_odd_codes]}}


def test_customised_fields_keep_their_own_copies(region: ShareRegion) -> None:
    templates = CustomTownSerializer()._field_templates()
    assert not is_shareable(templates["region"][1])
    assert not is_shareable(templates["code"][1])
    serializer = CustomTownSerializer(data={"code": "T22", "name": "X", "region": "r1"})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"code": "T22", "name": "X", "region": region}
    serializer = CustomTownSerializer(data={"code": "T2", "name": "X", "region": "r1"})
    assert not serializer.is_valid()
    assert serializer.errors == {"code": ["odd lengths only"]}
