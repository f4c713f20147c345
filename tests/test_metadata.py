"""Tests for restwell.metadata: OPTIONS responses (case C30)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from restwell import metadata, permissions, routers, serializers, viewsets

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class MetaAuthor(models.Model):
    name = models.CharField(max_length=50)
    private = models.BooleanField(default=False)

    class Meta:
        app_label = "tests"


class MetaBook(models.Model):
    title = models.CharField(max_length=100)
    genre = models.CharField(max_length=10, default="novel")
    author = models.ForeignKey(MetaAuthor, on_delete=models.CASCADE)

    class Meta:
        app_label = "tests"


class MetaBookSerializer(serializers.ModelSerializer):
    author = serializers.PrimaryKeyRelatedField(queryset=MetaAuthor.objects.all())
    genre = serializers.ChoiceField(choices=[("novel", "Novel"), ("poetry", "Poetry")])
    co_authors = serializers.PrimaryKeyRelatedField(
        queryset=MetaAuthor.objects.all(), many=True, required=False, source="_co_authors"
    )
    token = serializers.HiddenField(default="x")

    class Meta:
        model = MetaBook
        fields = ["id", "title", "genre", "author", "co_authors", "token"]


class BookViewSet(viewsets.ModelViewSet):
    """Books of the catalogue."""

    queryset = MetaBook.objects.all()
    serializer_class = MetaBookSerializer
    permission_classes = [permissions.IsAuthenticated]


class ReadOnlyBookViewSet(BookViewSet):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]


router = routers.SimpleRouter()
router.register("books", BookViewSet, basename="book")
router.register("open-books", ReadOnlyBookViewSet, basename="open-book")

urlpatterns = [path("", include(router.urls))]


@pytest.fixture
def authors() -> list[MetaAuthor]:
    MetaAuthor.objects.bulk_create(
        [MetaAuthor(name="author %d" % i, private=i % 3 == 0) for i in range(200)]
    )
    return list(MetaAuthor.objects.all())


@pytest.fixture
def user() -> User:
    return User.objects.create_user("meta-user", password="pw")


def test_options_lists_post_fields_without_related_choices(
    api_client: Any, authors: Any, user: User
) -> None:
    """C30: a user who may POST sees the fields, but no related-object choices and no author query."""
    api_client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.options("/books/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Book List"
    assert body["description"] == "Books of the catalogue."
    post = body["actions"]["POST"]
    assert post["author"] == {
        "type": "field",
        "required": True,
        "read_only": False,
        "label": "Author",
    }
    assert "choices" not in post["co_authors"]
    assert post["genre"]["choices"] == [
        {"value": "novel", "display_name": "Novel"},
        {"value": "poetry", "display_name": "Poetry"},
    ]
    assert "token" not in post
    assert "author 1" not in response.content.decode()
    author_table = MetaAuthor._meta.db_table
    assert not [q["sql"] for q in queries.captured_queries if author_table in q["sql"]]


def test_options_detail_lists_put_after_object_permission_check(
    api_client: Any, authors: Any, user: User
) -> None:
    book = MetaBook.objects.create(title="t", author=authors[0])
    api_client.force_login(user)
    response = api_client.options(f"/books/{book.pk}/")
    assert response.status_code == 200
    assert list(response.json()["actions"]) == ["PUT"]


def test_options_detail_of_missing_object_has_no_put(api_client: Any, user: User) -> None:
    api_client.force_login(user)
    response = api_client.options("/books/999999/")
    assert response.status_code == 200
    assert "actions" not in response.json()


def test_options_anonymous_read_only_has_no_actions(api_client: Any, authors: Any) -> None:
    """C30: anonymous on IsAuthenticatedOrReadOnly gets 200 with no ``actions``."""
    response = api_client.options("/open-books/")
    assert response.status_code == 200
    assert "actions" not in response.json()


def test_options_anonymous_is_denied_like_any_method(api_client: Any, authors: Any) -> None:
    """C30: anonymous on IsAuthenticated gets the same 403 as for GET."""
    response = api_client.options("/books/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert api_client.get("/books/").status_code == 403


def test_field_info_of_related_field_makes_no_query(authors: Any) -> None:
    """C30: describing a related field never evaluates its queryset."""
    field = serializers.PrimaryKeyRelatedField(queryset=MetaAuthor.objects.all())
    with CaptureQueriesContext(connection) as queries:
        info = metadata.SimpleMetadata().get_field_info(field)
    assert len(queries) == 0
    assert "choices" not in info


def test_field_info_types_and_attributes() -> None:
    info = metadata.SimpleMetadata().get_field_info(
        serializers.DecimalField(max_digits=8, decimal_places=2, help_text="Price")
    )
    assert info == {
        "type": "decimal",
        "required": True,
        "read_only": False,
        "help_text": "Price",
        "max_digits": 8,
        "decimal_places": 2,
    }
    info = metadata.SimpleMetadata().get_field_info(
        serializers.ListField(child=serializers.IntegerField(min_value=1))
    )
    assert info["type"] == "list"
    assert info["child"] == {"type": "integer", "required": True, "read_only": False, "min_value": 1}


def test_label_lookup_uses_the_closest_parent_class() -> None:
    class Shouting(serializers.CharField):
        pass

    assert metadata.SimpleMetadata.label_lookup[Shouting()] == "string"
    assert metadata.SimpleMetadata.label_lookup[serializers.EmailField()] == "email"


def test_list_serializer_describes_its_child() -> None:
    class Child(serializers.Serializer):
        n = serializers.IntegerField()

    options = metadata.SimpleMetadata()
    assert options.get_serializer_info(Child(many=True)) == options.get_serializer_info(Child())


def test_base_metadata_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        metadata.BaseMetadata().determine_metadata(None, None)
