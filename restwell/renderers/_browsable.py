"""``BrowsableAPIRenderer``: the self-documenting HTML pages of an API.

The page shows the response as the API's default renderer would produce it,
the response headers, and forms for the methods the current user may call
(an HTML form built from the view's serializer and a raw-data form for any
content type the view parses). Every value is autoescaped, and the page is
sent with a strict ``Content-Security-Policy``: it loads only its own static
CSS and JavaScript and runs no inline script.

Customise it by overriding ``templates/rest_framework/api.html`` (extend
``rest_framework/base.html`` and its blocks) or by subclassing the renderer and
overriding its ``get_*`` hooks.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.paginator import Page
from django.http import Http404
from django.template import loader

from restwell import VERSION, exceptions, status
from restwell.renderers._base import BaseRenderer
from restwell.renderers._forms import HTMLFormRenderer
from restwell.settings import api_settings

__all__ = ["BrowsableAPIRenderer", "DEFAULT_CONTENT_SECURITY_POLICY"]

# A permission check that fails in any of these ways means "no form", not a 500.
_DENIED = (exceptions.APIException, Http404, PermissionDenied)

# Only our own static files; no inline script or style, no framing.
DEFAULT_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def _instance_for_forms(data: Any) -> Any:
    # The object a PUT/PATCH/DELETE form edits: the response serializer's
    # instance, unless the response is a list or a page of results.
    serializer = getattr(data, "serializer", None)
    if serializer is None or getattr(serializer, "many", False):
        return None
    instance = getattr(serializer, "instance", None)
    return None if isinstance(instance, Page) else instance


class BrowsableAPIRenderer(BaseRenderer):
    """Render a response as an HTML page for people exploring the API."""

    media_type = "text/html"
    format = "api"
    template = "rest_framework/api.html"
    filter_template = "rest_framework/filters/base.html"
    code_style = "emacs"
    charset = "utf-8"
    form_renderer_class = HTMLFormRenderer
    # Sent with every page unless the response already has a policy; set it to
    # None in a subclass to leave the header to your own middleware.
    content_security_policy: str | None = DEFAULT_CONTENT_SECURITY_POLICY

    def get_default_renderer(self, view: Any) -> Any:
        """Return the renderer whose output the page displays.

        That is the first of the view's renderers that is not a browsable one,
        preferring renderers that do not use templates; ``None`` if there is none.
        """
        candidates = [
            cls for cls in view.renderer_classes if not issubclass(cls, BrowsableAPIRenderer)
        ]
        if not candidates:
            return None
        plain = [cls for cls in candidates if not hasattr(cls, "get_template_names")]
        return (plain or candidates)[0]()

    def get_content(
        self,
        renderer: Any,
        data: Any,
        accepted_media_type: str | None,
        renderer_context: dict[str, Any],
    ) -> str:
        """Render ``data`` with ``renderer`` (indented) and return it as text."""
        if not renderer:
            return "[No renderers were found]"
        renderer_context["indent"] = 4
        content = renderer.render(data, accepted_media_type, renderer_context)
        render_style = getattr(renderer, "render_style", "text")
        if render_style not in ("text", "binary"):
            raise ImproperlyConfigured(
                'Expected .render_style "text" or "binary", but got "%s" on %s.'
                % (render_style, type(renderer).__name__)
            )
        if render_style == "binary":
            return "[%d bytes of binary content]" % len(content)
        return content.decode("utf-8") if isinstance(content, bytes) else content

    def show_form_for_method(self, view: Any, method: str, request: Any, obj: Any) -> Any:
        """Return True if the user may call ``method`` (so a form is shown).

        ``None`` means the view does not allow the method at all.
        """
        if method not in view.allowed_methods:
            return None
        try:
            view.check_permissions(request)
            if obj is not None:
                view.check_object_permissions(request, obj)
        except _DENIED:
            return False
        return True

    def _get_serializer(
        self, serializer_class: Any, view_instance: Any, request: Any, *args: Any, **kwargs: Any
    ) -> Any:
        kwargs["context"] = {"request": request, "format": self.format, "view": view_instance}
        return serializer_class(*args, **kwargs)

    def get_rendered_html_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        """Return the HTML form for ``method``, ``True`` when no form is needed, or None.

        When the request itself used ``method`` and the response came from a
        serializer, the form is bound to the submitted data so errors show.
        """
        from restwell.request import is_form_media_type, override_method

        instance = _instance_for_forms(data)
        serializer = getattr(data, "serializer", None)
        if request.method == method and serializer is not None:
            try:
                kwargs: dict[str, Any] = {"data": request.data}
            except exceptions.APIException:  # unparsable, unsupported or too large
                kwargs = {}
            existing_serializer = serializer
        else:
            kwargs = {}
            existing_serializer = None

        with override_method(view, request, method) as request:
            if method == "OPTIONS":
                # A button only: skip object permissions (there may be no object).
                if method not in view.allowed_methods:
                    return None
                try:
                    view.check_permissions(request)
                except _DENIED:
                    return None
                return True

            if not self.show_form_for_method(view, method, request, instance):
                return None
            if method == "DELETE":
                return True

            has_serializer = getattr(view, "get_serializer", None)
            has_serializer_class = getattr(view, "serializer_class", None)
            if not (has_serializer or has_serializer_class):
                return None
            if not any(is_form_media_type(p.media_type) for p in view.parser_classes):
                return None

            if existing_serializer is not None:
                with contextlib.suppress(TypeError):
                    return self.render_form_for_serializer(existing_serializer)
            if method in ("PUT", "PATCH"):
                kwargs["instance"] = instance
            if has_serializer:
                serializer = view.get_serializer(**kwargs)
            else:
                serializer = self._get_serializer(view.serializer_class, view, request, **kwargs)
            return self.render_form_for_serializer(serializer)

    def render_form_for_serializer(self, serializer: Any) -> Any:
        """Render ``serializer`` as a horizontal HTML form (None for list serializers)."""
        from restwell.serializers import ListSerializer

        if isinstance(serializer, ListSerializer):
            return None
        if hasattr(serializer, "initial_data"):
            serializer.is_valid()
        form_renderer = self.form_renderer_class()
        return form_renderer.render(
            serializer.data,
            getattr(self, "accepted_media_type", ""),
            {"style": {"template_pack": "rest_framework/horizontal"}},
        )

    def get_raw_data_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        """Return a form for sending any content type the view parses, or None.

        Its content is prefilled with an empty (or, for PUT/PATCH, the current)
        representation rendered the way the view's first parser expects it.
        """
        from restwell.request import override_method

        instance = _instance_for_forms(data)
        with override_method(view, request, method) as request:
            if not self.show_form_for_method(view, method, request, instance):
                return None

            if not view.parser_classes:
                return None
            default_parser = view.parser_classes[0]
            renderer_class = getattr(default_parser, "renderer_class", None)
            content = None
            if hasattr(view, "get_serializer") and renderer_class:
                from restwell.serializers import HiddenField, ListSerializer

                if method in ("PUT", "PATCH"):
                    serializer = view.get_serializer(instance=instance)
                else:
                    serializer = view.get_serializer()
                many = isinstance(serializer, ListSerializer)
                single = serializer.child if many else serializer
                initial = dict(single.data)
                for name, field in single.fields.items():
                    if isinstance(field, HiddenField):
                        initial.pop(name, None)
                context = dict(getattr(self, "renderer_context", None) or {})
                context["indent"] = 4
                rendered = renderer_class().render(
                    [initial] if many else initial, getattr(self, "accepted_media_type", ""), context
                )
                content = rendered.decode() if isinstance(rendered, bytes) else rendered

            media_types = [parser.media_type for parser in view.parser_classes]
            return _raw_content_form(media_types, content, method)

    def get_name(self, view: Any) -> str:
        """Return the page title: the view's name."""
        return view.get_view_name()

    def get_description(self, view: Any, status_code: int) -> str:
        """Return the view's description as HTML, hidden on 401/403 pages."""
        if status_code in (status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN):
            return ""
        return view.get_view_description(html=True)

    def get_breadcrumbs(self, request: Any) -> list[tuple[str, str]]:
        """Return ``(name, url)`` pairs for the path from the API root to this page."""
        from restwell.utils.breadcrumbs import get_breadcrumbs

        return get_breadcrumbs(request.path, request)

    def get_extra_actions(self, view: Any, status_code: int) -> Any:
        """Return ``{name: url}`` of a viewset's extra actions, or None."""
        if status_code in (status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN):
            return None
        if not hasattr(view, "get_extra_action_url_map"):
            return None
        return view.get_extra_action_url_map()

    def get_filter_form(self, data: Any, view: Any, request: Any) -> Any:
        """Return the HTML of the view's filter backends for list responses, or None."""
        if not hasattr(view, "get_queryset") or not hasattr(view, "filter_backends"):
            return None
        paginator = getattr(view, "paginator", None)
        if not isinstance(data, list):
            if paginator is None or data is None:
                return None
            try:
                paginator.get_results(data)
            except (TypeError, KeyError):
                return None

        queryset = view.get_queryset()
        elements = []
        for backend in view.filter_backends:
            if hasattr(backend, "to_html"):
                html = backend().to_html(request, queryset, view)
                if html:
                    elements.append(html)
        if not elements:
            return None
        return loader.get_template(self.filter_template).render({"elements": elements})

    def get_context(
        self, data: Any, accepted_media_type: str | None, renderer_context: dict[str, Any]
    ) -> dict[str, Any]:
        """Return the template context of the page."""
        view = renderer_context["view"]
        request = renderer_context["request"]
        response = renderer_context["response"]
        renderer = self.get_default_renderer(view)

        raw_data_post_form = self.get_raw_data_form(data, view, "POST", request)
        raw_data_put_form = self.get_raw_data_form(data, view, "PUT", request)
        raw_data_patch_form = self.get_raw_data_form(data, view, "PATCH", request)

        # The headers the API response would carry, not those of this page.
        response_headers = dict(sorted(response.items()))
        content_type = ""
        if renderer:
            content_type = "%s" % renderer.media_type
            if renderer.charset:
                content_type += " ;%s" % renderer.charset
        response_headers["Content-Type"] = content_type

        paginator = getattr(view, "paginator", None)
        if not (paginator and getattr(paginator, "display_page_controls", False)):
            paginator = None

        csrf_header_name = settings.CSRF_HEADER_NAME
        if csrf_header_name.startswith("HTTP_"):
            csrf_header_name = csrf_header_name[5:]
        csrf_header_name = csrf_header_name.replace("_", "-")

        return {
            "content": self.get_content(renderer, data, accepted_media_type, renderer_context),
            "code_style": "",
            "view": view,
            "request": request,
            "response": response,
            "user": request.user,
            "description": self.get_description(view, response.status_code),
            "name": self.get_name(view),
            "version": VERSION,
            "paginator": paginator,
            "breadcrumblist": self.get_breadcrumbs(request),
            "allowed_methods": view.allowed_methods,
            "available_formats": [cls.format for cls in view.renderer_classes],
            "response_headers": response_headers,
            "put_form": self.get_rendered_html_form(data, view, "PUT", request),
            "post_form": self.get_rendered_html_form(data, view, "POST", request),
            "delete_form": self.get_rendered_html_form(data, view, "DELETE", request),
            "options_form": self.get_rendered_html_form(data, view, "OPTIONS", request),
            "extra_actions": self.get_extra_actions(view, response.status_code),
            "filter_form": self.get_filter_form(data, view, request),
            "raw_data_put_form": raw_data_put_form,
            "raw_data_post_form": raw_data_post_form,
            "raw_data_patch_form": raw_data_patch_form,
            "raw_data_put_or_patch_form": raw_data_put_form or raw_data_patch_form,
            "display_edit_forms": bool(response.status_code != status.HTTP_403_FORBIDDEN),
            "api_settings": api_settings,
            "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            "csrf_header_name": csrf_header_name,
        }

    def set_security_headers(self, response: Any) -> None:
        """Add the Content-Security-Policy (and related) headers to ``response``."""
        if response is None:
            return
        if self.content_security_policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.content_security_policy
        if "X-Content-Type-Options" not in response:
            response["X-Content-Type-Options"] = "nosniff"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> str:
        """Render the HTML page for this response."""
        self.accepted_media_type = accepted_media_type or ""
        self.renderer_context = renderer_context or {}
        template = loader.get_template(self.template)
        context = self.get_context(data, accepted_media_type, self.renderer_context)
        html = template.render(context, request=self.renderer_context["request"])

        response = self.renderer_context["response"]
        self.set_security_headers(response)
        # A DELETE's 204 would make browsers drop the page; show it with a 200
        # (the headers panel above already shows the real status).
        if response.status_code == status.HTTP_204_NO_CONTENT:
            response.status_code = status.HTTP_200_OK
        return html


def _raw_content_form(media_types: list[str], content: str | None, method: str) -> forms.Form:
    choices = [(media_type, media_type) for media_type in media_types]

    class GenericContentForm(forms.Form):
        _content_type = forms.ChoiceField(
            label="Media type",
            choices=choices,
            initial=media_types[0],
            widget=forms.Select(attrs={"data-override": "content-type"}),
        )
        _content = forms.CharField(
            label="Content",
            widget=forms.Textarea(attrs={"data-override": "content"}),
            initial=content,
            required=False,
        )

    # Distinct element ids for the POST and PUT/PATCH forms on the same page.
    return GenericContentForm(auto_id="id_" + method.lower() + "_%s")
