"""Serializer and ListSerializer: plan, hooks, errors (C01, C05, C10)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import override_settings

from restwell import serializers
from restwell.deprecation import RemovedInDRF320Warning
from restwell.exceptions import ValidationError


class ItemSerializer(serializers.Serializer):
    n = serializers.IntegerField()


def test_c10_many_errors_keyed_by_index() -> None:
    """C10: only failing items are reported, keyed by index, index 0 included."""
    ser = ItemSerializer(data=[{"n": 1}, {"n": "x"}, {"n": 2}, {}], many=True)
    assert not ser.is_valid()
    assert ser.errors == {
        1: {"n": ["A valid integer is required."]},
        3: {"n": ["This field is required."]},
    }
    ser = ItemSerializer(data=[{"n": "x"}], many=True)
    assert not ser.is_valid()
    assert ser.errors == {0: {"n": ["A valid integer is required."]}}
    assert ser.validated_data == []


def test_c10_not_a_list_and_empty() -> None:
    """C10: a dict and an empty list (allow_empty=False) give non_field_errors."""
    ser = ItemSerializer(data={"n": 1}, many=True)
    assert not ser.is_valid()
    assert ser.errors == {"non_field_errors": ['Expected a list of items but got type "dict".']}
    ser = ItemSerializer(data=[], many=True, allow_empty=False)
    assert not ser.is_valid()
    assert ser.errors == {"non_field_errors": ["This list may not be empty."]}


@override_settings(REST_FRAMEWORK={"LIST_SERIALIZER_ERRORS_AS_DICT": False})
def test_c10_legacy_list_shape_behind_setting() -> None:
    """C10: the legacy list-with-{} shape is still available, with a deprecation warning."""
    ser = ItemSerializer(data=[{"n": 1}, {"n": "x"}], many=True)
    with pytest.warns(RemovedInDRF320Warning):
        assert not ser.is_valid()
    assert ser.errors == [{}, {"n": ["A valid integer is required."]}]


def test_c01_decimal_rounding_through_serializer() -> None:
    """C01 (serializer level): with ``rounding`` the value is quantized; without, 400."""

    class Pay(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=5, decimal_places=2, rounding=ROUND_HALF_UP)

    class Strict(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=5, decimal_places=2)

    ser = Pay(data={"amount": "12.345"})
    assert ser.is_valid(), ser.errors
    assert ser.validated_data == {"amount": Decimal("12.35")}
    assert ser.data == {"amount": "12.35"}
    ser = Strict(data={"amount": "12.345"})
    assert not ser.is_valid()
    assert ser.errors == {"amount": ["Ensure that there are no more than 2 decimal places."]}
    ser = Strict(data={"amount": "NaN"})
    assert not ser.is_valid()
    assert ser.errors == {"amount": ["A valid number is required."]}


def test_c05_nulls_in_containers() -> None:
    """C05: nulls inside dict/list children are reported per key/index; many+allow_null gives None."""

    class Child(serializers.Serializer):
        x = serializers.IntegerField()

    class S(serializers.Serializer):
        attrs = serializers.DictField(child=serializers.CharField(), required=False)
        nums = serializers.ListField(child=serializers.IntegerField(), required=False)
        items = Child(many=True, allow_null=True, required=False)

    ser = S(data={"attrs": {"a": "x", "b": None}})
    assert not ser.is_valid()
    assert ser.errors == {"attrs": {"b": ["This field may not be null."]}}
    ser = S(data={"nums": [1, None, "x"]})
    assert not ser.is_valid()
    assert ser.errors == {"nums": {1: ["This field may not be null."], 2: ["A valid integer is required."]}}
    ser = S(data={"items": None})
    assert ser.is_valid(), ser.errors
    assert ser.validated_data == {"items": None}


def test_validate_hooks_and_non_field_errors() -> None:
    class S(serializers.Serializer):
        a = serializers.IntegerField()
        b = serializers.IntegerField()

        def validate_a(self, value: int) -> int:
            if value < 0:
                raise serializers.ValidationError("negative")
            return value * 10

        def validate(self, attrs: dict) -> dict:
            if attrs["a"] == attrs["b"]:
                raise serializers.ValidationError("same")
            return attrs

    ser = S(data={"a": -1, "b": 2})
    assert not ser.is_valid()
    assert ser.errors == {"a": ["negative"]}
    ser = S(data={"a": 1, "b": 10})
    assert not ser.is_valid()
    assert ser.errors == {"non_field_errors": ["same"]}
    ser = S(data={"a": 1, "b": 2})
    assert ser.is_valid()
    assert ser.validated_data == {"a": 10, "b": 2}
    with pytest.raises(ValidationError) as info:
        S(data="text").is_valid(raise_exception=True)
    assert info.value.detail == {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}


def test_fields_are_per_instance_copies() -> None:
    """Changing one instance's fields affects neither the class nor other instances."""
    first = ItemSerializer()
    first.fields["n"].read_only = True
    del first.fields["n"]
    second = ItemSerializer()
    assert list(second.fields) == ["n"]
    assert second.fields["n"].read_only is False
    assert second.fields["n"] is not ItemSerializer._declared_fields["n"]
    assert ItemSerializer._declared_fields["n"].parent is None


