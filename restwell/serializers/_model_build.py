"""ModelSerializer's field-building hooks (run once per serializer class).

These are DRF's overridable hooks (``get_field_names``, ``build_field``,
``build_standard_field``, ``include_extra_kwargs``, ...). ``ModelSerializer``
calls them once per class and caches the result, unless a subclass overrides
one of them, in which case they run per instance as in DRF.
"""

from __future__ import annotations

import contextlib
import copy
from collections import defaultdict
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models.fields import Field as DjangoModelField
from django.utils import timezone

from restwell._errors import ConfigurationError
from restwell.fields import (
    CharField,
    ChoiceField,
    CreateOnlyDefault,
    HiddenField,
    ModelField,
    ReadOnlyField,
    empty,
)
from restwell.relations import HyperlinkedRelatedField
from restwell.serializers._base import ALL_FIELDS
from restwell.utils import model_meta
from restwell.utils.field_mapping import (
    ClassLookupDict,
    get_field_kwargs,
    get_nested_relation_kwargs,
    get_relation_kwargs,
    get_url_kwargs,
)
from restwell.validators import (
    UniqueForDateValidator,
    UniqueForMonthValidator,
    UniqueForYearValidator,
    UniqueTogetherValidator,
)

try:  # pragma: no cover - depends on psycopg being importable
    from django.contrib.postgres import fields as _pg_fields
except ImportError:  # pragma: no cover
    _pg_fields = None  # type: ignore[assignment]

_CHOICE_KWARGS = {
    "read_only",
    "write_only",
    "required",
    "default",
    "initial",
    "source",
    "label",
    "help_text",
    "style",
    "error_messages",
    "validators",
    "allow_null",
    "allow_blank",
    "choices",
}
_READ_ONLY_DROPS = (
    "required",
    "default",
    "allow_blank",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "validators",
    "queryset",
)


