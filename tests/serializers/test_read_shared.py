"""Fields shared for rendering only: nested serializers and primary-key relations.

A serializer whose nested serializer renders every field from a loaded
column, and whose primary-key relations are stock, renders with the class's
field templates: no per-instance copies, no reference cycle. Each case checks
the output a client sees against the general path (an instance with its own
field copies, as Django REST framework builds it), and that overridden hooks
turn the sharing off.
"""

from __future__ import annotations

import weakref
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restwell import serializers
from restwell.serializers._read_shared import strict_reader
from tests.serializers.test_read import (
    EXPECTED,
    AuthorSerializer,
    BookSerializer,
    ProxyBook,
    ReadAuthor,
    ReadBook,
    make_book,
)


class BookAuthorIdSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadBook
        fields = ["id", "title", "author"]


def general(serializer_class: type, obj: Any, **kwargs: Any) -> Any:
    # The general path: the instance's own field copies, bound to it.
    serializer = serializer_class(obj, **kwargs)
    assert (serializer.child if kwargs.get("many") else serializer).fields
    return serializer.data


def shared(serializer_class: type, obj: Any, **kwargs: Any) -> Any:
    serializer = serializer_class(obj, **kwargs)
    data = serializer.data
    assert "fields" not in serializer.__dict__
    return data


def test_nested_serializer_renders_from_the_class_templates() -> None:
    assert shared(BookSerializer, make_book()) == general(BookSerializer, make_book()) == EXPECTED


def test_many_true_list_renders_every_item_alike() -> None:
    books = [make_book(id=1, title="A"), make_book(id=2, title="B", author=None)]
    data = BookSerializer(books, many=True).data
    assert data == general(BookSerializer, books, many=True)
    assert data[0]["author"] == {"id": 3, "name": "Frank", "email": "f@example.com"}
    assert data[1]["author"] is None
    assert "fields" not in data.serializer.child.__dict__


def test_no_reference_cycle_keeps_a_rendered_serializer_alive() -> None:
    serializer = BookSerializer(make_book())
    assert serializer.data == EXPECTED
    ref = weakref.ref(serializer)
    del serializer
    # Freed by reference counting alone: no collector run needed.
    assert ref() is None


class ProxyAuthor(ReadAuthor):
    class Meta:
        app_label = "tests"
        proxy = True


def test_related_object_of_another_class_renders_through_a_bound_copy() -> None:
    book = make_book()
    book.author = ProxyAuthor(id=3, name="Frank", email="f@example.com")
    assert shared(BookSerializer, book)["author"] == EXPECTED["author"]
    assert general(BookSerializer, book)["author"] == EXPECTED["author"]


def test_callable_column_value_is_called_as_the_general_path_does() -> None:
    book = make_book()
    book.author.name = lambda: "called"  # type: ignore[assignment]
    assert shared(BookSerializer, book)["author"]["name"] == "called"
    assert general(BookSerializer, book)["author"]["name"] == "called"


@pytest.mark.django_db
def test_uncached_and_deferred_related_objects_query_as_before() -> None:
    author = ReadAuthor.objects.create(name="Ursula", email="u@example.com")
    ReadBook.objects.create(
        title="Earthsea", price="9.99", pages=200, published="1968-01-01", author=author
    )
    expected = {"id": author.id, "name": "Ursula", "email": "u@example.com"}
    for load in (
        lambda: ReadBook.objects.get(),  # the author is not loaded: one query
        lambda: ReadBook.objects.select_related("author").defer("author__email").get(),
    ):
        with CaptureQueriesContext(connection) as shared_queries:
            assert shared(BookSerializer, load())["author"] == expected
        with CaptureQueriesContext(connection) as general_queries:
            assert general(BookSerializer, load())["author"] == expected
        assert len(shared_queries) == len(general_queries) == 2


