"""OpenAPI 3 schema generation: ``SchemaGenerator`` and ``AutoSchema``.

``SchemaGenerator(title=..., version=...).get_schema(request)`` returns the
OpenAPI document as a dict; each view describes its operations through its
``schema`` attribute, an ``AutoSchema`` unless the view sets another::

    class BookList(generics.ListCreateAPIView):
        schema = AutoSchema(tags=["books"], operation_id_base="Book")
"""

from __future__ import annotations

import re
import warnings
from operator import attrgetter
from typing import Any
from urllib.parse import urljoin

from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_str

from restwell import exceptions
from restwell.schemas._openapi_fields import FieldMappingMixin
from restwell.schemas.generators import BaseSchemaGenerator
from restwell.schemas.inspectors import ViewInspector
from restwell.schemas.utils import get_pk_description, is_list_view

__all__ = ["AutoSchema", "SchemaGenerator"]

_SERIALIZER_WORD = re.compile("serializer", re.IGNORECASE)


def _pluralize(word: str) -> str:
    from restwell.compat import inflection

    if inflection is not None:
        return inflection.pluralize(word)
    # Plain English rules for when the optional ``inflection`` package is absent.
    if re.search(r"[^s]s$", word):
        return word
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


class SchemaGenerator(BaseSchemaGenerator):
    """Build an OpenAPI 3.0 document for the API's endpoints."""

    def get_info(self) -> dict[str, Any]:
        """Return the ``info`` object (title and version are required by OpenAPI)."""
        info: dict[str, Any] = {"title": self.title or "", "version": self.version or ""}
        if self.description is not None:
            info["description"] = self.description
        return info

    def check_duplicate_operation_id(self, paths: dict[str, Any]) -> None:
        """Warn about operationIds used by more than one operation."""
        seen: dict[str, tuple[str, str]] = {}
        for route, operations in paths.items():
            for method, operation in operations.items():
                if "operationId" not in operation:
                    continue
                operation_id = operation["operationId"]
                if operation_id in seen:
                    first_route, first_method = seen[operation_id]
                    warnings.warn(
                        f"You have a duplicated operationId in your OpenAPI schema: {operation_id}\n"
                        f"\tRoute: {first_route}, Method: {first_method}\n"
                        f"\tRoute: {route}, Method: {method}\n"
                        "\tAn operationId has to be unique across your schema. "
                        "Your schema may not work in other tools.",
                        stacklevel=2,
                    )
                seen[operation_id] = (route, method)

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        """Return the OpenAPI document; with ``public=False`` only what ``request`` may access."""
        self._initialise_endpoints()
        components_schemas: dict[str, Any] = {}
        paths: dict[str, Any] = {}
        _, view_endpoints = self._get_paths_and_endpoints(None if public else request)
        for path, method, view in view_endpoints:
            if not self.has_view_permissions(path, method, view):
                continue
            operation = view.schema.get_operation(path, method)
            components = view.schema.get_components(path, method)
            for name, component in components.items():
                if name in components_schemas and components_schemas[name] != component:
                    warnings.warn(
                        f'Schema component "{name}" has been overridden with a different value.',
                        stacklevel=2,
                    )
            components_schemas.update(components)
            path = urljoin(self.url or "/", path[1:] if path.startswith("/") else path)
            paths.setdefault(path, {})[method.lower()] = operation

        self.check_duplicate_operation_id(paths)
        schema: dict[str, Any] = {"openapi": "3.0.2", "info": self.get_info(), "paths": paths}
        if components_schemas:
            schema["components"] = {"schemas": components_schemas}
        return schema


