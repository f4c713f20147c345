"""The generated render function gives exactly what the general loop gives.

Each case renders the same object through the generated function and the
general per-field loop (``render_general``) and checks both against the
literal output a client would see. Overridden hooks must turn the generated
function off.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, models
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from restwell import serializers
from restwell.serializers._read import render_general


class ReadAuthor(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()

    class Meta:
        app_label = "tests"


class ReadBook(models.Model):
    title = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    pages = models.IntegerField()
    published = models.DateField()
    in_print = models.BooleanField(default=True)
    ratio = models.FloatField(null=True)
    updated = models.DateTimeField(null=True)
    author = models.ForeignKey(ReadAuthor, null=True, on_delete=models.CASCADE, related_name="books")

    class Meta:
        app_label = "tests"

    @property
    def shout(self) -> str:
        return self.title.upper()


class ProxyBook(ReadBook):
    class Meta:
        app_label = "tests"
        proxy = True


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadAuthor
        fields = ["id", "name", "email"]


class BookSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(read_only=True)

    class Meta:
        model = ReadBook
        fields = ["id", "title", "price", "pages", "published", "in_print", "ratio", "author"]


def make_book(**overrides: Any) -> ReadBook:
    values: dict[str, Any] = {
        "id": 7,
        "title": "Dune",
        "price": Decimal("12.50"),
        "pages": 412,
        "published": datetime.date(1965, 8, 1),
        "in_print": True,
        "ratio": 0.5,
    }
    values.update(overrides)
    book = ReadBook(**values)
    if "author" not in overrides:
        book.author = ReadAuthor(id=3, name="Frank", email="f@example.com")
    return book


EXPECTED = {
    "id": 7,
    "title": "Dune",
    "price": "12.50",
    "pages": 412,
    "published": "1965-08-01",
    "in_print": True,
    "ratio": 0.5,
    "author": {"id": 3, "name": "Frank", "email": "f@example.com"},
}


def render_both(serializer: Any, obj: Any) -> tuple[Any, Any]:
    reader = serializer._fast_reader()
    assert reader is not None
    return reader(serializer, obj), render_general(serializer, obj)


def test_generated_render_matches_the_general_loop() -> None:
    serializer = BookSerializer()
    fast, general = render_both(serializer, make_book())
    assert fast == general == EXPECTED
    assert list(fast) == list(EXPECTED)
    assert serializer.to_representation(make_book()) == EXPECTED


def test_many_true_renders_every_item_with_the_generated_function() -> None:
    books = [make_book(id=1, title="A"), make_book(id=2, title="B", author=None)]
    data = BookSerializer(books, many=True).data
    assert [item["title"] for item in data] == ["A", "B"]
    assert data[1]["author"] is None
    assert data[0]["author"] == {"id": 3, "name": "Frank", "email": "f@example.com"}


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (Decimal("12.50"), "12.50"),
        (Decimal("12.5"), "12.50"),
        (Decimal("12"), "12.00"),
        (Decimal("-0.00"), "-0.00"),
        (Decimal("0.001"), "0.00"),
        (Decimal("0.005"), "0.00"),
        (Decimal("0.015"), "0.02"),
        (Decimal("1E+2"), "100.00"),
        (Decimal("1.2E+3"), "1200.00"),
        (Decimal("999999.99"), "999999.99"),
        (Decimal("-999999.99"), "-999999.99"),
        (Decimal("1234567.89"), "1234567.89"),
        (Decimal("0.00000001"), "0.00"),
        (Decimal("NaN"), "NaN"),
        (12.5, "12.50"),
        ("3.1", "3.10"),
    ],
)
def test_decimal_output_matches_the_field(price: Any, expected: str) -> None:
    serializer = BookSerializer()
    fast, general = render_both(serializer, make_book(price=price))
    assert fast["price"] == general["price"] == expected


class FourPlacesSerializer(serializers.ModelSerializer):
    price = serializers.DecimalField(max_digits=10, decimal_places=4)

    class Meta:
        model = ReadBook
        fields = ["price"]


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (Decimal("1.2E+5"), "120000.0000"),
        (Decimal("1.2345E+5"), "123450.0000"),
        (Decimal("12.3456"), "12.3456"),
        (Decimal("-1.5E-7"), "-0.0000"),
    ],
)
def test_decimal_output_in_exponent_notation(price: Decimal, expected: str) -> None:
    fast, general = render_both(FourPlacesSerializer(), make_book(price=price))
    assert fast["price"] == general["price"] == expected


def test_decimal_output_follows_coerce_setting() -> None:
    with override_settings(REST_FRAMEWORK={"COERCE_DECIMAL_TO_STRING": False}):
        serializer = BookSerializer()
        fast, general = render_both(serializer, make_book(price=Decimal("12.5")))
        assert fast["price"] == general["price"] == Decimal("12.50")
        assert type(fast["price"]) is Decimal
    assert BookSerializer().to_representation(make_book())["price"] == "12.50"


def test_date_output_follows_date_format_setting() -> None:
    with override_settings(REST_FRAMEWORK={"DATE_FORMAT": "%d/%m/%Y"}):
        fast, general = render_both(BookSerializer(), make_book())
        assert fast["published"] == general["published"] == "01/08/1965"


def test_datetime_in_a_date_field_is_refused_by_both_paths() -> None:
    serializer = BookSerializer()
    book = make_book(published=datetime.datetime(2020, 1, 1, 12, 0))
    with pytest.raises(AssertionError, match="Expected a `date`, but got a `datetime`"):
        serializer._fast_reader()(serializer, book)
    with pytest.raises(AssertionError, match="Expected a `date`, but got a `datetime`"):
        render_general(serializer, book)


def test_values_of_other_types_use_the_fields_own_conversion() -> None:
    book = make_book(pages="12", title=42, in_print="false", ratio=2, published="1999-01-02")
    fast, general = render_both(BookSerializer(), book)
    assert fast == general
    assert (fast["pages"], fast["title"], fast["in_print"], fast["ratio"]) == (12, "42", False, 2.0)
    assert fast["published"] == "1999-01-02"


def test_none_values_render_as_none() -> None:
    fast, general = render_both(BookSerializer(), make_book(ratio=None, title=None, author=None))
    assert fast == general
    assert (fast["ratio"], fast["title"], fast["author"]) == (None, None, None)


def test_callable_value_is_called_as_the_general_loop_does() -> None:
    book = make_book(title=lambda: "Called")
    fast, general = render_both(BookSerializer(), book)
    assert fast["title"] == general["title"] == "Called"


def test_instances_of_other_classes_take_the_general_loop() -> None:
    serializer = BookSerializer()
    proxy = ProxyBook(id=1, title="P", price=Decimal("1"), pages=1, published=datetime.date(2000, 1, 1), ratio=None)
    assert serializer.to_representation(proxy)["price"] == "1.00"
    data = {"id": 1, "title": "D", "price": "2", "pages": 3, "published": datetime.date(2000, 1, 2)}
    data.update(in_print=False, ratio=None, author=None)
    assert serializer.to_representation(data) == {
        "id": 1,
        "title": "D",
        "price": "2.00",
        "pages": 3,
        "published": "2000-01-02",
        "in_print": False,
        "ratio": None,
        "author": None,
    }


@pytest.mark.django_db
def test_deferred_columns_and_uncached_relations_query_as_before() -> None:
    author = ReadAuthor.objects.create(name="Ursula", email="u@example.com")
    book = ReadBook.objects.create(
        title="Earthsea", price=Decimal("9.99"), pages=200, published=datetime.date(1968, 1, 1), author=author
    )
    expected = {
        "id": book.pk,
        "title": "Earthsea",
        "price": "9.99",
        "pages": 200,
        "published": "1968-01-01",
        "in_print": True,
        "ratio": None,
        "author": {"id": author.pk, "name": "Ursula", "email": "u@example.com"},
    }
    serializer = BookSerializer()
    for path in (serializer._fast_reader(), render_general):
        deferred = ReadBook.objects.only("id", "title").get(pk=book.pk)
        with CaptureQueriesContext(connection) as queries:
            assert path(serializer, deferred) == expected
        # One query per deferred column and one for the author, on both paths.
        assert len(queries.captured_queries) == 7
        plain = ReadBook.objects.get(pk=book.pk)
        with CaptureQueriesContext(connection) as queries:
            assert path(serializer, plain) == expected
        assert len(queries.captured_queries) == 1
        joined = ReadBook.objects.select_related("author").get(pk=book.pk)
        with CaptureQueriesContext(connection) as queries:
            assert path(serializer, joined) == expected
        assert len(queries.captured_queries) == 0


class UpperCharField(serializers.CharField):
    def to_representation(self, value: Any) -> Any:
        return str(value).upper()


class CustomFieldSerializer(serializers.ModelSerializer):
    title = UpperCharField()
    shout = serializers.ReadOnlyField()
    label = serializers.SerializerMethodField()
    pages = serializers.IntegerField(source="price")

    class Meta:
        model = ReadBook
        fields = ["title", "shout", "label", "pages"]

    def get_label(self, obj: Any) -> str:
        return f"{obj.title} ({obj.pages})"


def test_fields_without_a_fast_read_run_their_own_methods() -> None:
    serializer = CustomFieldSerializer()
    fast, general = render_both(serializer, make_book(price=Decimal("12.50")))
    assert fast == general == {"title": "DUNE", "shout": "DUNE", "label": "Dune (412)", "pages": 12}


class OverridingSerializer(BookSerializer):
    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        data["extra"] = True
        return data


class ReadableFieldsSerializer(BookSerializer):
    @property
    def _readable_fields(self) -> Any:
        for field in self.fields.values():
            if field.field_name != "ratio":
                yield field


def test_overridden_hooks_turn_the_generated_function_off() -> None:
    assert OverridingSerializer()._fast_reader() is None
    assert OverridingSerializer([make_book()], many=True).data[0]["extra"] is True
    assert ReadableFieldsSerializer()._fast_reader() is None
    assert "ratio" not in ReadableFieldsSerializer(make_book()).data
    serializer = BookSerializer()
    serializer.to_representation = lambda instance: {"patched": True}
    assert serializer._fast_reader() is None


def test_changed_fields_are_seen_by_the_next_render() -> None:
    serializer = BookSerializer(make_book())
    assert serializer.to_representation(make_book())["title"] == "Dune"
    serializer.fields["title"] = UpperCharField()
    assert serializer.to_representation(make_book())["title"] == "DUNE"
    del serializer.fields["ratio"]
    assert "ratio" not in serializer.to_representation(make_book())


def test_generated_source_is_inspectable() -> None:
    reader = BookSerializer()._fast_reader()
    assert "def render(self, o):" in reader.__rw_source__
    assert "fields_cache" in reader.__rw_source__


class ContextFieldsSerializer(BookSerializer):
    # Instances whose fields no user code touched render with the class's
    # shared fields and generated code; the terse ones get their own copies.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.context.get("terse"):
            self.fields["title"].write_only = True
            self.fields["price"].coerce_to_string = False


def test_fields_changed_in_init_are_respected_per_instance() -> None:
    for _ in range(2):
        assert ContextFieldsSerializer(make_book()).data == EXPECTED
        terse = ContextFieldsSerializer(make_book(), context={"terse": True}).data
        assert "title" not in terse
        assert terse["price"] == Decimal("12.50")
    first, second = ContextFieldsSerializer(), ContextFieldsSerializer()
    assert first._fast_reader() is second._fast_reader()
    assert "fields" not in first.__dict__
    terse = ContextFieldsSerializer(context={"terse": True})
    # A single instance with its own changed copies renders with the general loop.
    assert terse._fast_reader() is None
    assert "fields" in terse.__dict__


class AuthorIdSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadBook
        fields = ["id", "author"]


class AuthorPkFieldSerializer(serializers.ModelSerializer):
    author = serializers.PrimaryKeyRelatedField(read_only=True, pk_field=serializers.CharField())

    class Meta:
        model = ReadBook
        fields = ["id", "author"]


@pytest.mark.parametrize(
    ("serializer_class", "author_id", "expected"),
    [
        (AuthorIdSerializer, 3, 3),
        (AuthorIdSerializer, None, None),
        (AuthorIdSerializer, "7", "7"),
        (AuthorPkFieldSerializer, 3, "3"),
        (AuthorPkFieldSerializer, None, None),
    ],
)
def test_primary_key_relations_render_the_column(serializer_class: Any, author_id: Any, expected: Any) -> None:
    book = make_book(author=None)
    book.author_id = author_id
    fast, general = render_both(serializer_class(), book)
    assert fast == general == {"id": 7, "author": expected}


def test_primary_key_relation_reads_the_column_without_a_query() -> None:
    assert "d['author_id']" in AuthorIdSerializer()._fast_reader().__rw_source__
    assert "d['author_id']" not in AuthorPkFieldSerializer()._fast_reader().__rw_source__


@pytest.mark.django_db
def test_deferred_foreign_key_column_is_loaded_as_before() -> None:
    author = ReadAuthor.objects.create(name="N", email="n@example.com")
    book = ReadBook.objects.create(
        title="T", price=Decimal("1.00"), pages=1, published=datetime.date(2001, 1, 1), author=author
    )
    serializer = AuthorIdSerializer()
    for path in (serializer._fast_reader(), render_general):
        deferred = ReadBook.objects.only("id").get(pk=book.pk)
        with CaptureQueriesContext(connection) as queries:
            assert path(serializer, deferred) == {"id": book.pk, "author": author.pk}
        assert len(queries.captured_queries) == 1