class ModelFieldBuilder:
    """The hooks ``ModelSerializer`` uses to turn ``Meta`` and a model into fields."""

    Meta: Any
    url_field_name: Any
    serializer_field_mapping: dict[type, Any]
    serializer_related_field: Any
    serializer_related_to_field: Any
    serializer_url_field: Any
    serializer_choice_field: Any
    _declared_fields: dict[str, Any]

    def _build_model_fields(self, declared_fields: dict[str, Any]) -> dict[str, Any]:
        name = type(self).__name__
        meta = getattr(self, "Meta", None)
        if meta is None:
            raise ConfigurationError(f'Class {name} missing "Meta" attribute')
        if not hasattr(meta, "model"):
            raise ConfigurationError(f'Class {name} missing "Meta.model" attribute')
        model = meta.model
        if model_meta.is_abstract_model(model):
            raise ValueError("Cannot use ModelSerializer with Abstract Models.")
        depth = getattr(meta, "depth", 0)
        if depth is not None:
            if depth < 0:
                raise ConfigurationError("'depth' may not be negative.")
            if depth > 10:
                raise ConfigurationError("'depth' may not be greater than 10.")

        info = model_meta.get_field_info(model)
        field_names = self.get_field_names(declared_fields, info)
        extra_kwargs = self.get_extra_kwargs()
        extra_kwargs, hidden_fields = self.get_uniqueness_extra_kwargs(field_names, declared_fields, extra_kwargs)

        for field_name, field in declared_fields.items():
            if field_name in info.relations and info.relations[field_name].to_many and field.default is None:
                raise ValueError(
                    f"The field '{field_name}' on serializer '{name}' is a ManyToMany field "
                    "and cannot have a default value of None."
                )

        fields: dict[str, Any] = {}
        for field_name in field_names:
            if field_name in declared_fields:
                fields[field_name] = declared_fields[field_name]
                continue
            extra_field_kwargs = extra_kwargs.get(field_name, {})
            source = extra_field_kwargs.get("source", "*")
            if source == "*":
                source = field_name
            field_class, field_kwargs = self.build_field(source, info, model, depth)
            field_kwargs = self.include_extra_kwargs(field_kwargs, extra_field_kwargs)
            fields[field_name] = field_class(**field_kwargs)
        fields.update(hidden_fields)
        return fields

    def get_field_names(self, declared_fields: dict[str, Any], info: Any) -> Any:
        """Return the names of the fields to build, from ``Meta.fields`` / ``Meta.exclude``."""
        name = type(self).__name__
        fields = getattr(self.Meta, "fields", None)
        exclude = getattr(self.Meta, "exclude", None)
        if fields and fields != ALL_FIELDS and not isinstance(fields, (list, tuple)):
            raise TypeError(f'The `fields` option must be a list or tuple or "__all__". Got {type(fields).__name__}.')
        if exclude and not isinstance(exclude, (list, tuple)):
            raise TypeError(f"The `exclude` option must be a list or tuple. Got {type(exclude).__name__}.")
        if fields and exclude:
            raise ConfigurationError(f"Cannot set both 'fields' and 'exclude' options on serializer {name}.")
        if fields is None and exclude is None:
            raise ConfigurationError(
                "Creating a ModelSerializer without either the 'fields' attribute "
                "or the 'exclude' attribute has been deprecated since 3.3.0, "
                f"and is now disallowed. Add an explicit fields = '__all__' to the {name} serializer."
            )
        if fields == ALL_FIELDS:
            fields = None

        if fields is not None:
            # Fields declared on this class (not inherited) must be listed.
            required = set(declared_fields)
            for base in type(self).__bases__:
                required -= set(getattr(base, "_declared_fields", []))
            for field_name in required:
                if field_name not in fields:
                    raise ConfigurationError(
                        f"The field '{field_name}' was declared on serializer {name}, "
                        "but has not been included in the 'fields' option."
                    )
            return fields

        fields = self.get_default_field_names(declared_fields, info)
        if exclude is not None:
            for field_name in exclude:
                if field_name in self._declared_fields:
                    raise ConfigurationError(
                        f"Cannot both declare the field '{field_name}' and include it in the {name} "
                        "'exclude' option. Remove the field or, if inherited from a parent "
                        f"serializer, disable with `{field_name} = None`."
                    )
                if field_name not in fields:
                    raise ConfigurationError(
                        f"The field '{field_name}' was included on serializer {name} in the "
                        "'exclude' option, but does not match any model field."
                    )
                fields.remove(field_name)
        return fields

    def get_default_field_names(self, declared_fields: dict[str, Any], model_info: Any) -> list[str]:
        """Return the field names used when ``Meta.fields`` is ``"__all__"`` or absent."""
        return [model_info.pk.name, *declared_fields, *model_info.fields, *model_info.forward_relations]

    def build_field(self, field_name: str, info: Any, model_class: Any, nested_depth: int) -> tuple[Any, dict[str, Any]]:
        """Return ``(field_class, kwargs)`` for the model attribute ``field_name``."""
        if field_name in info.fields_and_pk:
            return self.build_standard_field(field_name, info.fields_and_pk[field_name])
        if field_name in info.relations:
            relation_info = info.relations[field_name]
            if not nested_depth:
                return self.build_relational_field(field_name, relation_info)
            return self.build_nested_field(field_name, relation_info, nested_depth)
        if hasattr(model_class, field_name):
            return self.build_property_field(field_name, model_class)
        if field_name == self.url_field_name:
            return self.build_url_field(field_name, model_class)
        return self.build_unknown_field(field_name, model_class)

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, dict[str, Any]]:
        """Return ``(field_class, kwargs)`` for a plain (non-relational) model field."""
        field_class = ClassLookupDict(self.serializer_field_mapping)[model_field]
        field_kwargs = get_field_kwargs(field_name, model_field)

        if model_field.one_to_one and model_field.primary_key:
            field_class = self.serializer_related_field
            field_kwargs["queryset"] = model_field.related_model._default_manager
        if "choices" in field_kwargs:
            field_class = self.serializer_choice_field
            field_kwargs = {key: value for key, value in field_kwargs.items() if key in _CHOICE_KWARGS}
        if not issubclass(field_class, ModelField):
            field_kwargs.pop("model_field", None)
        if not issubclass(field_class, (CharField, ChoiceField)):
            field_kwargs.pop("allow_blank", None)
        if isinstance(model_field, models.JSONField):
            field_kwargs["encoder"] = getattr(model_field, "encoder", None)
            field_kwargs["decoder"] = getattr(model_field, "decoder", None)
        if _pg_fields is not None and isinstance(model_field, _pg_fields.ArrayField):
            child_class, child_kwargs = self.build_standard_field("child", model_field.base_field)
            field_kwargs["child"] = child_class(**child_kwargs)
        return field_class, field_kwargs

    def build_relational_field(self, field_name: str, relation_info: Any) -> tuple[Any, dict[str, Any]]:
        """Return ``(field_class, kwargs)`` for a forward or reverse relation."""
        field_class = self.serializer_related_field
        field_kwargs = get_relation_kwargs(field_name, relation_info)
        to_field = field_kwargs.pop("to_field", None)
        if (
            to_field
            and not relation_info.reverse
            and not relation_info.related_model._meta.get_field(to_field).primary_key
        ):
            field_kwargs["slug_field"] = to_field
            field_class = self.serializer_related_to_field
        if not issubclass(field_class, HyperlinkedRelatedField):
            field_kwargs.pop("view_name", None)
        return field_class, field_kwargs

    def _nested_base(self) -> type:
        from restwell.serializers._model import ModelSerializer

        return ModelSerializer

    def build_nested_field(self, field_name: str, relation_info: Any, nested_depth: int) -> tuple[Any, dict[str, Any]]:
        """Return ``(serializer_class, kwargs)`` for a relation rendered nested (``Meta.depth``)."""
        meta = type("Meta", (), {"model": relation_info.related_model, "depth": nested_depth - 1, "fields": "__all__"})
        field_class = type("NestedSerializer", (self._nested_base(),), {"Meta": meta, "__module__": __name__})
        return field_class, get_nested_relation_kwargs(relation_info)

    def build_property_field(self, field_name: str, model_class: Any) -> tuple[Any, dict[str, Any]]:
        """Return ``(ReadOnlyField, {})`` for a model property or method."""
        return ReadOnlyField, {}

    def build_url_field(self, field_name: str, model_class: Any) -> tuple[Any, dict[str, Any]]:
        """Return ``(field_class, kwargs)`` for the object's own URL field."""
        return self.serializer_url_field, get_url_kwargs(model_class)

    def build_unknown_field(self, field_name: str, model_class: Any) -> tuple[Any, dict[str, Any]]:
        """Raise ``ImproperlyConfigured`` for a name that matches nothing on the model."""
        cls = type(self)
        raise ImproperlyConfigured(
            f"Field name `{field_name}` is not valid for model `{model_class.__name__}` in "
            f"`{cls.__module__}.{cls.__name__}`."
        )

    def include_extra_kwargs(self, kwargs: dict[str, Any], extra_kwargs: dict[str, Any]) -> dict[str, Any]:
        """Merge ``Meta.extra_kwargs`` for one field into its built kwargs."""
        if extra_kwargs.get("read_only", False):
            for attr in _READ_ONLY_DROPS:
                kwargs.pop(attr, None)
        if extra_kwargs.get("default") and kwargs.get("required") is False:
            kwargs.pop("required")
        if extra_kwargs.get("read_only", kwargs.get("read_only", False)):
            extra_kwargs.pop("required", None)
        kwargs.update(extra_kwargs)
        return kwargs

    def get_extra_kwargs(self) -> dict[str, Any]:
        """Return ``{field_name: kwargs}`` from ``Meta.extra_kwargs`` and ``Meta.read_only_fields``."""
        extra_kwargs = copy.deepcopy(getattr(self.Meta, "extra_kwargs", {}))
        read_only_fields = getattr(self.Meta, "read_only_fields", None)
        if read_only_fields is not None:
            if not isinstance(read_only_fields, (list, tuple)):
                raise TypeError(
                    f"The `read_only_fields` option must be a list or tuple. Got {type(read_only_fields).__name__}."
                )
            for field_name in read_only_fields:
                kwargs = extra_kwargs.get(field_name, {})
                kwargs["read_only"] = True
                extra_kwargs[field_name] = kwargs
        elif hasattr(self.Meta, "readonly_fields"):
            cls = type(self)
            raise ConfigurationError(
                f"Serializer `{cls.__module__}.{cls.__name__}` has field `readonly_fields`; "
                "the correct spelling for the option is `read_only_fields`."
            )
        return extra_kwargs

    def get_unique_together_constraints(self, model: Any) -> Any:
        """Yield ``(fields, queryset, condition_fields, condition, nulls_distinct, constraint)``
        for every ``unique_together`` and multi-field ``UniqueConstraint`` of ``model``.
        """
        for parent_class in [model, *model._meta.parents]:
            for unique_together in parent_class._meta.unique_together:
                yield unique_together, model._default_manager, [], None, None, None
            for constraint in parent_class._meta.constraints:
                if not isinstance(constraint, models.UniqueConstraint):
                    continue
                if constraint.condition is None:
                    condition_fields: list[str] = []
                else:
                    condition_fields = list(constraint.condition.referenced_base_fields)
                if constraint.fields and len({*constraint.fields, *condition_fields}) > 1:
                    yield (
                        constraint.fields,
                        model._default_manager,
                        condition_fields,
                        constraint.condition,
                        constraint.nulls_distinct,
                        constraint,
                    )

    def get_uniqueness_extra_kwargs(
        self, field_names: Any, declared_fields: dict[str, Any], extra_kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return ``(extra_kwargs, hidden_fields)`` so fields in uniqueness rules are required
        or defaulted, and members missing from the serializer become hidden fields.
        """
        if getattr(self.Meta, "validators", None) is not None:
            return extra_kwargs, {}
        model = self.Meta.model
        model_fields = self._get_model_fields(field_names, declared_fields, extra_kwargs)

        names: set[Any] = set()
        for model_field in model_fields.values():
            names |= {model_field.unique_for_date, model_field.unique_for_month, model_field.unique_for_year}
        names -= {None}
        available = set(model_fields)
        for together, _qs, condition_fields, _cond, _nulls, _constraint in self.get_unique_together_constraints(model):
            members = set(together) | set(condition_fields)
            if available.issuperset(members):
                names |= members

        hidden_fields: dict[str, Any] = {}
        uniqueness_kwargs: dict[str, Any] = {}
        for name in names:
            model_field = model._meta.get_field(name)
            if getattr(model_field, "auto_now_add", None):
                default: Any = CreateOnlyDefault(timezone.now)
            elif getattr(model_field, "auto_now", None):
                default = timezone.now
            elif model_field.has_default():
                default = model_field.default
            elif model_field.null:
                default = None
            elif model_field.blank and isinstance(model_field, (models.CharField, models.TextField)):
                default = ""
            else:
                default = empty
            if name in model_fields:
                uniqueness_kwargs[name] = {"required": True} if default is empty else {"default": default}
            elif default is not empty:
                hidden_fields[name] = HiddenField(default=default)

        for key, value in uniqueness_kwargs.items():
            if key in extra_kwargs:
                value.update(extra_kwargs[key])
            extra_kwargs[key] = value
        return extra_kwargs, hidden_fields

    def _get_model_fields(
        self, field_names: Any, declared_fields: dict[str, Any], extra_kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        model = self.Meta.model
        model_fields = {}
        for field_name in field_names:
            if field_name in declared_fields:
                source = declared_fields[field_name].source or field_name
            else:
                try:
                    source = extra_kwargs[field_name]["source"]
                except KeyError:
                    source = field_name
            if "." in source or source == "*":
                continue
            with contextlib.suppress(FieldDoesNotExist):
                field = model._meta.get_field(source)
                if isinstance(field, DjangoModelField):
                    model_fields[source] = field
        return model_fields

    def _get_constraint_violation_error_message(self, constraint: Any) -> Any:
        message = constraint.get_violation_error_message()
        default = constraint.default_violation_error_message % {"name": constraint.name}
        return None if message == default else message

    def get_unique_together_validators(self) -> list[Any]:
        """Return a ``UniqueTogetherValidator`` per uniqueness rule the serializer's fields cover."""
        fields = self.fields.values()  # type: ignore[attr-defined]
        field_sources = {
            field.field_name: field.source
            for field in fields
            if not field.read_only and field.source != "*" and "." not in field.source
        }
        field_sources.update(
            {
                field.field_name: field.source
                for field in fields
                if field.read_only and field.default is not empty and field.source != "*" and "." not in field.source
            }
        )
        source_map: dict[str, list[str]] = defaultdict(list)
        for name, source in field_sources.items():
            source_map[source].append(name)

        validators = []
        rules = self.get_unique_together_constraints(self.Meta.model)
        for together, queryset, condition_fields, condition, nulls_distinct, constraint in rules:
            members = set(together) | set(condition_fields)
            if not set(source_map).issuperset(members):
                continue
            for source in members:
                if len(source_map[source]) != 1:
                    raise ConfigurationError(
                        f"Unable to create `UniqueTogetherValidator` for "
                        f"`{self.Meta.model.__name__}.{source}` as `{type(self).__name__}` has multiple "
                        f"fields ({', '.join(source_map[source])}) that map to this model field. "
                        "Either remove the extra fields, or override "
                        "`Meta.validators` with a `UniqueTogetherValidator` "
                        "using the desired field names."
                    )
            validators.append(
                UniqueTogetherValidator(
                    queryset=queryset,
                    fields=tuple(source_map[f][0] for f in together),
                    condition_fields=tuple(source_map[f][0] for f in condition_fields),
                    condition=condition,
                    message=self._get_constraint_violation_error_message(constraint) if constraint else None,
                    code=getattr(constraint, "violation_error_code", None),
                    nulls_distinct=nulls_distinct,
                )
            )
        return validators

    def get_unique_for_date_validators(self) -> list[Any]:
        """Return the ``unique_for_date``/``_month``/``_year`` validators for the model."""
        model = self.Meta.model
        info = model_meta.get_field_info(model)
        manager = model._default_manager
        sources = [field.source for field in self.fields.values()]  # type: ignore[attr-defined]
        validators: list[Any] = []
        kinds = (
            ("unique_for_date", UniqueForDateValidator),
            ("unique_for_month", UniqueForMonthValidator),
            ("unique_for_year", UniqueForYearValidator),
        )
        for field_name, field in info.fields_and_pk.items():
            if field_name not in sources:
                continue
            for attr, validator_class in kinds:
                date_field = getattr(field, attr)
                if date_field:
                    validators.append(validator_class(queryset=manager, field=field_name, date_field=date_field))
        return validators


__all__ = ["ModelFieldBuilder"]
