"""API schemas: describe an API as an OpenAPI 3 document.

The public entry points are ``AutoSchema`` (per-view inspector, assign it to a
view's ``schema``), ``SchemaGenerator`` (walks the URL conf) and
``get_schema_view()`` (a view serving the document)::

    from restwell.schemas import get_schema_view

    urlpatterns = [path("openapi", get_schema_view(title="My API"), name="openapi-schema")]

Submodules: ``generators`` (endpoint discovery), ``inspectors`` (the view
descriptor), ``openapi`` (OpenAPI 3 output), ``utils`` and ``views``.
"""

from __future__ import annotations

from typing import Any

from restwell.schemas.inspectors import DefaultSchema, ViewInspector

__all__ = ["AutoSchema", "DefaultSchema", "SchemaGenerator", "ViewInspector", "get_schema_view"]

_UNSET: Any = object()


def get_schema_view(
    title: str | None = None,
    url: str | None = None,
    description: str | None = None,
    urlconf: Any = None,
    renderer_classes: Any = None,
    public: bool = False,
    patterns: Any = None,
    generator_class: Any = None,
    authentication_classes: Any = _UNSET,
    permission_classes: Any = _UNSET,
    version: str | None = None,
) -> Any:
    """Return a view function that serves the API's OpenAPI schema.

    ``public=True`` documents every endpoint whatever the requesting user may
    access; otherwise endpoints the user lacks permission for are left out.
    Authentication and permission classes default to the current settings.
    """
    from restwell.schemas import openapi
    from restwell.schemas.views import SchemaView
    from restwell.settings import api_settings

    if generator_class is None:
        generator_class = openapi.SchemaGenerator
    if authentication_classes is _UNSET:
        authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    if permission_classes is _UNSET:
        permission_classes = api_settings.DEFAULT_PERMISSION_CLASSES
    generator = generator_class(
        title=title,
        url=url,
        description=description,
        urlconf=urlconf,
        patterns=patterns,
        version=version,
    )
    return SchemaView.as_view(
        renderer_classes=renderer_classes,
        schema_generator=generator,
        public=public,
        authentication_classes=authentication_classes,
        permission_classes=permission_classes,
    )


def __getattr__(name: str) -> Any:
    # openapi pulls in serializers and fields; load it on first use so that
    # ``views`` can import ``DefaultSchema`` without an import cycle.
    if name in ("AutoSchema", "SchemaGenerator"):
        from restwell.schemas import openapi

        return getattr(openapi, name)
    if name == "openapi":
        import importlib

        return importlib.import_module("restwell.schemas.openapi")
    raise AttributeError(f"module 'restwell.schemas' has no attribute {name!r}")
