"""``SchemaView``: the view ``get_schema_view()`` builds."""

from __future__ import annotations

from typing import Any

from restwell import exceptions
from restwell.response import Response
from restwell.settings import api_settings
from restwell.views import APIView

__all__ = ["SchemaView"]


class SchemaView(APIView):
    """Serve the schema produced by ``schema_generator`` (OpenAPI YAML or JSON)."""

    _ignore_model_permissions = True
    schema = None  # the schema view itself is not documented
    renderer_classes: Any = None
    schema_generator: Any = None
    public = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.renderer_classes is None:
            from restwell import renderers

            classes = [renderers.OpenAPIRenderer, renderers.JSONOpenAPIRenderer]
            if renderers.BrowsableAPIRenderer in api_settings.DEFAULT_RENDERER_CLASSES:
                classes.append(renderers.BrowsableAPIRenderer)
            self.renderer_classes = classes

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Return the schema; 403 when the user may see no endpoint at all."""
        schema = self.schema_generator.get_schema(request, self.public)
        if schema is None:
            raise exceptions.PermissionDenied()
        return Response(schema)

    def handle_exception(self, exc: Exception) -> Any:
        """Render errors with the default renderers (schema renderers cannot)."""
        self.renderer_classes = api_settings.DEFAULT_RENDERER_CLASSES
        # By now dispatch has replaced the HttpRequest with a restwell Request,
        # which carries the negotiation result.
        request: Any = self.request
        neg = self.perform_content_negotiation(request, force=True)
        request.accepted_renderer, request.accepted_media_type = neg
        return super().handle_exception(exc)
