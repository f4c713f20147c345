"""restwell.versioning: the five schemes, their errors and URL reversal (case C25)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import include, path, re_path

from restwell import versioning
from restwell.response import Response
from restwell.reverse import reverse
from restwell.views import APIView

pytestmark = pytest.mark.urls(__name__)


def _view(scheme, **attrs):
    class VersioningView(APIView):
        authentication_classes: list = []
        permission_classes: list = []

        def get(self, request, *args, **kwargs):
            return Response(
                {"version": request.version, "url": reverse("versioning-other", request=request)}
            )

    options = {"versioning_class": type("Scheme", (scheme,), attrs)}
    return VersioningView.as_view(**options)


def other(request, *args, **kwargs):
    return None


ALLOWED = {"allowed_versions": ["v1", "v2"], "default_version": "v1"}

ns_patterns = [
    path("ns/", _view(versioning.NamespaceVersioning, allowed_versions=["v1", "v2"])),
    path("other/", other, name="versioning-other"),
]

urlpatterns = [
    path("accept/", _view(versioning.AcceptHeaderVersioning, **ALLOWED)),
    re_path(r"^(?P<version>v[0-9]+)/path/$", _view(versioning.URLPathVersioning, **ALLOWED)),
    path("query/", _view(versioning.QueryParameterVersioning, **ALLOWED)),
    path("host/", _view(versioning.HostNameVersioning, **ALLOWED)),
    path("v1/", include((ns_patterns, "api"), namespace="v1")),
    path("v9/", include((ns_patterns, "api"), namespace="v9")),
    path("api/", include((ns_patterns, "api"), namespace="api")),
    path("other/", other, name="versioning-other"),
    re_path(r"^(?P<version>v[0-9]+)/other/$", other, name="versioning-other"),
]


@pytest.mark.parametrize(
    ("url", "headers", "version", "link"),
    [
        ("/accept/", {"accept": "application/json; version=v2"}, "v2", "http://testserver/other/"),
        ("/accept/", {}, "v1", "http://testserver/other/"),
        ("/v2/path/", {}, "v2", "http://testserver/v2/other/"),
        ("/query/?version=v2", {}, "v2", "http://testserver/other/?version=v2"),
        ("/query/", {}, "v1", "http://testserver/other/?version=v1"),
        ("/host/", {}, "v1", "http://testserver/other/"),
        ("/v1/ns/", {}, "v1", "http://testserver/v1/other/"),
    ],
)
def test_versions(api_client, url, headers, version, link) -> None:
    response = api_client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.json() == {"version": version, "url": link}


@pytest.mark.parametrize(
    ("url", "headers", "status", "detail"),
    [
        (
            "/accept/",
            {"accept": "application/json; version=9"},
            406,
            'Invalid version in "Accept" header.',
        ),
        ("/v9/path/", {}, 404, "Invalid version in URL path."),
        ("/query/?version=v9", {}, 404, "Invalid version in query parameter."),
        (
            "/v9/ns/",
            {},
            404,
            "Invalid version in URL path. Does not match any version namespace.",
        ),
    ],
)
@override_settings(ALLOWED_HOSTS=["*"])
def test_invalid_versions(api_client, url, headers, status, detail) -> None:
    response = api_client.get(url, headers=headers)
    assert response.status_code == status
    assert response.json() == {"detail": detail}


# Django's AsyncClient cannot replace the Host header (it appends to "testserver"),
# so the host name scheme is checked on the WSGI stack; the scheme does no I/O.
@override_settings(ALLOWED_HOSTS=["*"])
def test_host_name_versioning(client) -> None:
    response = client.get("/host/", headers={"host": "v2.example.org"})
    assert response.json() == {"version": "v2", "url": "http://v2.example.org/other/"}
    response = client.get("/host/", headers={"host": "v9.example.org"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid version in hostname."}


@override_settings(REST_FRAMEWORK={"DEFAULT_VERSION": "v2"})
def test_namespace_without_a_version_gets_the_default(api_client) -> None:
    response = api_client.get("/api/ns/")
    assert response.status_code == 200
    # No "v2" namespace exists here, so reversal falls back to the plain URL.
    assert response.json() == {"version": "v2", "url": "http://testserver/other/"}


@override_settings(REST_FRAMEWORK={"ALLOWED_VERSIONS": ["a"], "VERSION_PARAM": "v"})
def test_settings_are_read_lazily() -> None:
    scheme = versioning.QueryParameterVersioning()
    assert scheme.allowed_versions == ["a"]
    assert scheme.version_param == "v"
    scheme.version_param = "override"
    assert scheme.version_param == "override"


def test_is_allowed_version() -> None:
    scheme = versioning.BaseVersioning()
    scheme.allowed_versions = ["v1", None]
    scheme.default_version = "v2"
    assert scheme.is_allowed_version("v1")
    assert scheme.is_allowed_version("v2")
    assert scheme.is_allowed_version(None)
    assert not scheme.is_allowed_version("v3")


def test_base_is_abstract() -> None:
    with pytest.raises(NotImplementedError, match="BaseVersioning.determine_version"):
        versioning.BaseVersioning().determine_version(None)
