"""Uniqueness validators that serializers run before saving.

Uniqueness is checked explicitly by the serializer (one ``EXISTS`` query per
constraint) rather than through ``Model.full_clean()``, so a plain
``Serializer`` and a ``ModelSerializer`` validate the same way. The database
still has the last word: a race that slips past these checks is turned into a
400 by ``ModelSerializer.save()`` (see ``restwell.serializers``).

``qs_exists`` and ``qs_filter`` are module-level and looked up on every call,
so tests may patch them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import DataError
from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import ValidationError

__all__ = [
    "BaseUniqueForValidator",
    "ProhibitSurrogateCharactersValidator",
    "UniqueForDateValidator",
    "UniqueForMonthValidator",
    "UniqueForYearValidator",
    "UniqueTogetherValidator",
    "UniqueValidator",
    "qs_exists",
    "qs_exists_with_condition",
    "qs_filter",
]

# Values a lookup cannot use: wrong type, out of range (a datetime that
# overflows when made naive), or refused by the driver (NUL for PostgreSQL).
_BAD_LOOKUP = (TypeError, ValueError, OverflowError, DataError)


def _smart_repr(value: Any) -> str:
    from restwell.utils.representation import smart_repr

    return smart_repr(value)


def qs_exists(queryset: Any) -> bool:
    """Return ``queryset.exists()``, or False when the lookup value is unusable."""
    try:
        return queryset.exists()
    except _BAD_LOOKUP:
        return False


def qs_exists_with_condition(queryset: Any, condition: Any, against: dict[str, Any]) -> bool:
    """Like :func:`qs_exists`, restricted to rows where ``condition`` holds for ``against``."""
    if condition is None:
        return qs_exists(queryset)
    try:
        return (condition & Exists(queryset.filter(condition))).check(against)
    except (*_BAD_LOOKUP, FieldError):
        return False


def qs_filter(queryset: Any, **kwargs: Any) -> Any:
    """Return ``queryset.filter(**kwargs)``, or an empty queryset for unusable values."""
    try:
        return queryset.filter(**kwargs)
    except _BAD_LOOKUP:
        return queryset.none()


def _require_single_instance(serializer: Any, instance: Any, validator: Any) -> None:
    # With many=True the child's ``instance`` is the whole list/queryset unless
    # run_child_validation() sets it per item; say so instead of failing on .pk.
    if instance is not None and getattr(serializer.parent, "many", False) and not hasattr(instance, "pk"):
        raise RuntimeError(
            f"`{type(validator).__name__}` cannot determine the current instance during a "
            "multiple update. Override `ListSerializer.run_child_validation()` to set "
            "`child.instance` before validation."
        )


def _exclude(queryset: Any, instance: Any) -> Any:
    if instance is not None:
        return queryset.exclude(pk=instance.pk)
    return queryset


class UniqueValidator:
    """Check that a field's value is unique in ``queryset`` (``unique=True``).

    Attach it to a serializer field; on update, the instance being edited is
    not counted as a conflict.
    """

    message = _("This field must be unique.")
    requires_context = True

    def __init__(self, queryset: Any, message: Any = None, lookup: str = "exact") -> None:
        self.queryset = queryset
        self.message = message or self.message
        self.lookup = lookup

    def filter_queryset(self, value: Any, queryset: Any, field_name: str) -> Any:
        """Return the rows whose ``field_name`` matches ``value``."""
        return qs_filter(queryset, **{f"{field_name}__{self.lookup}": value})

    def exclude_current_instance(self, queryset: Any, instance: Any) -> Any:
        """Leave the instance being updated out of the check."""
        return _exclude(queryset, instance)

    def __call__(self, value: Any, serializer_field: Any) -> None:
        field_name = serializer_field.source_attrs[-1]
        serializer = serializer_field.parent
        instance = getattr(serializer, "instance", None)
        _require_single_instance(serializer, instance, self)
        queryset = self.filter_queryset(value, self.queryset, field_name)
        queryset = self.exclude_current_instance(queryset, instance)
        if qs_exists(queryset):
            raise ValidationError(self.message, code="unique")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}(queryset={_smart_repr(self.queryset)})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return (
            self.message == other.message
            and self.requires_context == other.requires_context
            and self.queryset == other.queryset
            and self.lookup == other.lookup
        )

    __hash__ = object.__hash__


class UniqueTogetherValidator:
    """Check that several fields together are unique (``unique_together``, ``UniqueConstraint``).

    Attach it to the serializer (``Meta.validators``). On create every field is
    required; on update, fields left out are taken from the instance, and the
    check runs only when one of them changes.
    """

    message = _("The fields {field_names} must make a unique set.")
    missing_message = _("This field is required.")
    requires_context = True
    code = "unique"

    def __init__(
        self,
        queryset: Any,
        fields: Any,
        message: Any = None,
        condition_fields: Any = None,
        condition: Any = None,
        code: str | None = None,
        nulls_distinct: bool | None = None,
    ) -> None:
        self.queryset = queryset
        self.fields = fields
        self.message = message or self.message
        self.condition_fields = [] if condition_fields is None else condition_fields
        self.condition = condition
        self.code = code or self.code
        self.nulls_distinct = nulls_distinct

    def enforce_required_fields(self, attrs: dict[str, Any], serializer: Any) -> None:
        """On create, report every member of the set that is missing from the input."""
        if serializer.instance is not None:
            return
        missing = {
            name: self.missing_message
            for name in (*self.fields, *self.condition_fields)
            if serializer.fields[name].source not in attrs
        }
        if missing:
            raise ValidationError(missing, code="required")

    def filter_queryset(self, attrs: dict[str, Any], queryset: Any, serializer: Any) -> Any:
        """Return the rows that have the same values for all the fields."""
        sources = [serializer.fields[name].source for name in self.fields]
        if serializer.instance is not None:
            for source in sources:
                if source not in attrs:
                    attrs[source] = getattr(serializer.instance, source)
        return qs_filter(queryset, **{source: attrs[source] for source in sources})

    def exclude_current_instance(self, attrs: dict[str, Any], queryset: Any, instance: Any) -> Any:
        """Leave the instance being updated out of the check."""
        return _exclude(queryset, instance)

    def __call__(self, attrs: dict[str, Any], serializer: Any) -> None:
        instance = serializer.instance
        _require_single_instance(serializer, instance, self)
        self.enforce_required_fields(attrs, serializer)
        queryset = self.filter_queryset(attrs, self.queryset, serializer)
        queryset = self.exclude_current_instance(attrs, queryset, instance)

        fields = serializer.fields

        def current(source: str) -> Any:
            if source in attrs:
                return attrs[source]
            return getattr(instance, source, None)

        member_values = [current(fields[name].source) for name in self.fields]
        checked = {fields[name].source for name in self.fields} | {
            fields[name].source for name in self.condition_fields
        }
        if instance is None:
            changed = True
        else:
            changed = any(
                source in attrs and attrs[source] != getattr(instance, source, None) for source in checked
            )
        if not changed:
            return
        if self.nulls_distinct is not False and any(value is None for value in member_values):
            return
        condition_values = {
            fields[name].source: current(fields[name].source) for name in self.condition_fields
        }
        if qs_exists_with_condition(queryset, self.condition, condition_values):
            message = self.message.format(field_names=", ".join(self.fields))
            raise ValidationError(message, code=self.code)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{attr}={_smart_repr(getattr(self, attr))}"
            for attr in ("queryset", "fields", "condition", "nulls_distinct")
            if getattr(self, attr) is not None
        )
        return f"<{type(self).__name__}({parts})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return (
            self.message == other.message
            and self.requires_context == other.requires_context
            and self.missing_message == other.missing_message
            and self.queryset == other.queryset
            and self.fields == other.fields
            and self.code == other.code
            and self.nulls_distinct == other.nulls_distinct
        )

    __hash__ = object.__hash__


class ProhibitSurrogateCharactersValidator:
    """Reject strings containing UTF-16 surrogate code points (they cannot be stored)."""

    message = _("Surrogate characters are not allowed: U+{code_point:X}.")
    code = "surrogate_characters_not_allowed"

    def __call__(self, value: Any) -> None:
        for char in str(value):
            if 0xD800 <= ord(char) <= 0xDFFF:
                raise ValidationError(self.message.format(code_point=ord(char)), code=self.code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return self.message == other.message and self.code == other.code

    __hash__ = object.__hash__


class BaseUniqueForValidator:
    """Common code of the ``unique_for_date``/``_month``/``_year`` validators.

    Subclasses implement :meth:`filter_queryset`. On a (partial) update, a
    field left out of the input is taken from the instance being edited, so a
    PATCH that touches neither field passes (restwell; DRF requires both).
    """

    message: Any = None
    missing_message = _("This field is required.")
    requires_context = True

    def __init__(self, queryset: Any, field: str, date_field: str, message: Any = None) -> None:
        self.queryset = queryset
        self.field = field
        self.date_field = date_field
        self.message = message or self.message

    def enforce_required_fields(self, attrs: dict[str, Any]) -> None:
        """Report the field or the date field when missing from the input."""
        missing = {
            name: self.missing_message for name in (self.field, self.date_field) if name not in attrs
        }
        if missing:
            raise ValidationError(missing, code="required")

    def filter_queryset(self, attrs: dict[str, Any], queryset: Any, field_name: str, date_field_name: str) -> Any:
        """Return the rows that clash with ``attrs``."""
        raise NotImplementedError("`filter_queryset` must be implemented.")

    def exclude_current_instance(self, attrs: dict[str, Any], queryset: Any, instance: Any) -> Any:
        """Leave the instance being updated out of the check."""
        return _exclude(queryset, instance)

    def __call__(self, attrs: dict[str, Any], serializer: Any) -> None:
        field_name = serializer.fields[self.field].source_attrs[-1]
        date_field_name = serializer.fields[self.date_field].source_attrs[-1]
        instance = serializer.instance
        _require_single_instance(serializer, instance, self)
        if instance is not None and getattr(serializer, "partial", False):
            # C09 / DRF#6341: a PATCH that leaves these fields out keeps the stored values.
            if self.field not in attrs and self.date_field not in attrs:
                return
            attrs = dict(attrs)
            attrs.setdefault(self.field, getattr(instance, field_name, None))
            attrs.setdefault(self.date_field, getattr(instance, date_field_name, None))
            if attrs[self.field] is None or attrs[self.date_field] is None:
                return
        self.enforce_required_fields(attrs)
        queryset = self.filter_queryset(attrs, self.queryset, field_name, date_field_name)
        queryset = self.exclude_current_instance(attrs, queryset, instance)
        if qs_exists(queryset):
            message = self.message.format(date_field=self.date_field)
            raise ValidationError({self.field: message}, code="unique")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return (
            self.message == other.message
            and self.missing_message == other.missing_message
            and self.requires_context == other.requires_context
            and self.queryset == other.queryset
            and self.field == other.field
            and self.date_field == other.date_field
        )

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}(queryset={_smart_repr(self.queryset)}, "
            f"field={_smart_repr(self.field)}, date_field={_smart_repr(self.date_field)})>"
        )


class UniqueForDateValidator(BaseUniqueForValidator):
    """``unique_for_date``: the field is unique among rows with the same date."""

    message = _('This field must be unique for the "{date_field}" date.')

    def filter_queryset(self, attrs: dict[str, Any], queryset: Any, field_name: str, date_field_name: str) -> Any:
        date = attrs[self.date_field]
        return qs_filter(
            queryset,
            **{
                field_name: attrs[self.field],
                f"{date_field_name}__day": date.day,
                f"{date_field_name}__month": date.month,
                f"{date_field_name}__year": date.year,
            },
        )


class UniqueForMonthValidator(BaseUniqueForValidator):
    """``unique_for_month``: the field is unique among rows in the same month."""

    message = _('This field must be unique for the "{date_field}" month.')

    def filter_queryset(self, attrs: dict[str, Any], queryset: Any, field_name: str, date_field_name: str) -> Any:
        date = attrs[self.date_field]
        return qs_filter(queryset, **{field_name: attrs[self.field], f"{date_field_name}__month": date.month})


class UniqueForYearValidator(BaseUniqueForValidator):
    """``unique_for_year``: the field is unique among rows in the same year."""

    message = _('This field must be unique for the "{date_field}" year.')

    def filter_queryset(self, attrs: dict[str, Any], queryset: Any, field_name: str, date_field_name: str) -> Any:
        date = attrs[self.date_field]
        return qs_filter(queryset, **{field_name: attrs[self.field], f"{date_field_name}__year": date.year})
