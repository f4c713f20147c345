"""The body of ``OPTIONS`` responses.

A view answers ``OPTIONS`` with ``metadata_class().determine_metadata(request, view)``
(``DEFAULT_METADATA_CLASS``, ``SimpleMetadata`` by default). ``SimpleMetadata``
describes the view and, for each of POST and PUT that the requesting user may
perform, the fields its serializer accepts.

It never lists the choices of a related field: they would disclose every
related object's name and cost a query over the whole related table. Choice
fields (a fixed list declared in code) still list their choices.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.encoding import force_str

from restwell import exceptions
from restwell.request import clone_request

__all__ = ["BaseMetadata", "SimpleMetadata"]


class BaseMetadata:
    """Base class of metadata classes: implement ``determine_metadata()``."""

    def determine_metadata(self, request: Any, view: Any) -> Any:
        """Return the data of the ``OPTIONS`` response for ``view``."""
        raise NotImplementedError(".determine_metadata() must be overridden.")


# (dotted class name, type label), most specific classes win by walking the MRO.
_LABELS = (
    ("restwell.fields.Field", "field"),
    ("restwell.fields.BooleanField", "boolean"),
    ("restwell.fields.CharField", "string"),
    ("restwell.fields.UUIDField", "string"),
    ("restwell.fields.URLField", "url"),
    ("restwell.fields.EmailField", "email"),
    ("restwell.fields.RegexField", "regex"),
    ("restwell.fields.SlugField", "slug"),
    ("restwell.fields.IntegerField", "integer"),
    ("restwell.fields.FloatField", "float"),
    ("restwell.fields.DecimalField", "decimal"),
    ("restwell.fields.DateField", "date"),
    ("restwell.fields.DateTimeField", "datetime"),
    ("restwell.fields.TimeField", "time"),
    ("restwell.fields.DurationField", "duration"),
    ("restwell.fields.ChoiceField", "choice"),
    ("restwell.fields.MultipleChoiceField", "multiple choice"),
    ("restwell.fields.FileField", "file upload"),
    ("restwell.fields.ImageField", "image upload"),
    ("restwell.fields.ListField", "list"),
    ("restwell.fields.DictField", "nested object"),
    ("restwell.serializers.Serializer", "nested object"),
)

# Attributes copied into a field's description when set.
_FIELD_ATTRS = (
    "read_only",
    "label",
    "help_text",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "max_digits",
    "decimal_places",
)


class _LabelLookup:
    # Maps a field (instance or class) to its type label by walking its MRO,
    # so subclasses of built-in fields get their parent's label. Built lazily:
    # importing the field classes here would import serializers at startup.

    def __init__(self, table: tuple[tuple[str, str], ...]) -> None:
        self.table = table
        self._by_class: dict[type, str] | None = None

    def _classes(self) -> dict[type, str]:
        if self._by_class is None:
            from django.utils.module_loading import import_string

            self._by_class = {import_string(path): label for path, label in self.table}
        return self._by_class

    def __getitem__(self, field: Any) -> str:
        by_class = self._classes()
        cls = field if isinstance(field, type) else type(field)
        for klass in cls.__mro__:
            if klass in by_class:
                return by_class[klass]
        raise KeyError("Class %s not found in lookup." % cls.__name__)

    def __setitem__(self, key: type, value: str) -> None:
        self._classes()[key] = value


class SimpleMetadata(BaseMetadata):
    """Describe the view, and the input fields of the POST/PUT the user may perform.

    Override ``get_field_info()`` to add attributes, or extend ``label_lookup``
    (``SimpleMetadata.label_lookup[MyField] = "my type"``) for custom fields.
    """

    label_lookup: ClassVar[_LabelLookup] = _LabelLookup(_LABELS)

    def determine_metadata(self, request: Any, view: Any) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
        if hasattr(view, "get_serializer"):
            actions = self.determine_actions(request, view)
            if actions:
                metadata["actions"] = actions
        return metadata

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        """Describe the input of POST and PUT, for each the user is allowed to perform.

        Each method is checked as if the request had used it: the view's
        permissions, and for PUT the object permissions through ``get_object()``.
        """
        actions: dict[str, Any] = {}
        allowed = set(view.allowed_methods)
        for method in ("POST", "PUT"):
            if method not in allowed:
                continue
            view.request = clone_request(request, method)
            try:
                if hasattr(view, "check_permissions"):
                    view.check_permissions(view.request)
                if method == "PUT" and hasattr(view, "get_object"):
                    view.get_object()
            except (exceptions.APIException, PermissionDenied, Http404):
                continue
            else:
                actions[method] = self.get_serializer_info(view.get_serializer())
            finally:
                view.request = request
        return actions

    def get_serializer_info(self, serializer: Any) -> dict[str, Any]:
        """Describe each field of ``serializer`` (of its child for a ``many=True`` serializer)."""
        from restwell.fields import HiddenField

        if hasattr(serializer, "child"):
            serializer = serializer.child
        return {
            name: self.get_field_info(field)
            for name, field in serializer.fields.items()
            if not isinstance(field, HiddenField)
        }

    def get_field_info(self, field: Any) -> dict[str, Any]:
        """Describe one field: type, required, the set validation attributes, children, choices."""
        from restwell.relations import ManyRelatedField, RelatedField

        info: dict[str, Any] = {
            "type": self.label_lookup[field],
            "required": getattr(field, "required", False),
        }
        for attr in _FIELD_ATTRS:
            value = getattr(field, attr, None)
            if value is not None and value != "":
                info[attr] = force_str(value, strings_only=True)

        if getattr(field, "child", None):
            info["child"] = self.get_field_info(field.child)
        elif getattr(field, "fields", None):
            info["children"] = self.get_serializer_info(field)

        # Related fields: no choices (see the module docstring). Reading
        # ``field.choices`` on them would also run a query.
        if (
            not info.get("read_only")
            and not isinstance(field, (RelatedField, ManyRelatedField))
            and hasattr(field, "choices")
        ):
            info["choices"] = [
                {"value": value, "display_name": force_str(name, strings_only=True)}
                for value, name in field.choices.items()
            ]
        return info