def test_nested_serializer_sees_the_root_context_in_the_general_path() -> None:
    seen: list[Any] = []

    class ContextAuthorSerializer(AuthorSerializer):
        def to_representation(self, instance: Any) -> Any:
            seen.append((self.context.get("who"), type(self.parent).__name__))
            return super().to_representation(instance)

    class ContextBookSerializer(BookSerializer):
        author = ContextAuthorSerializer(read_only=True)

    # An overridden to_representation keeps the nested serializer unshared.
    template = ContextBookSerializer()._field_templates()["author"][1]
    assert strict_reader(template) is None
    data = ContextBookSerializer(make_book(), context={"who": "me"}).data
    assert data["author"] == EXPECTED["author"]
    assert seen == [("me", "ContextBookSerializer")]


class UpperName(serializers.CharField):
    def to_representation(self, value: Any) -> str:
        return value.upper()


class UpperAuthorSerializer(serializers.ModelSerializer):
    name = UpperName()

    class Meta:
        model = ReadAuthor
        fields = ["id", "name"]


class MethodAuthorSerializer(serializers.ModelSerializer):
    initials = serializers.SerializerMethodField()

    class Meta:
        model = ReadAuthor
        fields = ["id", "initials"]

    def get_initials(self, obj: Any) -> str:
        return obj.name[0] + "." + self.context.get("suffix", "")


class GetAttributeAuthorSerializer(AuthorSerializer):
    def get_attribute(self, instance: Any) -> Any:
        return ReadAuthor(id=99, name="Other", email="o@example.com")


@pytest.mark.parametrize(
    ("nested", "expected"),
    [
        (UpperAuthorSerializer(read_only=True), {"id": 3, "name": "FRANK"}),
        (MethodAuthorSerializer(read_only=True), {"id": 3, "initials": "F.x"}),
        (GetAttributeAuthorSerializer(read_only=True), {"id": 99, "name": "Other", "email": "o@example.com"}),
    ],
)
def test_nested_serializers_that_need_their_own_methods_are_not_shared(nested: Any, expected: Any) -> None:
    class OuterSerializer(serializers.ModelSerializer):
        author = nested

        class Meta:
            model = ReadBook
            fields = ["id", "author"]

    template = OuterSerializer()._field_templates()["author"][1]
    assert strict_reader(template) is None
    data = OuterSerializer(make_book(), context={"suffix": "x"}).data
    assert data == {"id": 7, "author": expected}
    assert general(OuterSerializer, make_book(), context={"suffix": "x"}) == data


def test_primary_key_relation_is_shared_unless_customised() -> None:
    class PkPlusOne(serializers.PrimaryKeyRelatedField):
        def to_representation(self, value: Any) -> Any:
            return value.pk + 1

    class CustomPkSerializer(BookAuthorIdSerializer):
        author = PkPlusOne(read_only=True)

    assert shared(BookAuthorIdSerializer, make_book()) == {"id": 7, "title": "Dune", "author": 3}
    assert general(BookAuthorIdSerializer, make_book()) == {"id": 7, "title": "Dune", "author": 3}
    serializer = CustomPkSerializer(make_book())
    assert serializer.data == {"id": 7, "title": "Dune", "author": 4}
    assert "fields" in serializer.__dict__


def test_missing_related_object_error_names_the_running_serializer() -> None:
    class StrictBookSerializer(serializers.ModelSerializer):
        writer = AuthorSerializer(required=True)

        class Meta:
            model = ReadBook
            fields = ["id", "writer"]

    for render in (shared, general):
        with pytest.raises(AttributeError) as caught:
            render(StrictBookSerializer, make_book())
        assert "field `writer` on serializer `StrictBookSerializer`" in str(caught.value)


def test_proxy_model_instances_render_alike() -> None:
    book = ProxyBook(**{key: getattr(make_book(), key) for key in ("id", "title", "price", "pages", "published")})
    book.in_print, book.ratio = True, 0.5
    book.author = ReadAuthor(id=3, name="Frank", email="f@example.com")
    assert shared(BookSerializer, book) == general(BookSerializer, book) == EXPECTED
