"""The browsable API, the OpenAPI schema (drf-spectacular on restwell) and the docs pages."""

from __future__ import annotations

import re

import orjson
import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_browsable_root_renders_html(anon_client):
    response = anon_client.get("/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<title>restwell demo API – restwell</title>" in html
    assert "Sign in with the demo user" in html
    assert 'href="http://testserver/countries/"' in html


def test_browsable_list_shows_the_filter_form(anon_client):
    response = anon_client.get("/subdivisions/?country=FR&search=Paris", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Subdivision List – restwell</title>" in html
    assert "<h2>Field filters</h2>" in html
    assert "&quot;code&quot;: &quot;FR-75C&quot;" in html


def test_schema_is_a_valid_openapi_3_document(anon_client):
    response = anon_client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    schema = orjson.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "restwell demo API"
    assert sorted(schema["paths"]) == [
        "/api/token/",
        "/countries/",
        "/countries/{alpha_2}/",
        "/currencies/",
        "/currencies/{alpha_3}/",
        "/languages/",
        "/languages/{alpha_3}/",
        "/notes/",
        "/notes/{id}/",
        "/notes/{id}/attachment/",
        "/subdivisions/",
        "/subdivisions/{code}/",
        "/summary/",
        "/watch-lists/",
        "/watch-lists/{id}/",
    ]
    list_params = {p["name"] for p in schema["paths"]["/subdivisions/"]["get"]["parameters"]}
    assert list_params == {
        "country",
        "limit",
        "offset",
        "ordering",
        "parent",
        "search",
        "top_level",
        "type",
    }
    note = schema["components"]["schemas"]["TravelNote"]
    assert note["properties"]["rating"] == {"type": "integer", "maximum": 5, "minimum": 1}
    assert set(schema["components"]["securitySchemes"]) == {"cookieAuth", "tokenAuth"}


def test_schema_as_yaml_by_default(anon_client):
    response = anon_client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert response.content.startswith(b"openapi: 3.")


@pytest.mark.parametrize(
    ("url", "script"),
    [
        ("/api/docs/", "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/redoc/", "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    ],
)
def test_docs_pages_load_only_packaged_assets(anon_client, url, script):
    response = anon_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert 'src="%s"' % script in html
    # Nothing is fetched from another host: every src/href is a local path.
    external = re.findall(r'(?:src|href)="(?!/|data:)[^"]*"', html)
    assert external == []
    asset = anon_client.get(script)
    assert asset.status_code == 200
    assert b"".join(asset.streaming_content)[:1]


def test_redoc_page_allows_this_host_only(anon_client):
    html = anon_client.get("/api/redoc/").content.decode()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert policy is not None
    assert "img-src 'self' data:;" in policy.group(1)
    assert "script-src 'self';" in policy.group(1)
    assert "fonts.googleapis.com" not in html