def test_overridden_hooks_are_called() -> None:
    class Upper(serializers.CharField):
        def get_attribute(self, instance: object) -> str:
            return "from-hook"

    class S(serializers.Serializer):
        name = Upper()
        n = serializers.IntegerField()

        def to_representation(self, instance: object) -> dict:
            data = super().to_representation(instance)
            data["extra"] = True
            return data

    class Obj:
        name = "ignored"
        n = 3

    assert S(Obj()).data == {"name": "from-hook", "n": 3, "extra": True}
    assert S([Obj(), Obj()], many=True).data == [
        {"name": "from-hook", "n": 3, "extra": True},
        {"name": "from-hook", "n": 3, "extra": True},
    ]


def test_representation_of_dicts_callables_and_sources() -> None:
    class S(serializers.Serializer):
        a = serializers.IntegerField()
        b = serializers.CharField(source="get_b")
        c = serializers.CharField(source="inner.c")
        d = serializers.CharField(required=False)

    class Inner:
        c = "deep"

    class Obj:
        a = 1
        inner = Inner()

        def get_b(self) -> str:
            return "called"

    assert S(Obj()).data == {"a": 1, "b": "called", "c": "deep"}
    assert S({"a": 2, "get_b": "x", "inner": {"c": "y"}, "d": None}).data == {
        "a": 2,
        "b": "x",
        "c": "y",
        "d": None,
    }


def test_usage_errors_are_assertion_errors() -> None:
    ser = ItemSerializer(data={"n": 1})
    with pytest.raises(AssertionError, match="You must call `.is_valid\\(\\)` before calling `.save\\(\\)`."):
        ser.save()
    with pytest.raises(AssertionError, match="must call `.is_valid\\(\\)` before attempting"):
        _ = ser.data
    with pytest.raises(AssertionError, match="no `data=` keyword argument"):
        ItemSerializer().is_valid()


def test_nested_partial_validates_sent_items_in_full() -> None:
    """C08: partial relaxes only top-level keys; a nested item sent is validated fully."""

    class Track(serializers.Serializer):
        name = serializers.CharField()

    class Album(serializers.Serializer):
        title = serializers.CharField()
        tracks = Track(many=True)

    ser = Album(data={"tracks": [{}]}, partial=True)
    assert not ser.is_valid()
    assert ser.errors == {"tracks": {0: {"name": ["This field is required."]}}}
    ser = Album(data={}, partial=True)
    assert ser.is_valid()
    assert ser.validated_data == {}
    ser = Album(data={"title": None}, partial=True)
    assert not ser.is_valid()
    assert ser.errors == {"title": ["This field may not be null."]}
    # A top-level many=True partial update keeps partial semantics per item.
    ser = Track(data=[{}], many=True, partial=True)
    assert ser.is_valid()


