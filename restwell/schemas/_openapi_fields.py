"""Field → OpenAPI schema mapping, mixed into ``AutoSchema``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import (
    DecimalValidator,
    EmailValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models

from restwell.settings import api_settings

__all__: list[str] = []

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def _multiple_of(decimal_places: int) -> float:
    return float("." + (decimal_places - 1) * "0" + "1")


class FieldMappingMixin:
    """Describe serializer fields as OpenAPI 3 schema objects."""

    def map_choicefield(self, field: Any) -> dict[str, Any]:
        """Return ``{"enum": [...]}`` with a ``type`` when all choices share one."""
        choices = list(dict.fromkeys(field.choices))
        if all(isinstance(c, bool) for c in choices):
            type_ = "boolean"
        elif all(isinstance(c, int) for c in choices):
            type_ = "integer"
        elif all(isinstance(c, (int, float, Decimal)) for c in choices):
            type_ = "number"
        elif all(isinstance(c, str) for c in choices):
            type_ = "string"
        else:
            type_ = None
        mapping: dict[str, Any] = {"enum": choices}
        if type_:
            mapping["type"] = type_
        return mapping

    def map_field(self, field: Any) -> dict[str, Any]:
        """Return the schema object of one serializer field."""
        from restwell import serializers as s
        from restwell.fields import _UnvalidatedField

        if isinstance(field, s.ListSerializer):
            return {"type": "array", "items": self.map_serializer(field.child)}
        if isinstance(field, s.Serializer):
            data = self.map_serializer(field)
            data["type"] = "object"
            return data
        if isinstance(field, s.ManyRelatedField):
            return {"type": "array", "items": self.map_field(field.child_relation)}
        if isinstance(field, s.PrimaryKeyRelatedField):
            if getattr(field, "pk_field", False):
                return self.map_field(field=field.pk_field)
            model = getattr(field.queryset, "model", None)
            if model is not None and isinstance(model._meta.pk, models.AutoField):
                return {"type": "integer"}
        if isinstance(field, s.MultipleChoiceField):
            return {"type": "array", "items": self.map_choicefield(field)}
        if isinstance(field, s.ChoiceField):
            return self.map_choicefield(field)
        if isinstance(field, s.ListField):
            items = {} if isinstance(field.child, _UnvalidatedField) else self.map_field(field.child)
            return {"type": "array", "items": items}
        if isinstance(field, s.DateField):
            return {"type": "string", "format": "date"}
        if isinstance(field, s.DateTimeField):
            return {"type": "string", "format": "date-time"}
        if isinstance(field, s.EmailField):
            return {"type": "string", "format": "email"}
        if isinstance(field, s.URLField):
            return {"type": "string", "format": "uri"}
        if isinstance(field, s.UUIDField):
            return {"type": "string", "format": "uuid"}
        if isinstance(field, s.IPAddressField):
            content: dict[str, Any] = {"type": "string"}
            if field.protocol != "both":
                content["format"] = field.protocol
            return content
        if isinstance(field, s.DecimalField):
            if getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
                content = {"type": "string", "format": "decimal"}
            else:
                content = {"type": "number"}
            if field.decimal_places:
                content["multipleOf"] = _multiple_of(field.decimal_places)
            if field.max_whole_digits:
                content["maximum"] = int(field.max_whole_digits * "9") + 1
                content["minimum"] = -content["maximum"]
            self._map_min_max(field, content)
            return content
        if isinstance(field, s.FloatField):
            content = {"type": "number"}
            self._map_min_max(field, content)
            return content
        if isinstance(field, s.IntegerField):
            content = {"type": "integer"}
            self._map_min_max(field, content)
            bounds = [content.get("maximum"), content.get("minimum")]
            if any(b is not None and not (_INT32_MIN <= int(b) <= _INT32_MAX) for b in bounds):
                content["format"] = "int64"
            return content
        if isinstance(field, s.FileField):
            return {"type": "string", "format": "binary"}
        simple = {s.BooleanField: "boolean", s.JSONField: "object", s.DictField: "object"}
        hstore = getattr(s, "HStoreField", None)
        if hstore is not None:
            simple[hstore] = "object"
        return {"type": simple.get(field.__class__, "string")}

    def _map_min_max(self, field: Any, content: dict[str, Any]) -> None:
        if field.max_value is not None:
            content["maximum"] = field.max_value
        if field.min_value is not None:
            content["minimum"] = field.min_value

    def map_serializer(self, serializer: Any) -> dict[str, Any]:
        """Return the object schema of a serializer: properties and required names."""
        from restwell.fields import HiddenField, empty

        required: list[str] = []
        properties: dict[str, Any] = {}
        for field in serializer.fields.values():
            if isinstance(field, HiddenField):
                continue
            name = self.get_field_name(field)
            if field.required and not serializer.partial:
                required.append(name)
            schema = self.map_field(field)
            if field.read_only:
                schema["readOnly"] = True
            if field.write_only:
                schema["writeOnly"] = True
            if field.allow_null:
                schema["nullable"] = True
            default = field.default
            if default is not None and default is not empty and not callable(default):
                schema["default"] = default
            if field.help_text:
                schema["description"] = str(field.help_text)
            self.map_field_validators(field, schema)
            properties[name] = schema
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        return result

    def map_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        """Add the constraints of the field's validators (length, range, pattern...)."""
        from restwell.serializers import ListField

        is_list = isinstance(field, ListField)
        coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        for v in field.validators:
            if isinstance(v, EmailValidator):
                schema["format"] = "email"
            if isinstance(v, URLValidator):
                schema["format"] = "uri"
            if isinstance(v, RegexValidator):
                # RegexValidator compiles its regex; a subclass may keep a string.
                regex = v.regex if isinstance(v.regex, str) else v.regex.pattern
                # Python's \Z is \z in the regex dialect OpenAPI uses.
                schema["pattern"] = regex.replace("\\Z", "\\z")
            elif isinstance(v, MaxLengthValidator):
                schema["maxItems" if is_list else "maxLength"] = v.limit_value
            elif isinstance(v, MinLengthValidator):
                schema["minItems" if is_list else "minLength"] = v.limit_value
            elif isinstance(v, MaxValueValidator):
                schema["maximum"] = v.limit_value
            elif isinstance(v, MinValueValidator):
                schema["minimum"] = v.limit_value
            elif isinstance(v, DecimalValidator) and not coerce:
                if v.decimal_places:
                    schema["multipleOf"] = _multiple_of(v.decimal_places)
                if v.max_digits:
                    digits = v.max_digits
                    if v.decimal_places is not None and v.decimal_places > 0:
                        digits -= v.decimal_places
                    schema["maximum"] = int(digits * "9") + 1
                    schema["minimum"] = -schema["maximum"]

    def get_field_name(self, field: Any) -> str:
        """Return the property name of a field; override to rename (e.g. camelCase)."""
        return field.field_name
