"""BrowsableAPIRenderer: page content, escaping (case C27), CSP, forms by permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import include, path

from restwell import permissions, status
from restwell.renderers import BrowsableAPIRenderer, JSONRenderer
from restwell.renderers._browsable import DEFAULT_CONTENT_SECURITY_POLICY
from restwell.response import Response
from restwell.test import APIClient, APIRequestFactory
from restwell.views import APIView

factory = APIRequestFactory()
XSS = "<script>alert(1)</script>"


class EchoView(APIView):
    """Echo the name.

    It is copied into a header.
    """

    renderer_classes = [BrowsableAPIRenderer, JSONRenderer]

    def get(self, request):
        name = request.query_params.get("name", "")
        return Response({"name": name}, headers={"X-Echo": name})


class NoPostPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method != "POST"


class ItemView(APIView):
    renderer_classes = [BrowsableAPIRenderer]
    permission_classes = [NoPostPermission]

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response()

    def put(self, request):
        return Response()

    def patch(self, request):
        return Response()

    def delete(self, request):
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnyPathView(EchoView):
    def get(self, request, rest=""):
        return Response({"rest": rest})


urlpatterns = [
    path("echo/", EchoView.as_view()),
    path("any/<path:rest>", AnyPathView.as_view()),
    path("item/", ItemView.as_view()),
    path("auth/", include("restwell.urls", namespace="rest_framework")),
]


def html_get(url: str, **extra: str) -> tuple[object, str]:
    response = APIClient().get(url, HTTP_ACCEPT="text/html", **extra)
    return response, response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
class TestEscaping:
    def test_c27_header_value_is_escaped(self) -> None:
        tail = "x" * 400
        response, html = html_get("/echo/", QUERY_STRING="name=" + XSS + tail)
        assert response.status_code == 200
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" + tail in html
        assert "<br>" not in html.split('<span class="rw-meta">')[1].split("</span>\n")[0]

    def test_c27_json_output_unchanged(self) -> None:
        response = APIClient().get("/echo/", {"name": XSS}, HTTP_ACCEPT="application/json")
        assert response.json() == {"name": XSS}
        assert response["X-Echo"] == XSS

    def test_data_and_path_are_escaped(self) -> None:
        _response, html = html_get(
            "/echo/", QUERY_STRING="name=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
        )
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html

    def test_url_path_is_escaped(self) -> None:
        response, html = html_get("/any/%3Cscript%3Ealert(1)%3C/script%3E/")
        assert response.status_code == 200
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_username_is_escaped(self) -> None:
        User.objects.create_user(XSS, password="pw")
        client = APIClient()
        client.login(username=XSS, password="pw")
        html = client.get("/echo/", HTTP_ACCEPT="text/html").content.decode()
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
class TestPage:
    def test_strict_csp_and_no_inline_script(self) -> None:
        response, html = html_get("/echo/")
        assert response["Content-Security-Policy"] == DEFAULT_CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        # Only a JSON data block and an external script: nothing executable inline.
        assert html.count("<script") == 2
        assert '<script type="application/json" id="rw-config">' in html
        assert 'src="/static/restwell/js/restwell.js"' in html
        assert " style=" not in html and "<style" not in html
        assert "onclick" not in html

    def test_json_response_has_no_csp(self) -> None:
        response = APIClient().get("/echo/", HTTP_ACCEPT="application/json")
        assert "Content-Security-Policy" not in response

    def test_shows_api_headers_and_content(self) -> None:
        response, html = html_get("/echo/?name=bob")
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert ">GET, HEAD, OPTIONS<" in html
        assert ">application/json<" in html
        assert "&quot;name&quot;: &quot;bob&quot;" in html
        assert "<h1>Echo</h1>" in html
        assert "Echo the name." in html

    def test_login_link_and_logout_form(self) -> None:
        _response, html = html_get("/echo/")
        assert ">Log in<" in html
        assert 'href="/auth/login/?next=/echo/"' in html
        User.objects.create_user("john", password="pw")
        client = APIClient()
        client.login(username="john", password="pw")
        html = client.get("/echo/", HTTP_ACCEPT="text/html").content.decode()
        assert "john" in html
        assert '<form id="logoutForm" method="post" action="/auth/logout/?next=/echo/">' in html
        assert ">Log out<" in html

    def test_forms_follow_permissions(self) -> None:
        _response, html = html_get("/item/")
        assert ">POST<" not in html
        assert ">PUT<" in html
        assert ">PATCH<" in html
        assert ">DELETE<" in html
        assert ">OPTIONS<" in html

    def test_delete_204_is_shown_with_200(self) -> None:
        response = APIClient().delete("/item/", HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert "HTTP 204 No Content" in response.content.decode()

    def test_parse_error_renders_page(self) -> None:
        class PostView(APIView):
            renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

            def post(self, request):
                return Response({"data": request.data})

        request = factory.post(
            "/", data="{bad", content_type="application/json", HTTP_ACCEPT="text/html"
        )
        response = PostView.as_view()(request).render()
        assert response.status_code == 400
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert "HTTP 400 Bad Request" in response.content.decode()


def test_hooks() -> None:
    renderer = BrowsableAPIRenderer()
    assert renderer.template == "rest_framework/api.html"
    assert renderer.format == "api"
    assert renderer.get_description(None, status_code=401) == ""
    assert renderer.get_description(None, status_code=403) == ""
    assert renderer.get_default_renderer(EchoView()).__class__ is JSONRenderer
    assert renderer.get_content(None, {}, "", {}) == "[No renderers were found]"

    class DummyView:
        get_queryset = None
        filter_backends = None

    assert renderer.get_filter_form("not a list", DummyView(), None) is None
    assert renderer.get_extra_actions(EchoView(), 200) is None


def test_base_template_renders_without_context() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("rest_framework/base.html")
    assert '"csrfToken": ""' in html


class CountsUsers(permissions.BasePermission):
    def has_permission(self, request, view):
        return User.objects.count() >= 0  # database access while the page's forms are built


class AsyncView(APIView):
    renderer_classes = [BrowsableAPIRenderer, JSONRenderer]
    permission_classes = [CountsUsers]

    async def get(self, request):
        return Response({"mode": "async"})

    async def post(self, request):
        return Response({})


urlpatterns.append(path("async/", AsyncView.as_view()))


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
async def test_async_view_page_renders_under_asgi() -> None:
    from django.test import AsyncClient

    response = await AsyncClient().get("/async/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&quot;mode&quot;: &quot;async&quot;" in html
    assert ">POST<" in html