class AutoSchema(FieldMappingMixin, ViewInspector):
    """Describe a view's operations from its serializer, paginator and filters.

    ``tags`` replaces the tags derived from the path, ``operation_id_base``
    the name used in operationIds (``listBooks``, ``createBook``...), and
    ``component_name`` the name of the serializer's component.
    """

    request_media_types: list[str] = []
    response_media_types: list[str] = []
    method_mapping = {
        "get": "retrieve",
        "post": "create",
        "put": "update",
        "patch": "partialUpdate",
        "delete": "destroy",
    }

    def __init__(
        self,
        tags: list[str] | tuple[str, ...] | None = None,
        operation_id_base: str | None = None,
        component_name: str | None = None,
    ) -> None:
        if tags and not all(isinstance(tag, str) for tag in tags):
            raise ValueError("tags must be a list or tuple of string.")
        self._tags = tags
        self.operation_id_base = operation_id_base
        self.component_name = component_name
        super().__init__()

    def get_operation(self, path: str, method: str) -> dict[str, Any]:
        """Return the OpenAPI operation object for ``method`` on ``path``."""
        operation: dict[str, Any] = {
            "operationId": self.get_operation_id(path, method),
            "description": self.get_description(path, method),
        }
        parameters: list[dict[str, Any]] = []
        parameters += self.get_path_parameters(path, method)
        parameters += self.get_pagination_parameters(path, method)
        parameters += self.get_filter_parameters(path, method)
        operation["parameters"] = parameters
        request_body = self.get_request_body(path, method)
        if request_body:
            operation["requestBody"] = request_body
        operation["responses"] = self.get_responses(path, method)
        operation["tags"] = self.get_tags(path, method)
        return operation

    def get_component_name(self, serializer: Any) -> str:
        """Return the component name: ``component_name`` or the class name minus "Serializer"."""
        if self.component_name is not None:
            return self.component_name
        class_name = serializer.__class__.__name__
        name = _SERIALIZER_WORD.sub("", class_name)
        if name == "":
            raise Exception(
                f'"{class_name}" is an invalid class name for schema generation. '
                "Serializer's class name should be unique and explicit. e.g. \"ItemSerializer\""
            )
        return name

    def get_components(self, path: str, method: str) -> dict[str, Any]:
        """Return ``{component name: schema}`` for the request and response serializers."""
        from restwell.serializers import Serializer

        if method.lower() == "delete":
            return {}
        components: dict[str, Any] = {}
        for serializer in (
            self.get_request_serializer(path, method),
            self.get_response_serializer(path, method),
        ):
            if isinstance(serializer, Serializer):
                name = self.get_component_name(serializer)
                components.setdefault(name, self.map_serializer(serializer))
        return components

    def _to_camel_case(self, snake_str: str) -> str:
        first, *rest = snake_str.split("_")
        return first + "".join(part.title() for part in rest)

    def get_operation_id_base(self, path: str, method: str, action: str) -> str:
        """Return the noun of the operationId: from the model, serializer or view name."""
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if self.operation_id_base is not None:
            name = self.operation_id_base
        elif model is not None:
            name = model.__name__
        elif self.get_serializer(path, method) is not None:
            name = self.get_serializer(path, method).__class__.__name__
            if name.endswith("Serializer"):
                name = name[: -len("Serializer")]
        else:
            name = self.view.__class__.__name__
            if name.endswith("APIView"):
                name = name[: -len("APIView")]
            elif name.endswith("View"):
                name = name[: -len("View")]
            if name.endswith(action.title()):
                name = name[: -len(action)]
        if action == "list":
            name = _pluralize(name)
        return name

    def get_operation_id(self, path: str, method: str) -> str:
        """Return the operationId, e.g. ``listBooks``, ``retrieveBook``, ``customAction``."""
        method_name = getattr(self.view, "action", method.lower())
        if is_list_view(path, method, self.view):
            action = "list"
        elif method_name not in self.method_mapping:
            action = self._to_camel_case(method_name)
        else:
            action = self.method_mapping[method.lower()]
        return action + self.get_operation_id_base(path, method, action)

    def get_path_parameters(self, path: str, method: str) -> list[dict[str, Any]]:
        """Return a parameter object for each ``{variable}`` of the path."""
        from restwell.compat import uritemplate

        if uritemplate is None:
            raise ImproperlyConfigured(
                "OpenAPI schema generation needs the `uritemplate` package: "
                "pip install uritemplate (or restwell[openapi])."
            )
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        parameters = []
        for variable in uritemplate.variables(path):
            description = ""
            if model is not None:
                try:
                    model_field = model._meta.get_field(variable)
                except Exception:
                    model_field = None
                if model_field is not None and model_field.help_text:
                    description = force_str(model_field.help_text)
                elif model_field is not None and model_field.primary_key:
                    description = get_pk_description(model, model_field)
            parameters.append(
                {
                    "name": variable,
                    "in": "path",
                    "required": True,
                    "description": description,
                    "schema": {"type": "string"},
                }
            )
        return parameters

    def get_filter_parameters(self, path: str, method: str) -> list[dict[str, Any]]:
        """Return the query parameters of the view's filter backends."""
        if not self.allows_filters(path, method):
            return []
        parameters: list[dict[str, Any]] = []
        for backend in self.view.filter_backends:
            parameters += backend().get_schema_operation_parameters(self.view)
        return parameters

    def allows_filters(self, path: str, method: str) -> bool:
        """Return True if the operation is filtered (list, retrieve, update, destroy)."""
        if getattr(self.view, "filter_backends", None) is None:
            return False
        if hasattr(self.view, "action"):
            return self.view.action in ["list", "retrieve", "update", "partial_update", "destroy"]
        return method.lower() in ["get", "put", "patch", "delete"]

    def get_pagination_parameters(self, path: str, method: str) -> list[dict[str, Any]]:
        """Return the paginator's query parameters for list operations."""
        if not is_list_view(path, method, self.view):
            return []
        paginator = self.get_paginator()
        if not paginator:
            return []
        return paginator.get_schema_operation_parameters(self.view)

    def get_paginator(self) -> Any:
        """Return an instance of the view's pagination class, or None."""
        pagination_class = getattr(self.view, "pagination_class", None)
        return pagination_class() if pagination_class else None

    def map_parsers(self, path: str, method: str) -> list[str]:
        """Return the request media types (those of the view's parsers)."""
        return list(map(attrgetter("media_type"), self.view.parser_classes))

    def map_renderers(self, path: str, method: str) -> list[str]:
        """Return the response media types (the view's renderers, minus HTML pages)."""
        from restwell.renderers import BrowsableAPIRenderer

        return [
            renderer.media_type
            for renderer in self.view.renderer_classes
            if not issubclass(renderer, BrowsableAPIRenderer)
        ]

    def get_serializer(self, path: str, method: str) -> Any:
        """Return the view's serializer instance, or None if it has none."""
        view = self.view
        if not hasattr(view, "get_serializer"):
            return None
        try:
            return view.get_serializer()
        except exceptions.APIException:
            warnings.warn(
                f"{view.__class__.__name__}.get_serializer() raised an exception during "
                f"schema generation. Serializer fields will not be generated for {method} {path}.",
                stacklevel=2,
            )
            return None

    def get_request_serializer(self, path: str, method: str) -> Any:
        """Return the serializer of the request body; override when it differs."""
        return self.get_serializer(path, method)

    def get_response_serializer(self, path: str, method: str) -> Any:
        """Return the serializer of the response body; override when it differs."""
        return self.get_serializer(path, method)

    def get_reference(self, serializer: Any) -> dict[str, str]:
        """Return a ``$ref`` to the serializer's component."""
        return {"$ref": f"#/components/schemas/{self.get_component_name(serializer)}"}

    def get_request_body(self, path: str, method: str) -> dict[str, Any]:
        """Return the requestBody object for POST, PUT and PATCH ({} otherwise)."""
        from restwell.serializers import Serializer

        if method not in ("PUT", "PATCH", "POST"):
            return {}
        self.request_media_types = self.map_parsers(path, method)
        serializer = self.get_request_serializer(path, method)
        item_schema = self.get_reference(serializer) if isinstance(serializer, Serializer) else {}
        return {"content": {ct: {"schema": item_schema} for ct in self.request_media_types}}

    def get_responses(self, path: str, method: str) -> dict[str, Any]:
        """Return the responses object: 204 for DELETE, 201 for POST, 200 otherwise."""
        from restwell.serializers import Serializer

        if method == "DELETE":
            return {"204": {"description": ""}}
        self.response_media_types = self.map_renderers(path, method)
        serializer = self.get_response_serializer(path, method)
        item_schema = self.get_reference(serializer) if isinstance(serializer, Serializer) else {}
        if is_list_view(path, method, self.view):
            response_schema: dict[str, Any] = {"type": "array", "items": item_schema}
            paginator = self.get_paginator()
            if paginator:
                response_schema = paginator.get_paginated_response_schema(response_schema)
        else:
            response_schema = item_schema
        status_code = "201" if method == "POST" else "200"
        return {
            status_code: {
                "content": {ct: {"schema": response_schema} for ct in self.response_media_types},
                "description": "",
            }
        }

    def get_tags(self, path: str, method: str) -> list[str]:
        """Return the operation's tags: ``tags`` if given, else the first path segment."""
        if self._tags:
            return self._tags  # type: ignore[return-value]
        return [path.lstrip("/").split("/")[0].replace("_", "-")]
