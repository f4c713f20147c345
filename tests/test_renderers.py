"""restwell.renderers: JSON, template, static HTML, multipart and OpenAPI renderers (C23)."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import path
from django.utils.safestring import mark_safe

from restwell import renderers
from restwell.renderers import (
    BaseRenderer,
    JSONOpenAPIRenderer,
    JSONRenderer,
    MultiPartRenderer,
    OpenAPIRenderer,
    StaticHTMLRenderer,
    TemplateHTMLRenderer,
)
from restwell.response import Response
from restwell.utils.encoders import JSONEncoder
from restwell.views import APIView

pytestmark = pytest.mark.urls(__name__)


def test_package_exports_drf_names() -> None:
    for name in (
        "AdminRenderer",
        "BaseRenderer",
        "BrowsableAPIRenderer",
        "HTMLFormRenderer",
        "JSONOpenAPIRenderer",
        "JSONRenderer",
        "MultiPartRenderer",
        "OpenAPIRenderer",
        "StaticHTMLRenderer",
        "TemplateHTMLRenderer",
    ):
        assert name in renderers.__all__
        assert isinstance(getattr(renderers, name), type)
    with pytest.raises(AttributeError):
        renderers.NoSuchRenderer  # noqa: B018


def test_base_renderer_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        BaseRenderer().render({})


# -- JSONRenderer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "context", "expected"),
    [
        (None, None, b'{"a":[1,2]}'),
        ("application/json", None, b'{"a":[1,2]}'),
        ("application/json; indent=2", None, b'{\n  "a": [\n    1,\n    2\n  ]\n}'),
        ("application/json; indent=0", None, b'{"a":[1,2]}'),
        ("application/json; indent=abc", None, b'{"a":[1,2]}'),
        ("application/json; indent=-3", None, b'{"a":[1,2]}'),
        ("application/json; indent=100", None, json.dumps({"a": [1, 2]}, indent=8).encode()),
        (None, {"indent": 4}, json.dumps({"a": [1, 2]}, indent=4).encode()),
    ],
)
def test_json_indent(accepted: str | None, context: dict | None, expected: bytes) -> None:
    assert JSONRenderer().render({"a": [1, 2]}, accepted, context) == expected


@override_settings(RESTWELL={"MAX_JSON_INDENT": 3})
def test_json_indent_cap_is_a_setting() -> None:
    out = JSONRenderer().render([1], "application/json; indent=8")
    assert out == b"[\n   1\n]"


def test_json_none_renders_empty() -> None:
    assert JSONRenderer().render(None) == b""


def test_json_unicode_and_line_separators() -> None:
    out = JSONRenderer().render({"s": "é\u2028\u2029"})
    assert out == '{"s":"é\\u2028\\u2029"}'.encode()


def test_json_ensure_ascii_subclass() -> None:
    class AsciiRenderer(JSONRenderer):
        ensure_ascii = True

    assert AsciiRenderer().render({"s": "España"}) == b'{"s":"Espa\\u00f1a"}'


@override_settings(REST_FRAMEWORK={"UNICODE_JSON": False, "COMPACT_JSON": False})
def test_json_settings_are_read_lazily() -> None:
    assert JSONRenderer().render({"s": "é", "n": 1}) == b'{"s": "\\u00e9", "n": 1}'


def test_json_nan_renders_null_by_default() -> None:
    assert JSONRenderer().render({"x": float("nan"), "y": float("-inf")}) == b'{"x":null,"y":null}'


@override_settings(RESTWELL={"JSON_NONFINITE_FLOATS": "error"})
def test_json_nan_can_raise() -> None:
    with pytest.raises(ValueError):
        JSONRenderer().render({"x": float("nan")})


def test_json_non_strict_writes_tokens() -> None:
    renderer = JSONRenderer()
    renderer.strict = False
    assert renderer.render([float("nan"), float("inf")]) == b"[NaN,Infinity]"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("ensure_ascii", True, b'{"s":"Espa\\u00f1a","n":1.0}'),
        ("compact", False, b'{"s": "Espa\xc3\xb1a", "n": 1.0}'),
        ("strict", False, b'{"s":"Espa\xc3\xb1a","n":NaN}'),
        ("get_indent", lambda self, media_type, context: 2, b'{\n  "s": "Espa\xc3\xb1a",\n  "n": 1.0\n}'),
    ],
)
def test_json_attributes_reassigned_on_the_class_are_used(name, value, expected) -> None:
    data = {"s": "España", "n": float("nan") if name == "strict" else 1.0}
    JSONRenderer().render(data)  # the settings' flags are cached by now
    with mock.patch.object(JSONRenderer, name, value):
        assert JSONRenderer().render(data, "application/json") == expected
    assert JSONRenderer().render({"s": "España"}) == '{"s":"España"}'.encode()


def test_json_settings_changed_after_a_render_are_used() -> None:
    assert JSONRenderer().render({"a": "é"}) == '{"a":"é"}'.encode()
    with override_settings(REST_FRAMEWORK={"UNICODE_JSON": False, "COMPACT_JSON": False}):
        assert JSONRenderer().render({"a": "é", "b": 1}) == b'{"a": "\\u00e9", "b": 1}'
    assert JSONRenderer().render({"a": "é"}) == '{"a":"é"}'.encode()


def test_json_long_form() -> None:
    renderer = JSONRenderer()
    renderer.compact = False
    assert renderer.render({"a": 1, "b": 2}) == b'{"a": 1, "b": 2}'


def test_json_custom_encoder_class() -> None:
    class Money:
        pass

    class MoneyEncoder(JSONEncoder):
        def default(self, obj):
            if isinstance(obj, Money):
                return "1.00 EUR"
            return super().default(obj)

    class MoneyRenderer(JSONRenderer):
        encoder_class = MoneyEncoder

    assert MoneyRenderer().render({"price": Money()}) == b'{"price":"1.00 EUR"}'
    with pytest.raises(TypeError):
        JSONRenderer().render({"price": Money()})


def test_json_renderer_has_no_charset() -> None:
    assert JSONRenderer.charset is None
    assert JSONRenderer.media_type == "application/json"
    assert JSONRenderer.format == "json"


# -- TemplateHTMLRenderer / StaticHTMLRenderer ----------------------------------


def _context(status_code=200, exception=False, template_name=None, view=None):
    response = SimpleNamespace(
        status_code=status_code,
        exception=exception,
        template_name=template_name,
        status_text={200: "OK", 404: "Not Found", 400: "Bad Request"}[status_code],
    )
    return {"view": view or SimpleNamespace(), "request": None, "response": response}


def test_template_name_resolution_order() -> None:
    renderer = TemplateHTMLRenderer()
    view = SimpleNamespace(template_name="view.html")
    response = SimpleNamespace(template_name=None)
    assert renderer.get_template_names(response, view) == ["view.html"]
    view.get_template_names = lambda: ["hook.html"]
    assert renderer.get_template_names(response, view) == ["hook.html"]
    renderer.template_name = "renderer.html"
    assert renderer.get_template_names(response, view) == ["renderer.html"]
    response.template_name = "response.html"
    assert renderer.get_template_names(response, view) == ["response.html"]


def test_template_name_missing_is_improperly_configured() -> None:
    with pytest.raises(ImproperlyConfigured):
        TemplateHTMLRenderer().get_template_names(SimpleNamespace(template_name=None), object())


def test_exception_template_falls_back_to_status_line() -> None:
    context = _context(status_code=404, exception=True)
    out = TemplateHTMLRenderer().render({"detail": "Not found."}, "text/html", context)
    assert out == "404 Not Found"


def test_template_context_for_list_data() -> None:
    context = _context(status_code=400, exception=True)
    assert TemplateHTMLRenderer().get_template_context(["bad"], context) == {
        "details": ["bad"],
        "status_code": 400,
    }


def test_static_html_renderer() -> None:
    html = "<p>hi</p>"
    assert StaticHTMLRenderer().render(html, "text/html", _context()) == html
    assert StaticHTMLRenderer().render(html) == html
    error = StaticHTMLRenderer().render({"detail": "x"}, "text/html", _context(404, True))
    assert error == "404 Not Found"


# -- MultiPartRenderer / OpenAPI renderers ---------------------------------------


def test_multipart_renderer() -> None:
    out = MultiPartRenderer().render({"a": "1"})
    assert b"--BoUnDaRyStRiNg" in out
    assert b'Content-Disposition: form-data; name="a"' in out


def test_multipart_renderer_rejects_nested_dicts() -> None:
    with pytest.raises(ImproperlyConfigured) as excinfo:
        MultiPartRenderer().render({"a": {"b": 1}})
    assert isinstance(excinfo.value, AssertionError)  # what DRF raised
    assert "multipart uploads do not support nested data" in str(excinfo.value)


def test_openapi_renderer_yaml() -> None:
    data = {"openapi": "3.0.2", "info": {"title": mark_safe("T")}, "d": datetime.timedelta(1)}
    out = OpenAPIRenderer().render(data)
    assert out == b"openapi: 3.0.2\ninfo:\n  title: T\nd: '86400.0'\n"


def test_json_openapi_renderer() -> None:
    out = JSONOpenAPIRenderer().render({"openapi": "3.0.2", "é": []})
    assert out == '{\n  "openapi": "3.0.2",\n  "é": []\n}'.encode()


# -- through a view (C23) ------------------------------------------------------


class RenderersNaN(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def get(self, request):
        return Response({"x": float("nan"), "s": "é\u2028"})


class RenderersJSONOnly(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer]

    def get(self, request):
        return Response({"a": [1]})


urlpatterns = [
    path("nan/", RenderersNaN.as_view()),
    path("json/", RenderersJSONOnly.as_view()),
]


def test_nan_and_separators_through_view(api_client) -> None:
    response = api_client.get("/nan/", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == '{"x":null,"s":"é\\u2028"}'.encode()


@override_settings(RESTWELL={"JSON_NONFINITE_FLOATS": "error"})
def test_nan_error_mode_is_a_json_500(api_client) -> None:
    getattr(api_client, "_client", api_client).raise_request_exception = False
    response = api_client.get("/nan/", headers={"accept": "application/json"})
    assert response.status_code == 500
    assert b"NaN" not in response.content


def test_indent_from_accept_is_capped(api_client) -> None:
    response = api_client.get("/json/", headers={"accept": "application/json; indent=100"})
    assert response.status_code == 200
    assert response.content == json.dumps({"a": [1]}, indent=8).encode()


_LOCMEM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "greet.html": "Hello {{ name }}",
                        "404.html": "missing: {{ detail }} ({{ status_code }})",
                    },
                )
            ]
        },
    }
]


class RenderersTemplateView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [TemplateHTMLRenderer]
    template_name = "greet.html"

    def get(self, request, missing=None):
        if missing:
            from restwell.exceptions import NotFound

            raise NotFound()
        return Response({"name": request.query_params.get("name", "")})


urlpatterns += [
    path("template/", RenderersTemplateView.as_view()),
    path("template/<int:missing>/", RenderersTemplateView.as_view()),
]


@override_settings(TEMPLATES=_LOCMEM_TEMPLATES)
def test_template_html_renderer_through_view(api_client) -> None:
    response = api_client.get("/template/?name=<b>x</b>")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == b"Hello &lt;b&gt;x&lt;/b&gt;"
    response = api_client.get("/template/1/")
    assert response.status_code == 404
    assert response.content == b"missing: Not found. (404)"
