"""Turn Django model fields into serializer-field keyword arguments.

``ModelSerializer`` calls these once per serializer class (not per instance)
to decide each generated field's options: labels, lengths, limits, choices,
``allow_null``/``required`` and the uniqueness validators.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from django.core import validators
from django.db import models
from django.utils.text import capfirst

from restwell.validators import UniqueValidator

__all__ = [
    "NUMERIC_FIELD_TYPES",
    "ClassLookupDict",
    "get_detail_view_name",
    "get_field_kwargs",
    "get_nested_relation_kwargs",
    "get_relation_kwargs",
    "get_unique_error_message",
    "get_unique_validators",
    "get_url_kwargs",
    "needs_label",
]

NUMERIC_FIELD_TYPES = (models.IntegerField, models.FloatField, models.DecimalField, models.DurationField)

try:  # pragma: no cover - depends on psycopg being importable
    from django.contrib.postgres import fields as _pg_fields
except ImportError:  # pragma: no cover
    _pg_fields = None  # type: ignore[assignment]


class ClassLookupDict:
    """A mapping keyed by classes; a lookup walks the key's MRO for the first match.

    ``ClassLookupDict({models.Field: ModelField})[models.CharField()]`` finds
    ``ModelField``. Objects with a ``_proxy_class`` are looked up by that class.
    """

    def __init__(self, mapping: dict[type, Any]) -> None:
        self.mapping = mapping

    def __getitem__(self, key: Any) -> Any:
        base = getattr(key, "_proxy_class", None) or key.__class__
        for cls in inspect.getmro(base):
            if cls in self.mapping:
                return self.mapping[cls]
        raise KeyError(f"Class {base.__name__} not found in lookup.")

    def __setitem__(self, key: type, value: Any) -> None:
        self.mapping[key] = value


def needs_label(model_field: Any, field_name: str) -> bool:
    """Return True when the model's verbose name differs from the label the name implies."""
    return capfirst(model_field.verbose_name) != field_name.replace("_", " ").capitalize()


def get_detail_view_name(model: Any) -> str:
    """Return ``"<modelname>-detail"``, the default view name for links to ``model``."""
    return f"{model._meta.object_name.lower()}-detail"


def get_unique_error_message(model_field: Any) -> Any:
    """Return the model field's own ``unique`` message, formatted, or None."""
    message = model_field.error_messages.get("unique", None)
    if message:
        message = message % {
            "model_name": model_field.model._meta.verbose_name,
            "field_label": model_field.verbose_name,
        }
    return message


def get_unique_validators(field_name: str, model_field: Any) -> Iterator[UniqueValidator]:
    """Yield a :class:`UniqueValidator` per single-field uniqueness rule of ``model_field``."""
    conditions = {
        constraint.condition
        for constraint in model_field.model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and set(constraint.fields) == {field_name}
    }
    if getattr(model_field, "unique", False):
        conditions.add(None)
    if not conditions:
        return
    message = get_unique_error_message(model_field)
    queryset = model_field.model._default_manager
    for condition in conditions:
        referenced = set(condition.referenced_base_fields) if condition is not None else set()
        if len({field_name} | referenced) == 1:
            yield UniqueValidator(
                queryset=queryset if condition is None else queryset.filter(condition),
                message=message,
            )


def _without(items: list[Any], predicate: Any) -> list[Any]:
    return [item for item in items if not predicate(item)]


def _limit(items: list[Any], cls: type) -> Any:
    return next((getattr(v, "limit_value", None) for v in items if isinstance(v, cls)), None)


