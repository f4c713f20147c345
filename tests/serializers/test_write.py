"""The generated validate function gives exactly what the general loop gives.

Every input is validated by the generated function (``_fast_writer``) and by
the general per-field loop (``_validate_fields``); the validated data, or the
error messages and codes, must be the same and equal to what a client sees.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.validators import MaxValueValidator
from django.db import connection, models
from django.test import override_settings

from restwell import serializers
from restwell.exceptions import ValidationError
from restwell.serializers._shared import CURRENT


class WriteBook(models.Model):
    title = models.CharField(max_length=20)
    isbn = models.CharField(max_length=5, blank=True)
    price = models.DecimalField(max_digits=6, decimal_places=2)
    pages = models.IntegerField()
    published = models.DateField()
    in_print = models.BooleanField(default=True)

    class Meta:
        app_label = "tests"


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = WriteBook
        fields = ["title", "isbn", "price", "pages", "published", "in_print"]


VALID = {
    "title": "  Dune ",
    "isbn": "12345",
    "price": "19.9",
    "pages": 412,
    "published": "1965-08-01",
    "in_print": False,
}


def outcome(run: Any) -> Any:
    try:
        return ("ok", run())
    except ValidationError as exc:
        return ("errors", {name: [(str(e), e.code) for e in errs] for name, errs in exc.detail.items()})


def validate_both(serializer: Any, data: dict[str, Any]) -> tuple[Any, Any]:
    writer = serializer._fast_writer()
    assert writer is not None
    steps, shared = serializer._steps(1)

    def general() -> Any:
        token = CURRENT.set(serializer)
        try:
            return serializer._validate_fields(steps, data)
        finally:
            CURRENT.reset(token)

    return outcome(lambda: writer(serializer, data)), outcome(general)


def test_valid_payload_is_the_same_on_both_paths() -> None:
    fast, general = validate_both(BookSerializer(), VALID)
    assert fast == general
    assert fast == (
        "ok",
        {
            "title": "Dune",
            "isbn": "12345",
            "price": Decimal("19.90"),
            "pages": 412,
            "published": datetime.date(1965, 8, 1),
            "in_print": False,
        },
    )
    assert str(fast[1]["price"]) == "19.90"
    serializer = BookSerializer(data=VALID)
    assert serializer.is_valid()
    assert serializer.validated_data == fast[1]


# Django bounds a model IntegerField by the database's integer range (none on SQLite).
PAGES_ABOVE_INT32 = (
    None
    if connection.vendor == "sqlite"
    else {"pages": [("Ensure this value is less than or equal to 2147483647.", "max_value")]}
)

CASES = [
    ("title", "", {"title": [("This field may not be blank.", "blank")]}),
    ("title", "   ", {"title": [("This field may not be blank.", "blank")]}),
    ("title", "x" * 21, {"title": [("Ensure this field has no more than 20 characters.", "max_length")]}),
    ("title", " " + "x" * 20 + " ", None),
    ("title", "a\x00b", {"title": [("Null characters are not allowed.", "null_characters_not_allowed")]}),
    ("title", "caf\u00e9", None),
    ("title", "bad\ud800", {"title": [("Surrogate characters are not allowed: U+D800.", "surrogate_characters_not_allowed")]}),
    ("title", 12, None),
    ("title", True, {"title": [("Not a valid string.", "invalid")]}),
    ("title", None, {"title": [("This field may not be null.", "null")]}),
    ("isbn", "", None),
    ("price", "19.99", None),
    ("price", " 19.99 ", None),
    ("price", "1_9.5", None),
    ("price", "19.999", {"price": [("Ensure that there are no more than 2 decimal places.", "max_decimal_places")]}),
    ("price", "12345.6", {"price": [("Ensure that there are no more than 4 digits before the decimal point.", "max_whole_digits")]}),
    ("price", "1234567", {"price": [("Ensure that there are no more than 6 digits in total.", "max_digits")]}),
    ("price", "NaN", {"price": [("A valid number is required.", "invalid")]}),
    ("price", "abc", {"price": [("A valid number is required.", "invalid")]}),
    ("price", "1E+2", None),
    ("price", "1" * 1001, {"price": [("String value too large.", "max_string_length")]}),
    ("price", 7, None),
    ("price", 7.25, None),
    ("pages", "12", None),
    ("pages", 12.0, None),
    ("pages", True, {"pages": [("A valid integer is required.", "invalid")]}),
    ("pages", 2**31, PAGES_ABOVE_INT32),
    ("pages", "x", {"pages": [("A valid integer is required.", "invalid")]}),
    ("published", "2024-02-29", None),
    ("published", "2023-02-29", {"published": [("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.", "invalid")]}),
    ("published", "20240501", None),
    ("published", "2024-5-1", None),
    ("published", datetime.date(2024, 5, 1), None),
    ("published", datetime.datetime(2024, 5, 1, 3), {"published": [("Expected a date but got a datetime.", "datetime")]}),
    ("in_print", "yes", None),
    ("in_print", 1, None),
    ("in_print", "maybe", {"in_print": [("Must be a valid boolean.", "invalid")]}),
]


@pytest.mark.parametrize(("name", "value", "errors"), CASES)
def test_each_input_gives_the_same_result(name: str, value: Any, errors: Any) -> None:
    fast, general = validate_both(BookSerializer(), {**VALID, name: value})
    assert fast == general
    if errors is None:
        assert fast[0] == "ok"
    else:
        assert fast == ("errors", errors)


def test_missing_fields_use_required_and_default() -> None:
    payload = {key: value for key, value in VALID.items() if key not in ("title", "in_print")}
    fast, general = validate_both(BookSerializer(), payload)
    assert fast == general == ("errors", {"title": [("This field is required.", "required")]})
    payload["title"] = "T"
    fast, general = validate_both(BookSerializer(), payload)
    assert fast == general
    assert "in_print" not in fast[1]


def test_partial_skips_missing_fields_on_both_paths() -> None:
    fast, general = validate_both(BookSerializer(partial=True), {"pages": 3})
    assert fast == general == ("ok", {"pages": 3})


class HookSerializer(serializers.ModelSerializer):
    class Meta:
        model = WriteBook
        fields = ["title", "pages"]

    def validate_title(self, value: str) -> str:
        if value == "forbidden":
            raise serializers.ValidationError("Pick another title.")
        return value.upper()


def test_validate_name_hooks_run_after_the_fast_conversion() -> None:
    fast, general = validate_both(HookSerializer(), {"title": " quiet ", "pages": 1})
    assert fast == general == ("ok", {"title": "QUIET", "pages": 1})
    fast, general = validate_both(HookSerializer(), {"title": "forbidden", "pages": 1})
    assert fast == general == ("errors", {"title": [("Pick another title.", "invalid")]})


class LimitsSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=10)
    amount = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.5"))
    code = serializers.CharField(min_length=2, trim_whitespace=False)
    day = serializers.DateField(input_formats=["%d/%m/%Y", "iso-8601"])
    nested_source = serializers.IntegerField(source="inner.value")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"count": 10, "amount": "0.5", "code": " a", "day": "01/02/2024"}, None),
        ({"count": 11, "amount": "0.5", "code": "ab", "day": "2024-02-01"}, {"count": [("Ensure this value is less than or equal to 10.", "max_value")]}),
        ({"count": 0, "amount": "0.4", "code": "a", "day": "x"}, {
            "count": [("Ensure this value is greater than or equal to 1.", "min_value")],
            "amount": [("Ensure this value is greater than or equal to 0.5.", "min_value")],
            "code": [("Ensure this field has at least 2 characters.", "min_length")],
            "day": [("Date has wrong format. Use one of these formats instead: DD/MM/YYYY, YYYY-MM-DD.", "invalid")],
        }),
    ],
)
def test_inline_limits_give_the_validators_messages(data: dict[str, Any], errors: Any) -> None:
    fast, general = validate_both(LimitsSerializer(), {**data, "nested_source": 4})
    assert fast == general
    if errors is None:
        assert fast == (
            "ok",
            {"count": 10, "amount": Decimal("0.5"), "code": " a", "day": datetime.date(2024, 2, 1), "inner": {"value": 4}},
        )
    else:
        assert fast == ("errors", errors)


def test_date_input_formats_setting_is_followed() -> None:
    with override_settings(REST_FRAMEWORK={"DATE_INPUT_FORMATS": ["%d.%m.%Y"]}):
        fast, general = validate_both(BookSerializer(), {**VALID, "published": "1965-08-01"})
        assert fast == general
        assert fast[1]["published"][0][1] == "invalid"
        fast, general = validate_both(BookSerializer(), {**VALID, "published": "01.08.1965"})
        assert fast == general
        assert fast[1]["published"] == datetime.date(1965, 8, 1)


class ExtraValidatorSerializer(serializers.Serializer):
    pages = serializers.IntegerField(validators=[MaxValueValidator(5, message="Too many.")])


def test_fields_with_other_validators_run_them() -> None:
    fast, general = validate_both(ExtraValidatorSerializer(), {"pages": 6})
    assert fast == general == ("errors", {"pages": [("Too many.", "max_value")]})


class ShoutingField(serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(data).upper()


class CustomFieldSerializer(serializers.Serializer):
    title = ShoutingField()


def test_user_field_classes_run_their_own_methods() -> None:
    fast, general = validate_both(CustomFieldSerializer(), {"title": "abc"})
    assert fast == general == ("ok", {"title": "ABC"})
    assert "run_validation(raw)" in CustomFieldSerializer()._fast_writer().__rw_source__


class WritableFieldsSerializer(BookSerializer):
    @property
    def _writable_fields(self) -> Any:
        for field in self.fields.values():
            if field.field_name == "title":
                yield field


def test_overridden_field_hooks_turn_the_generated_function_off() -> None:
    assert WritableFieldsSerializer()._fast_writer() is None
    serializer = WritableFieldsSerializer(data={"title": "x"})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"title": "x"}


def test_changed_fields_are_seen_by_the_next_validation() -> None:
    serializer = BookSerializer()
    serializer.fields["pages"] = serializers.IntegerField(max_value=3)
    with pytest.raises(ValidationError) as info:
        serializer.to_internal_value(dict(VALID))
    assert info.value.detail == {"pages": ["Ensure this value is less than or equal to 3."]}


def test_query_dict_input_takes_the_general_loop() -> None:
    from django.http import QueryDict

    data = QueryDict("title=Q&price=1.5&pages=2&published=2020-01-01")
    serializer = BookSerializer(data=data)
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["in_print"] is False
    assert serializer.validated_data["price"] == Decimal("1.50")


def test_building_serializers_writes_to_no_class() -> None:
    # A class attribute assignment per instance would invalidate the attribute
    # caches of every field and serializer class; creation order still holds.
    before = serializers.Field.__dict__["_creation_counter"]
    first, second = serializers.CharField(), serializers.IntegerField()
    BookSerializer(data=VALID).is_valid()
    assert serializers.Field.__dict__["_creation_counter"] == before
    assert first._creation_counter < second._creation_counter

    class Ordered(serializers.Serializer):
        zebra = serializers.CharField()
        apple = serializers.CharField()

    assert list(Ordered().fields) == ["zebra", "apple"]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        ((), {"data": VALID}),
        ((None,), {"data": VALID, "partial": True}),
        ((None, VALID), {"context": {"request": None}}),
        ((), {"instance": None, "data": VALID, "partial": False, "context": {}}),
    ],
)
def test_one_step_construction_matches_new_and_init(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    BookSerializer()  # the class's usual state is recorded on first use
    fast = BookSerializer(*args, **kwargs)
    usual = type.__call__(BookSerializer, *args, **kwargs)
    fast_state, usual_state = dict(vars(fast)), dict(vars(usual))
    assert fast_state.pop("_creation_counter") != usual_state.pop("_creation_counter")
    assert fast_state == usual_state
    assert fast.error_messages is not usual.error_messages
    assert fast.error_messages is not BookSerializer().error_messages


def test_one_step_construction_refuses_what_the_usual_way_refuses() -> None:
    with pytest.raises(TypeError):
        BookSerializer(None, instance=None)
    with pytest.raises(TypeError):
        type.__call__(BookSerializer, None, instance=None)
    assert BookSerializer(data=VALID, read_only=True).read_only is True
    assert type(BookSerializer(data=[VALID], many=True)).__name__ == "ListSerializer"


def rejecting_validator(attrs: dict[str, Any]) -> None:
    raise serializers.ValidationError("Rejected by Meta.validators.")


class MetaValidatorsSerializer(BookSerializer):
    class Meta(BookSerializer.Meta):
        validators = [rejecting_validator]


class ExtraValidatorsSerializer(BookSerializer):
    def get_validators(self) -> list[Any]:
        return [*super().get_validators(), rejecting_validator]


class ValidateSerializer(BookSerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        raise serializers.ValidationError("Rejected by validate().")


class RunValidatorsSerializer(BookSerializer):
    def run_validators(self, value: Any) -> None:
        raise serializers.ValidationError("Rejected by run_validators().")


@pytest.mark.parametrize(
    ("serializer_class", "message"),
    [
        (MetaValidatorsSerializer, "Rejected by Meta.validators."),
        (ExtraValidatorsSerializer, "Rejected by Meta.validators."),
        (ValidateSerializer, "Rejected by validate()."),
        (RunValidatorsSerializer, "Rejected by run_validators()."),
    ],
)
def test_serializer_level_validation_still_runs(serializer_class: Any, message: str) -> None:
    for _ in range(2):  # the second instance uses what the first one cached
        serializer = serializer_class(data=VALID)
        assert not serializer.is_valid()
        assert serializer.errors == {"non_field_errors": [message]}
    plain = BookSerializer(data=VALID)
    assert plain.is_valid(), plain.errors


def test_validators_set_on_an_instance_run() -> None:
    BookSerializer(data=VALID).is_valid()
    serializer = BookSerializer(data=VALID)
    serializer.validators = [rejecting_validator]
    assert not serializer.is_valid()
    assert serializer.errors == {"non_field_errors": ["Rejected by Meta.validators."]}


class ContextRulesSerializer(serializers.ModelSerializer):
    # The method field keeps the class's fields from being shared, so each
    # instance gets its own copies (the per-class generated code then serves
    # only instances whose copies no user code has touched).
    note = serializers.SerializerMethodField()

    class Meta:
        model = WriteBook
        fields = ["title", "pages", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.context.get("strict"):
            self.fields["title"].validators.append(MaxValueValidator("a", message="Too late in the alphabet."))
            self.fields["pages"].read_only = True

    def get_note(self, obj: Any) -> str:
        return "noted"


def test_fields_changed_in_init_are_respected_per_instance() -> None:
    payload = {"title": "b", "pages": 1}
    for _ in range(2):
        plain = ContextRulesSerializer(data=payload)
        assert plain.is_valid(), plain.errors
        assert plain.validated_data == {"title": "b", "pages": 1}
        strict = ContextRulesSerializer(data=payload, context={"strict": True})
        assert not strict.is_valid()
        assert strict.errors == {"title": ["Too late in the alphabet."]}
        strict = ContextRulesSerializer(data={"title": "a", "pages": 1}, context={"strict": True})
        assert strict.is_valid(), strict.errors
        assert strict.validated_data == {"title": "a"}
    # The writable fields are plain value fields: untouched instances share
    # the class's generated validate (the read-only method field does not
    # take part in writing); an instance whose __init__ changed its fields
    # has its own copies.
    first, second = ContextRulesSerializer(data=payload), ContextRulesSerializer(data=payload)
    assert first._fast_writer() is second._fast_writer()
    assert "fields" not in first.__dict__
    strict = ContextRulesSerializer(data=payload, context={"strict": True})
    assert "fields" in strict.__dict__
    assert strict._fast_writer() is not first._fast_writer()


DECIMAL_TEXTS = [
    sign + integer + fraction
    for sign in ("", "-", "+")
    for integer in ("0", "00", "1", "01", "10", "123", "0001234", "9999", "")
    for fraction in ("", ".", ".0", ".5", ".05", ".50", ".500", ".123", ".0000")
] + ["1E+2", "1e-2", " 12.5 ", "12_5", "NaN", "-Infinity", "١٢.٥", "12.5.1", "--1"]


@pytest.mark.parametrize(("max_digits", "places"), [(4, 2), (5, 0), (3, 3), (6, 2), (7, 4)])
def test_decimal_strings_give_the_same_result(max_digits: int, places: int) -> None:
    class PriceSerializer(serializers.Serializer):
        price = serializers.DecimalField(max_digits=max_digits, decimal_places=places)

    assert "parse(raw)" in PriceSerializer()._fast_writer().__rw_source__
    for text in DECIMAL_TEXTS:
        fast, general = validate_both(PriceSerializer(), {"price": text})
        assert fast == general, text
        if fast[0] == "ok":
            assert str(fast[1]["price"]) == str(general[1]["price"]), text


class OddNameSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, Any]:
        return {"first-name": serializers.CharField(), "class": serializers.IntegerField()}


setattr(OddNameSerializer, "validate_first-name", lambda self, value: value.upper())
OddNameSerializer.validate_class = lambda self, value: value + 1


def test_field_names_that_are_not_identifiers() -> None:
    # Fields from an overridden get_fields() are this instance's own: code is
    # generated for them only when the serializer runs for a list's items.
    assert OddNameSerializer()._fast_writer() is None
    child = OddNameSerializer(many=True).child
    fast, general = validate_both(child, {"first-name": "ann", "class": 1})
    assert fast == general == ("ok", {"first-name": "ANN", "class": 2})
    serializer = OddNameSerializer(data=[{"first-name": "bo", "class": 0}], many=True)
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == [{"first-name": "BO", "class": 1}]


class DynamicFieldsSerializer(BookSerializer):
    # The usual DRF recipe: drop fields per instance.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keep = kwargs.pop("fields", None)
        super().__init__(*args, **kwargs)
        if keep is not None:
            for name in set(self.fields) - set(keep):
                self.fields.pop(name)


def test_fields_dropped_per_instance_use_the_general_path_unless_in_a_list() -> None:
    single = DynamicFieldsSerializer(data=VALID, fields=["title", "pages"])
    assert single._fast_writer() is None
    assert single.is_valid(), single.errors
    assert single.validated_data == {"title": "Dune", "pages": 412}
    many = DynamicFieldsSerializer(data=[VALID, {**VALID, "pages": "x"}], many=True, fields=["title", "pages"])
    assert not many.is_valid()
    assert many.errors == {1: {"pages": ["A valid integer is required."]}}
    assert many.child._fast_writer() is not None


CHAR_INPUTS = ["", " ", "\t\n", "a", " a ", "ab", "abc ", "abcd", "a\x00", "\u00e9t\u00e9", "x\ud83d", "\u3000a\u3000", 5, 2.5, 1e-05, None, True, [], {}]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"trim_whitespace": False},
        {"allow_blank": True},
        {"allow_blank": True, "trim_whitespace": False},
        {"max_length": 3},
        {"min_length": 2, "max_length": 3},
        {"allow_null": True, "min_length": 1},
    ],
)
def test_char_inputs_give_the_same_result(options: dict[str, Any]) -> None:
    class NameSerializer(serializers.Serializer):
        name = serializers.CharField(**options)

    assert "isascii" in NameSerializer()._fast_writer().__rw_source__
    for value in CHAR_INPUTS:
        fast, general = validate_both(NameSerializer(), {"name": value})
        assert fast == general, value


@pytest.mark.parametrize("options", [{}, {"min_value": -5, "max_value": 5}, {"max_value": Decimal("2.5")}])
def test_integer_inputs_give_the_same_result(options: dict[str, Any]) -> None:
    class CountSerializer(serializers.Serializer):
        count = serializers.IntegerField(**options)

    for value in [0, 5, 6, -5, -6, 2, 3, 10**30, "4", "4.0", 4.0, 4.5, True, False, None, "", "x", [1]]:
        fast, general = validate_both(CountSerializer(), {"count": value})
        assert fast == general, value


def test_date_and_boolean_inputs_give_the_same_result() -> None:
    class DaySerializer(serializers.Serializer):
        day = serializers.DateField()
        flag = serializers.BooleanField()

    days = ["2024-01-31", "2024-1-31", "2024-02-30", "20240131", "2024-W05-3", "2024-01-31T00:00", " 2024-01-31", "", 20240131]
    flags = [True, False, "true", "False", 1, 0, "1", "on", "nope", None, 2]
    for day in days:
        for flag in flags:
            fast, general = validate_both(DaySerializer(), {"day": day, "flag": flag})
            assert fast == general, (day, flag)


class WriteSeat(models.Model):
    book = models.ForeignKey(WriteBook, on_delete=models.CASCADE)
    number = models.IntegerField()

    class Meta:
        app_label = "tests"
        unique_together = ("book", "number")


class SeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = WriteSeat
        fields = ["book", "number"]


@pytest.mark.django_db
def test_uniqueness_validators_run_for_instances_with_their_own_fields() -> None:
    book = WriteBook.objects.create(title="T", price=Decimal("1"), pages=1, published=datetime.date(2000, 1, 1))
    WriteSeat.objects.create(book=book, number=1)
    for _ in range(3):
        taken = SeatSerializer(data={"book": book.pk, "number": 1})
        assert not taken.is_valid()
        assert taken.errors == {"non_field_errors": ["The fields book, number must make a unique set."]}
        free = SeatSerializer(data={"book": book.pk, "number": 2})
        assert free.is_valid(), free.errors
