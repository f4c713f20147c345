"""Relational fields: batched pk lookups and hyperlink failures (C11)."""

from __future__ import annotations

import pytest
from django.db import connection, models
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from restwell import serializers
from restwell.test import APIRequestFactory


class RelAuthor(models.Model):
    name = models.CharField(max_length=20)
    slug = models.CharField(max_length=20, blank=True)

    class Meta:
        app_label = "tests"


class RelBook(models.Model):
    title = models.CharField(max_length=20)
    author = models.ForeignKey(RelAuthor, on_delete=models.CASCADE)

    class Meta:
        app_label = "tests"


def _view(request, slug):  # type: ignore[no-untyped-def]
    return HttpResponse()


urlpatterns = [path("authors/<slug:slug>/", _view, name="author-detail")]


class BookLinkSerializer(serializers.ModelSerializer):
    author = serializers.HyperlinkedRelatedField(view_name="author-detail", lookup_field="slug", read_only=True)

    class Meta:
        model = RelBook
        fields = ["title", "author"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_c11_empty_slug_renders_null() -> None:
    """C11: a row whose link cannot be built renders null; the others link normally."""
    good = RelAuthor.objects.create(name="a", slug="ann")
    blank = RelAuthor.objects.create(name="b", slug="")
    RelBook.objects.create(title="x", author=good)
    RelBook.objects.create(title="y", author=blank)
    request = APIRequestFactory().get("/")
    data = BookLinkSerializer(RelBook.objects.order_by("pk"), many=True, context={"request": request}).data
    assert data == [
        {"title": "x", "author": "http://testserver/authors/ann/"},
        {"title": "y", "author": None},
    ]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_c11_without_request_links_are_relative() -> None:
    """C11: no request in the context gives a relative URL, not an AssertionError."""
    author = RelAuthor.objects.create(name="a", slug="ann")
    book = RelBook.objects.create(title="x", author=author)
    assert BookLinkSerializer(book).data == {"title": "x", "author": "/authors/ann/"}


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = RelBook
        fields = ["title", "author"]


class ShelfSerializer(serializers.Serializer):
    authors = serializers.PrimaryKeyRelatedField(many=True, queryset=RelAuthor.objects.all())


@pytest.mark.django_db
def test_many_pk_lookups_are_one_query() -> None:
    ids = [RelAuthor.objects.create(name=str(i)).pk for i in range(5)]
    ser = ShelfSerializer(data={"authors": ids})
    with CaptureQueriesContext(connection) as ctx:
        assert ser.is_valid(), ser.errors
    assert len(ctx.captured_queries) == 1
    assert [a.pk for a in ser.validated_data["authors"]] == ids


@pytest.mark.django_db
def test_many_pk_lookup_errors() -> None:
    pk = RelAuthor.objects.create(name="a").pk
    ser = ShelfSerializer(data={"authors": [pk, 999]})
    assert not ser.is_valid()
    assert ser.errors == {"authors": ['Invalid pk "999" - object does not exist.']}
    ser = ShelfSerializer(data={"authors": [True]})
    assert not ser.is_valid()
    assert ser.errors == {"authors": ["Incorrect type. Expected pk value, received bool."]}
    ser = ShelfSerializer(data={"authors": "1"})
    assert not ser.is_valid()
    assert ser.errors == {"authors": ['Expected a list of items but got type "str".']}


@pytest.mark.django_db
def test_list_payload_relation_lookups_are_batched() -> None:
    """S2: a many=True payload looks each relation up with one query, not one per item."""
    authors = [RelAuthor.objects.create(name=str(i)) for i in range(4)]
    payload = [{"title": f"b{i}", "author": a.pk} for i, a in enumerate(authors)]
    ser = BookSerializer(data=payload, many=True)
    with CaptureQueriesContext(connection) as ctx:
        assert ser.is_valid(), ser.errors
    assert len(ctx.captured_queries) == 1
    assert [item["author"] for item in ser.validated_data] == authors
    ser = BookSerializer(data=[{"title": "z", "author": 999}, {"title": "w", "author": authors[0].pk}], many=True)
    assert not ser.is_valid()
    assert ser.errors == {0: {"author": ['Invalid pk "999" - object does not exist.']}}


def test_relational_configuration_errors() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="must provide a `queryset` argument"):
        serializers.PrimaryKeyRelatedField()
    with pytest.raises(AssertionError, match="The `slug_field` argument is required."):
        serializers.SlugRelatedField(read_only=True)


class TypoLinkSerializer(serializers.ModelSerializer):
    author = serializers.HyperlinkedRelatedField(view_name="autor-detail", lookup_field="slug", read_only=True)

    class Meta:
        model = RelBook
        fields = ["title", "author"]


@pytest.mark.urls(__name__)
def test_c11_view_name_typo_is_a_system_check_warning() -> None:
    """C11: a view_name typo is reported by ``manage.py check``, naming the field and view_name."""
    from restwell.checks import hyperlinked_view_names_check

    messages = [m for m in hyperlinked_view_names_check(None) if m.obj in (TypoLinkSerializer, BookLinkSerializer)]
    assert [(m.id, m.msg) for m in messages] == [
        (
            "restwell.W101",
            "tests.test_relations.TypoLinkSerializer.author: view_name 'autor-detail' does not match "
            "any URL pattern name.",
        )
    ]


class _Holder:
    """A plain object (no serializable_value) holding a book."""

    def __init__(self, book: RelBook) -> None:
        self.book = book


@pytest.mark.parametrize(
    ("source", "make", "expected"),
    [
        ("author", lambda book: book, 5),
        ("book.author", lambda book: _Holder(book), 5),
        # No serializable_value(): the general attribute read gives the object.
        ("book", lambda book: _Holder(book.author), 5),
    ],
)
def test_primary_key_field_reads_the_related_pk(source: str, make: object, expected: int) -> None:
    book = RelBook(id=1, title="t", author=RelAuthor(id=5, name="a"))
    field = serializers.PrimaryKeyRelatedField(read_only=True, source=source)
    field.bind("rel", serializers.Serializer())
    value = field.get_attribute(make(book))  # type: ignore[operator]
    assert field.to_representation(value) == expected


def test_primary_key_field_with_a_missing_source_is_skipped_or_named() -> None:
    from restwell.fields import SkipField

    optional = serializers.PrimaryKeyRelatedField(read_only=True, source="nothing")
    optional.bind("author", serializers.Serializer())
    with pytest.raises(SkipField):
        optional.get_attribute(RelBook(id=1, title="t"))
    required = serializers.PrimaryKeyRelatedField(queryset=RelAuthor.objects.all(), source="nothing")
    required.bind("author", serializers.Serializer())
    with pytest.raises(AttributeError, match="field `author` on serializer `Serializer`"):
        required.get_attribute(RelBook(id=1, title="t"))
