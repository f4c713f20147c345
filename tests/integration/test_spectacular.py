"""drf-spectacular (with its sidecar's Swagger UI and ReDoc) running unchanged on restwell.

The sample API in ``spectacular_app`` imports only ``rest_framework`` names; its
settings call ``restwell.install_as_rest_framework()``. It needs its own
settings module, so it runs in a subprocess: the driver below generates the
schema with drf-spectacular's own ``spectacular --validate --fail-on-warn``
command and fetches the documentation pages, and the tests here check what it
produced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("drf_spectacular", reason="drf-spectacular is not installed (dev extra)")
pytest.importorskip("drf_spectacular_sidecar", reason="drf-spectacular-sidecar is not installed (dev extra)")
openapi_spec_validator = pytest.importorskip(
    "openapi_spec_validator", reason="openapi-spec-validator is not installed (dev extra)"
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DRIVER = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, run_syncdb=True)
    schema_file, pages_file = sys.argv[1], sys.argv[2]
    call_command("spectacular", "--format", "openapi-json", "--file", schema_file,
                 "--validate", "--fail-on-warn")
    client = Client()
    pages = {}
    for url in ("/api/schema/swagger-ui/", "/api/schema/redoc/", "/api/schema/?format=json"):
        response = client.get(url)
        pages[url] = {
            "status": response.status_code,
            "content_type": response["Content-Type"],
            "body": response.content.decode(),
        }
    with open(pages_file, "w") as fh:
        json.dump(pages, fh)
    """
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("spectacular")
    schema_file, pages_file = workdir / "schema.json", workdir / "pages.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.integration.spectacular_app.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(schema_file), str(pages_file)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {
        "schema": json.loads(schema_file.read_text()),
        "pages": json.loads(pages_file.read_text()),
        "stderr": result.stderr,
    }


def test_schema_is_generated_without_warnings(generated: dict[str, Any]) -> None:
    # --fail-on-warn already makes the command fail on a warning; nothing is printed either.
    assert generated["stderr"] == ""


def test_schema_is_valid_openapi_3(generated: dict[str, Any]) -> None:
    schema = generated["schema"]
    openapi_spec_validator.validate(schema)
    assert schema["openapi"] == "3.0.3"
    assert schema["info"] == {"title": "Library API", "version": "1.0.0"}


def test_every_route_of_the_router_is_described(generated: dict[str, Any]) -> None:
    paths = generated["schema"]["paths"]
    assert sorted(paths) == [
        "/api/authors/",
        "/api/authors/{id}/",
        "/api/books/",
        "/api/books/recent/",
        "/api/books/{id}/",
        "/api/books/{id}/reserve/",
        "/api/public-authors/",
        "/api/public-authors/{name}/",
        "/api/schema/",
        "/api/token/",
    ]
    assert sorted(paths["/api/books/{id}/"]) == ["delete", "get", "patch", "put"]
    assert sorted(paths["/api/public-authors/"]) == ["get"]


def test_serializer_fields_map_to_schema_properties(generated: dict[str, Any]) -> None:
    book = generated["schema"]["components"]["schemas"]["Book"]
    assert book["properties"]["url"] == {"type": "string", "format": "uri", "readOnly": True}
    assert book["properties"]["genre"] == {"$ref": "#/components/schemas/GenreEnum"}
    assert book["properties"]["price"] == {
        "type": "string",
        "format": "decimal",
        "pattern": r"^-?\d{0,4}(?:\.\d{0,2})?$",
    }
    assert book["properties"]["tags"] == {"type": "array", "items": {"type": "string"}, "writeOnly": True}
    assert book["required"] == ["author", "genre", "id", "owner", "price", "published", "title", "url"]
    assert generated["schema"]["components"]["schemas"]["GenreEnum"]["enum"] == ["novel", "essay", "poetry"]


def test_pagination_search_and_action_parameters_are_described(generated: dict[str, Any]) -> None:
    paths = generated["schema"]["paths"]
    author_list_params = {p["name"] for p in paths["/api/authors/"]["get"]["parameters"]}
    assert author_list_params == {"page", "search", "ordering"}
    recent_params = {p["name"] for p in paths["/api/books/recent/"]["get"]["parameters"]}
    # drf-spectacular describes pagination on `list` only, not on extra actions.
    assert recent_params == {"since"}
    reserve_body = paths["/api/books/{id}/reserve/"]["post"]["requestBody"]["content"]["application/json"]
    assert reserve_body["schema"] == {"$ref": "#/components/schemas/Reservation"}


def test_authentication_classes_become_security_schemes(generated: dict[str, Any]) -> None:
    schemes = generated["schema"]["components"]["securitySchemes"]
    assert schemes["cookieAuth"] == {"type": "apiKey", "in": "cookie", "name": "sessionid"}
    assert schemes["tokenAuth"]["in"] == "header"
    assert schemes["tokenAuth"]["name"] == "Authorization"


def test_swagger_ui_is_served_from_the_sidecar_assets(generated: dict[str, Any]) -> None:
    page = generated["pages"]["/api/schema/swagger-ui/"]
    assert page["status"] == 200
    assert page["content_type"] == "text/html; charset=utf-8"
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">' in page["body"]
    assert "cdn" not in page["body"].lower()


def test_redoc_is_served_from_the_sidecar_assets(generated: dict[str, Any]) -> None:
    page = generated["pages"]["/api/schema/redoc/"]
    assert page["status"] == 200
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in page["body"]
    assert "cdn" not in page["body"].lower()


def test_schema_view_answers_json_through_restwell_negotiation(generated: dict[str, Any]) -> None:
    page = generated["pages"]["/api/schema/?format=json"]
    assert page["status"] == 200
    assert page["content_type"] == "application/vnd.oai.openapi+json"
    assert json.loads(page["body"])["info"]["title"] == "Library API"