def get_field_kwargs(field_name: str, model_field: Any) -> dict[str, Any]:
    """Return the keyword arguments for the serializer field mirroring a plain model field."""
    kwargs: dict[str, Any] = {"model_field": model_field}
    extra_validators = list(model_field.validators)

    if model_field.verbose_name and needs_label(model_field, field_name):
        kwargs["label"] = capfirst(model_field.verbose_name)
    if model_field.help_text:
        kwargs["help_text"] = model_field.help_text
    max_digits = getattr(model_field, "max_digits", None)
    if max_digits is not None:
        kwargs["max_digits"] = max_digits
    decimal_places = getattr(model_field, "decimal_places", None)
    if decimal_places is not None:
        kwargs["decimal_places"] = decimal_places
    if isinstance(model_field, models.SlugField):
        kwargs["allow_unicode"] = getattr(model_field, "allow_unicode", False)
    is_json = isinstance(model_field, models.JSONField)
    if (isinstance(model_field, models.TextField) and not model_field.choices) or is_json:
        kwargs["style"] = {"base_template": "textarea.html"}
    if model_field.null:
        kwargs["allow_null"] = True
    if model_field.choices:
        kwargs["choices"] = model_field.choices

    if isinstance(model_field, models.AutoField) or not model_field.editable:
        kwargs["read_only"] = True
        return kwargs

    if model_field.has_default() or model_field.blank or model_field.null:
        kwargs["required"] = False
    if model_field.blank and isinstance(model_field, (models.CharField, models.TextField)):
        kwargs["allow_blank"] = True
    if _pg_fields is not None and isinstance(model_field, _pg_fields.ArrayField) and not model_field.blank:
        kwargs["allow_empty"] = False
    if isinstance(model_field, models.FilePathField):
        kwargs["path"] = model_field.path
        if model_field.match is not None:
            kwargs["match"] = model_field.match
        if model_field.recursive is not False:
            kwargs["recursive"] = model_field.recursive
        if model_field.allow_files is not True:
            kwargs["allow_files"] = model_field.allow_files
        if model_field.allow_folders is not False:
            kwargs["allow_folders"] = model_field.allow_folders

    if not model_field.choices:
        numeric = isinstance(model_field, NUMERIC_FIELD_TYPES)
        max_value = _limit(extra_validators, validators.MaxValueValidator)
        if max_value is not None and numeric:
            kwargs["max_value"] = max_value
            extra_validators = _without(extra_validators, lambda v: isinstance(v, validators.MaxValueValidator))
        min_value = _limit(extra_validators, validators.MinValueValidator)
        if min_value is not None and numeric:
            kwargs["min_value"] = min_value
            extra_validators = _without(extra_validators, lambda v: isinstance(v, validators.MinValueValidator))
        # The serializer field already performs these checks itself.
        if isinstance(model_field, models.URLField):
            extra_validators = _without(extra_validators, lambda v: isinstance(v, validators.URLValidator))
        if isinstance(model_field, models.EmailField):
            extra_validators = _without(extra_validators, lambda v: v is validators.validate_email)
        if isinstance(model_field, models.SlugField):
            extra_validators = _without(extra_validators, lambda v: v is validators.validate_slug)
        if isinstance(model_field, models.GenericIPAddressField):
            kwargs["protocol"] = model_field.protocol
            ip_validators = (
                validators.validate_ipv46_address,
                validators.validate_ipv4_address,
                validators.validate_ipv6_address,
            )
            extra_validators = _without(extra_validators, lambda v: v in ip_validators)
        if isinstance(model_field, models.DecimalField):
            extra_validators = _without(extra_validators, lambda v: isinstance(v, validators.DecimalValidator))

    max_length = getattr(model_field, "max_length", None)
    if max_length is not None and isinstance(model_field, (models.CharField, models.TextField, models.FileField)):
        kwargs["max_length"] = max_length
        extra_validators = _without(extra_validators, lambda v: isinstance(v, validators.MaxLengthValidator))
    min_length = _limit(extra_validators, validators.MinLengthValidator)
    if min_length is not None and isinstance(model_field, models.CharField):
        kwargs["min_length"] = min_length
        extra_validators = _without(extra_validators, lambda v: isinstance(v, validators.MinLengthValidator))

    extra_validators += get_unique_validators(field_name, model_field)
    if extra_validators:
        kwargs["validators"] = extra_validators
    return kwargs


def get_relation_kwargs(field_name: str, relation_info: Any) -> dict[str, Any]:
    """Return the keyword arguments for a flat relational field (pk, slug or hyperlink)."""
    model_field, related_model, to_many, to_field, has_through_model, _reverse = relation_info
    kwargs: dict[str, Any] = {
        "queryset": related_model._default_manager,
        "view_name": get_detail_view_name(related_model),
    }
    if to_many:
        kwargs["many"] = True
    if to_field:
        kwargs["to_field"] = to_field
    limit_choices_to = model_field and model_field.get_limit_choices_to()
    if limit_choices_to:
        if not isinstance(limit_choices_to, models.Q):
            limit_choices_to = models.Q(**limit_choices_to)
        kwargs["queryset"] = kwargs["queryset"].filter(limit_choices_to)
    if has_through_model:
        kwargs["read_only"] = True
        kwargs.pop("queryset", None)
    if model_field:
        if model_field.verbose_name and needs_label(model_field, field_name):
            kwargs["label"] = capfirst(model_field.verbose_name)
        if model_field.help_text:
            kwargs["help_text"] = model_field.help_text
        if not model_field.editable:
            kwargs["read_only"] = True
            kwargs.pop("queryset", None)
        if model_field.null:
            kwargs["allow_null"] = True
        if kwargs.get("read_only", False):
            return kwargs
        if model_field.has_default() or model_field.blank or model_field.null:
            kwargs["required"] = False
        if model_field.validators:
            kwargs["validators"] = model_field.validators
        if getattr(model_field, "unique", False):
            unique = UniqueValidator(
                queryset=model_field.model._default_manager,
                message=get_unique_error_message(model_field),
            )
            kwargs["validators"] = [*kwargs.get("validators", []), unique]
        if to_many and not model_field.blank:
            kwargs["allow_empty"] = False
    return kwargs


def get_nested_relation_kwargs(relation_info: Any) -> dict[str, Any]:
    """Return the keyword arguments for a nested (``depth``) serializer: read-only."""
    kwargs: dict[str, Any] = {"read_only": True}
    if relation_info.to_many:
        kwargs["many"] = True
    return kwargs


def get_url_kwargs(model_field: Any) -> dict[str, Any]:
    """Return the keyword arguments for the ``url`` identity field of a model."""
    return {"view_name": get_detail_view_name(model_field)}
