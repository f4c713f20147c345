"""``AdminRenderer``: an admin-style HTML view of an API (tables and forms)."""

from __future__ import annotations

import inspect
from typing import Any

from django.template import loader
from django.urls import NoReverseMatch

from restwell import status
from restwell.exceptions import MethodNotAllowed
from restwell.renderers._browsable import _DENIED, BrowsableAPIRenderer
from restwell.settings import api_settings

__all__ = ["AdminRenderer"]


def _resolve(result: Any) -> Any:
    # An async view's handler returns an awaitable; rendering runs in a worker
    # thread (Django renders responses outside the event loop), so wait for it.
    if inspect.isawaitable(result):
        from asgiref.sync import async_to_sync

        async def wait() -> Any:
            return await result

        return async_to_sync(wait)()
    return result


class AdminRenderer(BrowsableAPIRenderer):
    """Render lists as tables and objects as detail tables, with create/edit forms.

    After a successful create or delete the browser is redirected (303), as in
    an admin site. On a 400 the page shows the submitted form with its errors;
    the current list or object is shown next to it only if the user may GET it.
    """

    template = "rest_framework/admin.html"
    format = "admin"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> str:
        """Render the admin page; turn 201 and 204 responses into 303 redirects."""
        from restwell.request import override_method

        self.accepted_media_type = accepted_media_type or ""
        self.renderer_context = renderer_context or {}
        response = self.renderer_context["response"]
        request = self.renderer_context["request"]
        view = self.renderer_context["view"]

        self.error_data = None
        if response.status_code == status.HTTP_400_BAD_REQUEST:
            errors = data
            # Show the submitted form with its errors...
            self.error_form = self.get_rendered_html_form(data, view, request.method, request)
            self.error_title = {"POST": "Create", "PUT": "Edit"}.get(request.method, "Errors")
            # ...and the page's usual content, but only for a user who may GET
            # it: otherwise the error page would leak what GET protects.
            with override_method(view, request, "GET") as get_request:
                try:
                    view.check_permissions(get_request)
                    if not hasattr(view, "get"):
                        raise MethodNotAllowed("GET")
                    data = _resolve(view.get(get_request, *view.args, **view.kwargs)).data
                    # The page shows the current state; keep the errors beside it.
                    self.error_data = errors
                except _DENIED:
                    # Not allowed to see it (or it is gone): the errors only.
                    if not isinstance(data, dict):
                        data = {api_settings.NON_FIELD_ERRORS_KEY: data}

        template = loader.get_template(self.template)
        context = self.get_context(data, accepted_media_type, self.renderer_context)
        html = template.render(context, request=request)
        self.set_security_headers(response)

        if response.status_code == status.HTTP_201_CREATED and "Location" in response:
            response.status_code = status.HTTP_303_SEE_OTHER
            response["Location"] = request.build_absolute_uri()
            return ""
        if response.status_code == status.HTTP_204_NO_CONTENT:
            response.status_code = status.HTTP_303_SEE_OTHER
            try:
                # Back to the parent page (the list the object was in).
                response["Location"] = self.get_breadcrumbs(request)[-2][1]
            except (KeyError, IndexError):
                response["Location"] = request.get_full_path()
            return ""
        return html

    def get_context(
        self, data: Any, accepted_media_type: str | None, renderer_context: dict[str, Any]
    ) -> dict[str, Any]:
        """Add the table layout (``style``, ``columns``, ``details``, ``results``)."""
        context = super().get_context(data, accepted_media_type, renderer_context)
        view = context["view"]
        paginator = getattr(view, "paginator", None)
        results = data
        if paginator is not None and data is not None:
            try:
                results = paginator.get_results(data)
            except (TypeError, KeyError):
                results = data

        if results is None:
            header: Any = {}
            style = "detail"
        elif isinstance(results, list):
            header = results[0] if results else {}
            style = "list"
        else:
            header = results
            style = "detail"
        keys = [key for key in header if key != "url"] if isinstance(header, dict) else []

        if isinstance(results, list) and "view" in renderer_context:
            for result in results:
                if not isinstance(result, dict):
                    continue
                url = self.get_result_url(result, view)
                if url is not None:
                    result.setdefault("url", url)

        context["style"] = style
        context["columns"] = keys
        context["details"] = list(keys)
        context["results"] = results
        context["error_form"] = getattr(self, "error_form", None)
        context["error_title"] = getattr(self, "error_title", None)
        context["error_data"] = getattr(self, "error_data", None)
        return context

    def get_result_url(self, result: Any, view: Any) -> str | None:
        """Return the detail URL of one list item, or None.

        Works for viewset-like views (``reverse_action``) with a ``lookup_field``.
        """
        if not hasattr(view, "reverse_action") or not hasattr(view, "lookup_field"):
            return None
        lookup_field = view.lookup_field
        lookup_url_kwarg = getattr(view, "lookup_url_kwarg", None) or lookup_field
        try:
            kwargs = {lookup_url_kwarg: result[lookup_field]}
            return view.reverse_action("detail", kwargs=kwargs)
        except (KeyError, NoReverseMatch):
            return None
