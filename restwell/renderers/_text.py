"""Template, static HTML, multipart and OpenAPI renderers."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.template import engines, loader
from django.utils.safestring import SafeString

from restwell import _json
from restwell.renderers._base import BaseRenderer
from restwell.renderers._json import _SettingFlag
from restwell.utils.encoders import CustomScalar, JSONEncoder

__all__ = [
    "JSONOpenAPIRenderer",
    "MultiPartRenderer",
    "OpenAPIRenderer",
    "StaticHTMLRenderer",
    "TemplateHTMLRenderer",
]


class TemplateHTMLRenderer(BaseRenderer):
    """Render the response data as the context of a Django template.

    The template is, in order: the response's ``template_name``, this
    renderer's ``template_name``, the view's ``get_template_names()``, the
    view's ``template_name``. Error responses use the first of
    ``exception_template_names`` that exists (``404.html``,
    ``api_exception.html``), else a plain ``"404 Not Found"`` body.
    """

    media_type = "text/html"
    format = "html"
    template_name: str | None = None
    exception_template_names = ["%(status_code)s.html", "api_exception.html"]
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> str:
        """Render ``data`` through the chosen template and return the HTML."""
        renderer_context = renderer_context or {}
        view = renderer_context["view"]
        request = renderer_context["request"]
        response = renderer_context["response"]

        if response.exception:
            template = self.get_exception_template(response)
        else:
            template = self.resolve_template(self.get_template_names(response, view))
        return template.render(
            self._context(data, request, response, renderer_context), request=request
        )

    def _context(self, data: Any, request: Any, response: Any, renderer_context: Any) -> Any:
        if hasattr(self, "resolve_context"):  # the pre-3.0 hook, still honoured
            return self.resolve_context(data, request, response)
        return self.get_template_context(data, renderer_context)

    def resolve_template(self, template_names: list[str]) -> Any:
        """Return the first template of ``template_names`` that exists."""
        return loader.select_template(template_names)

    def get_template_context(self, data: Any, renderer_context: dict[str, Any]) -> Any:
        """Return the template context: the data, plus ``status_code`` for errors."""
        response = renderer_context["response"]
        # A ValidationError can carry a list; give templates a dict either way.
        if isinstance(data, list):
            return {"details": data, "status_code": response.status_code}
        if response.exception:
            data["status_code"] = response.status_code
        return data

    def get_template_names(self, response: Any, view: Any) -> list[str]:
        """Return the candidate template names, most specific first."""
        if response.template_name:
            return [response.template_name]
        if self.template_name:
            return [self.template_name]
        if hasattr(view, "get_template_names"):
            return view.get_template_names()
        if hasattr(view, "template_name"):
            return [view.template_name]
        raise ImproperlyConfigured(
            "Returned a template response with no `template_name` attribute set on "
            "either the view or response"
        )

    def get_exception_template(self, response: Any) -> Any:
        """Return the template for an error response (see ``exception_template_names``)."""
        names = [
            name % {"status_code": response.status_code} for name in self.exception_template_names
        ]
        try:
            return self.resolve_template(names)
        except Exception:
            body = "%d %s" % (response.status_code, response.status_text.title())
            return engines["django"].from_string(body)


class StaticHTMLRenderer(TemplateHTMLRenderer):
    """Return the response data, a string of ready-made HTML, unchanged.

    Error responses are rendered like ``TemplateHTMLRenderer``'s.
    """

    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> Any:
        """Return ``data`` as is, or the error template for an error response."""
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        if response is not None and response.exception:
            request = renderer_context["request"]
            template = self.get_exception_template(response)
            context = self._context(data, request, response, renderer_context)
            return template.render(context, request=request)
        return data


class MultipartNestedDataError(ImproperlyConfigured, AssertionError):
    """Test data for a multipart request contained a nested dictionary.

    It is also an ``AssertionError``, the type Django REST framework raised here.
    """


class MultiPartRenderer(BaseRenderer):
    """Encode a dict as ``multipart/form-data`` (what the test client sends by default)."""

    media_type = "multipart/form-data; boundary=BoUnDaRyStRiNg"
    format = "multipart"
    charset = "utf-8"
    BOUNDARY = "BoUnDaRyStRiNg"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        """Return ``data`` encoded as multipart form data with ``BOUNDARY``."""
        from django.test.client import encode_multipart

        if hasattr(data, "items"):
            for key, value in data.items():
                if isinstance(value, dict):
                    raise MultipartNestedDataError(
                        "Test data contained a dictionary value for key '%s', "
                        "but multipart uploads do not support nested data. "
                        "You may want to consider using format='json' in this "
                        "test case." % key
                    )
        return encode_multipart(self.BOUNDARY, data)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        return None
    return yaml


class OpenAPIRenderer(BaseRenderer):
    """Render an OpenAPI schema as YAML (needs PyYAML: ``pip install restwell[openapi]``)."""

    media_type = "application/vnd.oai.openapi"
    charset = None
    format = "openapi"

    def __init__(self) -> None:
        if _yaml() is None:
            raise ImproperlyConfigured(
                "Using OpenAPIRenderer, but `pyyaml` is not installed. "
                "Install it with `pip install pyyaml` (or restwell[openapi])."
            )

    def render(
        self,
        data: Any,
        media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        """Return the schema as UTF-8 YAML, keys in their given order, no aliases."""
        yaml = _yaml()

        class Dumper(yaml.Dumper):  # type: ignore[name-defined,misc]
            def ignore_aliases(self, data: Any) -> bool:
                return True

        Dumper.add_representer(SafeString, Dumper.represent_str)
        Dumper.add_representer(datetime.timedelta, CustomScalar.represent_timedelta)
        return yaml.dump(data, default_flow_style=False, sort_keys=False, Dumper=Dumper).encode(
            "utf-8"
        )


class JSONOpenAPIRenderer(BaseRenderer):
    """Render an OpenAPI schema as JSON, indented by 2."""

    media_type = "application/vnd.oai.openapi+json"
    charset = None
    encoder_class: type = JSONEncoder
    format = "openapi-json"
    ensure_ascii: Any = _SettingFlag("UNICODE_JSON", invert=True)

    def render(
        self,
        data: Any,
        media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        """Return the schema as JSON bytes."""
        encoder = self.encoder_class
        return _json.dumps(
            data,
            indent=2,
            ensure_ascii=self.ensure_ascii,
            cls=None if encoder is JSONEncoder else encoder,
        )
