"""AutoSchema: field mapping, components, operations (restwell/schemas/openapi.py)."""

from __future__ import annotations

import uuid

import pytest
from django.core.validators import RegexValidator
from django.db import models
from django.urls import path

from restwell import generics, pagination, serializers
from restwell.schemas.openapi import AutoSchema, SchemaGenerator
from restwell.test import APIRequestFactory


class SchemaBook(models.Model):
    title = models.CharField(max_length=100, help_text="The title.")
    isbn = models.UUIDField(default=uuid.uuid4)

    class Meta:
        app_label = "tests"


class SchemaBookSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchemaBook
        fields = ["id", "title", "isbn"]


class Paginated(pagination.PageNumberPagination):
    page_size = 10


class BookList(generics.ListCreateAPIView):
    queryset = SchemaBook.objects.all()
    serializer_class = SchemaBookSerializer
    pagination_class = Paginated


class BookDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = SchemaBook.objects.all()
    serializer_class = SchemaBookSerializer
    schema = AutoSchema(tags=["library"], component_name="Volume")


urlpatterns = [path("books/", BookList.as_view()), path("books/<int:pk>/", BookDetail.as_view())]


def inspector() -> AutoSchema:
    return AutoSchema()


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (serializers.CharField(), {"type": "string"}),
        (serializers.BooleanField(), {"type": "boolean"}),
        (serializers.IntegerField(min_value=1, max_value=2**40), {"type": "integer", "minimum": 1, "maximum": 2**40, "format": "int64"}),
        (serializers.FloatField(max_value=1.5), {"type": "number", "maximum": 1.5}),
        (serializers.DecimalField(max_digits=5, decimal_places=2), {"type": "string", "format": "decimal", "multipleOf": 0.01, "maximum": 1000, "minimum": -1000}),
        (serializers.DateField(), {"type": "string", "format": "date"}),
        (serializers.DateTimeField(), {"type": "string", "format": "date-time"}),
        (serializers.EmailField(), {"type": "string", "format": "email"}),
        (serializers.URLField(), {"type": "string", "format": "uri"}),
        (serializers.UUIDField(), {"type": "string", "format": "uuid"}),
        (serializers.IPAddressField(protocol="IPv4"), {"type": "string", "format": "ipv4"}),
        (serializers.FileField(), {"type": "string", "format": "binary"}),
        (serializers.JSONField(), {"type": "object"}),
        (serializers.DictField(), {"type": "object"}),
        (serializers.ChoiceField(choices=[1, 2]), {"enum": [1, 2], "type": "integer"}),
        (serializers.ChoiceField(choices=["a", 1]), {"enum": ["a", 1]}),
        (serializers.MultipleChoiceField(choices=["a"]), {"type": "array", "items": {"enum": ["a"], "type": "string"}}),
        (serializers.ListField(child=serializers.IntegerField()), {"type": "array", "items": {"type": "integer"}}),
        (serializers.ListField(), {"type": "array", "items": {}}),
    ],
)
def test_map_field(field: serializers.Field, expected: dict) -> None:
    assert inspector().map_field(field) == expected


def test_map_serializer_properties_and_validators() -> None:
    class ItemSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=10, min_length=2, help_text="Name")
        code = serializers.CharField(validators=[RegexValidator(r"^[A-Z]+\Z")], required=False)
        secret = serializers.CharField(write_only=True)
        slug = serializers.CharField(read_only=True)
        note = serializers.CharField(allow_null=True, default="n")
        hidden = serializers.HiddenField(default=1)
        tags = serializers.ListField(child=serializers.CharField(), max_length=3)

    schema = inspector().map_serializer(ItemSerializer())
    assert schema["required"] == ["name", "secret", "tags"]
    props = schema["properties"]
    assert "hidden" not in props
    assert props["name"] == {"type": "string", "maxLength": 10, "minLength": 2, "description": "Name"}
    assert props["code"] == {"type": "string", "pattern": r"^[A-Z]+\z"}
    assert props["secret"]["writeOnly"] is True
    assert props["slug"]["readOnly"] is True
    assert props["note"] == {"type": "string", "nullable": True, "default": "n"}
    assert props["tags"]["maxItems"] == 3


def test_component_name_rules() -> None:
    class Serializer(serializers.Serializer):
        pass

    with pytest.raises(Exception, match='"Serializer" is an invalid class name for schema generation.'):
        inspector().get_component_name(Serializer())
    assert inspector().get_component_name(SchemaBookSerializer()) == "SchemaBook"
    assert AutoSchema(component_name="X").get_component_name(SchemaBookSerializer()) == "X"


def test_full_document() -> None:
    request = APIRequestFactory().get("/")
    schema = SchemaGenerator(title="Books", patterns=urlpatterns).get_schema(request=request, public=True)
    books = schema["paths"]["/books/"]
    assert books["get"]["operationId"] == "listSchemaBooks"
    assert [p["name"] for p in books["get"]["parameters"]] == ["page"]
    page = books["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["properties"]["results"] == {"type": "array", "items": {"$ref": "#/components/schemas/SchemaBook"}}
    assert books["post"]["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SchemaBook"
    }
    assert set(books["post"]["requestBody"]["content"]) == {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }
    detail = schema["paths"]["/books/{id}/"]
    assert detail["get"]["tags"] == ["library"]
    assert detail["get"]["operationId"] == "retrieveSchemaBook"
    assert detail["patch"]["operationId"] == "partialUpdateSchemaBook"
    assert detail["get"]["parameters"][0]["description"] == "A unique integer value identifying this schema book."
    assert schema["components"]["schemas"]["SchemaBook"]["required"] == ["title"]
    assert schema["components"]["schemas"]["Volume"]["properties"]["id"] == {"type": "integer", "readOnly": True}


def test_duplicate_operation_id_warns() -> None:
    generator = SchemaGenerator()
    paths = {"/a/": {"get": {"operationId": "x"}}, "/b/": {"get": {"operationId": "x"}}}
    with pytest.warns(UserWarning, match="You have a duplicated operationId in your OpenAPI schema: x"):
        generator.check_duplicate_operation_id(paths)