@override_settings(RESTWELL={"PARTIAL_NESTED_ITEMS": True})
def test_nested_partial_drf_behaviour_behind_setting() -> None:
    """RESTWELL["PARTIAL_NESTED_ITEMS"] restores DRF's partial nested items."""

    class Track(serializers.Serializer):
        name = serializers.CharField()
        n = serializers.IntegerField()

    class Album(serializers.Serializer):
        tracks = Track(many=True)

    ser = Album(data={"tracks": [{"n": 1}]}, partial=True)
    assert ser.is_valid(), ser.errors
    assert ser.validated_data == {"tracks": [{"n": 1}]}


def test_touching_fields_after_use_takes_effect() -> None:
    """Fields shared by the class are replaced by the instance's own copies once touched."""

    class S(serializers.Serializer):
        a = serializers.IntegerField()
        b = serializers.CharField()

    ser = S({"a": 1, "b": "x"})
    assert ser.to_representation({"a": 1, "b": "x"}) == {"a": 1, "b": "x"}
    ser.fields["b"].write_only = True
    assert ser.to_representation({"a": 1, "b": "x"}) == {"a": 1}
    ser = S(data={"a": "1"})
    ser.fields["b"].required = False
    assert ser.is_valid(), ser.errors
    assert ser.validated_data == {"a": 1}
    assert S(data={"a": "1"}).is_valid() is False


def test_class_caches_do_not_keep_classes_alive() -> None:
    """Per-class caches live on the class, so classes built at run time are freed."""
    import gc
    import weakref

    def build() -> weakref.ref:
        cls = type("Dynamic", (serializers.Serializer,), {"n": serializers.IntegerField()})
        assert cls(data={"n": "2"}).is_valid()
        assert cls({"n": 3}).data == {"n": 3}
        return weakref.ref(cls)

    ref = build()
    gc.collect()
    assert ref() is None


def test_instances_do_not_deepcopy_fields() -> None:
    """Per instance: no deepcopy of declared fields, for one object and for many=True."""
    from unittest import mock

    class Child(serializers.Serializer):
        x = serializers.IntegerField()

    class S(serializers.Serializer):
        a = serializers.CharField()
        child = Child()

    S({"a": "warm", "child": {"x": 0}}).data  # noqa: B018 - builds the class plan
    rows = [{"a": str(i), "child": {"x": i}} for i in range(1000)]
    with mock.patch("copy.deepcopy", side_effect=AssertionError("deepcopy called")):
        assert S(rows[0]).data == {"a": "0", "child": {"x": 0}}
        data = S(rows, many=True).data
        assert S(data={"a": "v", "child": {"x": "1"}}).is_valid()
    assert data[999] == {"a": "999", "child": {"x": 999}}


def test_c01_large_float_and_nonfinite() -> None:
    """C01: a huge JSON float and NaN/Infinity are 400s, never stored."""

    class S(serializers.Serializer):
        v = serializers.DecimalField(max_digits=3, decimal_places=1)

    ser = S(data={"v": 200000000000.0})
    assert not ser.is_valid()
    assert ser.errors == {"v": ["Ensure that there are no more than 3 digits in total."]}
    for bad in ("NaN", "Infinity"):
        ser = S(data={"v": bad})
        assert not ser.is_valid()
        assert ser.errors == {"v": ["A valid number is required."]}


def test_shared_fields_are_safe_across_threads() -> None:
    """Fields shared by a class see each running serializer's own ``partial`` flag."""
    import threading

    class S(serializers.Serializer):
        a = serializers.IntegerField()
        b = serializers.CharField()

    failures: list[str] = []

    def run(partial: bool) -> None:
        for _ in range(300):
            ser = S(data={"a": "1"}, partial=partial)
            if ser.is_valid() is not partial:
                failures.append(f"partial={partial}: {ser.errors}")

    threads = [threading.Thread(target=run, args=(flag,)) for flag in (True, False, True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
