"""Endpoint discovery (restwell/schemas/generators.py) and the schema view."""

from __future__ import annotations

import pytest
from django.urls import include, path, re_path

from restwell.renderers import JSONOpenAPIRenderer, OpenAPIRenderer
from restwell.response import Response
from restwell.schemas import get_schema_view, openapi
from restwell.schemas.generators import (
    BaseSchemaGenerator,
    EndpointEnumerator,
    endpoint_ordering,
    is_api_view,
)
from restwell.schemas.inspectors import DefaultSchema, ViewInspector
from restwell.schemas.utils import is_list_view
from restwell.test import APIClient
from restwell.views import APIView


class ThingsView(APIView):
    """List things.

    post: Create a thing.
    """

    def get(self, request):
        return Response([])

    def post(self, request):
        return Response({})


class ThingView(APIView):
    def get(self, request, pk):
        return Response({})

    def delete(self, request, pk):
        return Response(status=204)


class HiddenView(APIView):
    schema = None

    def get(self, request):
        return Response({})


def plain_view(request):  # not an API view: never listed
    return None


inner = [path("things/<int:pk>/", ThingView.as_view())]
urlpatterns = [
    path("things/", ThingsView.as_view()),
    re_path(r"^things\.(?P<format>[a-z]+)/?$", ThingsView.as_view()),
    path("api/", include(inner)),
    path("hidden/", HiddenView.as_view()),
    path("excluded/", ThingsView.as_view(schema=None)),
    path("plain/", plain_view),
    path("schema/", get_schema_view(title="Things API", version="1.0", public=True)),
]


def test_enumerator_lists_api_endpoints_sorted() -> None:
    endpoints = EndpointEnumerator(urlpatterns).get_api_endpoints()
    assert [(p, m) for p, m, _ in endpoints] == [
        ("/things/", "GET"),
        ("/api/things/{pk}/", "GET"),
        ("/things/", "POST"),
        ("/api/things/{pk}/", "DELETE"),
    ]
    assert endpoint_ordering(("/", "PATCH", None)) == (3,)
    assert endpoint_ordering(("/", "TRACE", None)) == (5,)
    assert is_api_view(ThingsView.as_view())
    assert not is_api_view(plain_view)


def test_create_view_and_coerce_path() -> None:
    generator = BaseSchemaGenerator(patterns=urlpatterns, url="/api")
    assert generator.url == "/api/"
    generator._initialise_endpoints()
    paths, endpoints = generator._get_paths_and_endpoints(None)
    assert "/api/things/{id}/" in paths
    view = endpoints[0][2]
    assert view.request is None and view.kwargs == {} and view.args == ()
    with pytest.raises(NotImplementedError):
        generator.get_schema()


def test_descriptions_by_method_section() -> None:
    view = ThingsView()
    view.request = None
    inspector = openapi.AutoSchema()
    inspector.view = view
    assert inspector.get_description("/things/", "POST") == "Create a thing."
    assert inspector.get_description("/things/", "GET") == "List things."


def test_default_schema_resolves_to_autoschema() -> None:
    assert isinstance(ThingsView.schema, openapi.AutoSchema)
    assert isinstance(ThingsView().schema, openapi.AutoSchema)
    assert isinstance(APIView.__dict__.get("schema", DefaultSchema()), ViewInspector)


def test_unbound_inspector_view_is_an_error() -> None:
    with pytest.raises(AssertionError, match="REQUIRES a view instance"):
        _ = openapi.AutoSchema().view


def test_is_list_view() -> None:
    assert is_list_view("/things/", "GET", ThingsView())
    assert not is_list_view("/things/{id}/", "GET", ThingsView())
    assert not is_list_view("/things/", "POST", ThingsView())


def test_schema_document() -> None:
    generator = openapi.SchemaGenerator(
        title="T", version="2", description="D", patterns=urlpatterns
    )
    schema = generator.get_schema(request=None, public=True)
    assert schema["openapi"] == "3.0.2"
    assert schema["info"] == {"title": "T", "version": "2", "description": "D"}
    assert sorted(schema["paths"]) == ["/api/things/{id}/", "/things/"]
    things = schema["paths"]["/things/"]
    assert things["get"]["operationId"] == "listThings"
    assert things["post"]["operationId"] == "createThings"
    assert things["get"]["tags"] == ["things"]
    detail = schema["paths"]["/api/things/{id}/"]
    assert detail["get"]["parameters"][0] == {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "",
        "schema": {"type": "string"},
    }
    assert detail["delete"]["responses"] == {"204": {"description": ""}}


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_schema_view_yaml_and_json() -> None:
    client = APIClient()
    response = client.get("/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0.2")
    response = client.get("/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"] == {"title": "Things API", "version": "1.0"}


def test_get_schema_view_defaults() -> None:
    view = get_schema_view(title="X")
    assert isinstance(view.initkwargs["schema_generator"], openapi.SchemaGenerator)
    renderers = view.cls().renderer_classes
    assert OpenAPIRenderer in renderers and JSONOpenAPIRenderer in renderers


def test_autoschema_rejects_non_string_tags() -> None:
    with pytest.raises(ValueError, match="tags must be a list or tuple of string."):
        openapi.AutoSchema(tags=[1])


def test_declared_inspector_is_bound_per_view_instance() -> None:
    class Tagged(APIView):
        schema = openapi.AutoSchema(tags=["t"])

        def get(self, request):
            return Response({})

    first, second = Tagged(), Tagged()
    assert first.schema.view is first
    assert second.schema.view is second
    assert first.schema is first.schema  # cached for the instance
    assert first.schema is not second.schema
    assert first.schema.get_tags("/x/", "GET") == ["t"]
    replacement = openapi.AutoSchema(tags=["other"])
    first.schema = replacement
    assert first.schema is replacement and replacement.view is first
