"""Fields that do not convert a single typed value: ReadOnly, Hidden, SerializerMethod, Model."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.utils.encoding import is_protected_type
from django.utils.translation import gettext_lazy as _

from restwell.fields._base import Field, FieldConfigurationError, empty
from restwell.utils.formatting import lazy_format


class ReadOnlyField(Field):
    """Output the attribute's value as it is; never accepts input.

    ``ReadOnlyField(source='get_expiry_date')`` calls the method (it takes no
    arguments) and outputs the result.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` unchanged."""
        return value


class HiddenField(Field):
    """Put ``default`` into the validated data; takes no input and produces no output.

    Typical use: ``owner = HiddenField(default=CurrentUserDefault())`` so a
    uniqueness check over ``owner`` has its value.
    """

    def __init__(self, **kwargs: Any) -> None:
        if "default" not in kwargs:
            raise FieldConfigurationError("default is a required argument.")
        kwargs["write_only"] = True
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        """Return ``empty``: client input is ignored and the default always applies."""
        return empty

    def to_internal_value(self, data: Any) -> Any:
        """Return ``data`` unchanged."""
        return data


class SerializerMethodField(Field):
    """Output the result of ``get_<field_name>(obj)`` (or ``method_name``) on the serializer.

    ::

        class UserSerializer(Serializer):
            days_since_joined = SerializerMethodField()

            def get_days_since_joined(self, obj):
                return (now() - obj.date_joined).days
    """

    def __init__(self, method_name: str | None = None, **kwargs: Any) -> None:
        self.method_name = method_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        """Bind as ``Field.bind``; the method name defaults to ``get_<field_name>``."""
        if self.method_name is None:
            self.method_name = f"get_{field_name}"
        super().bind(field_name, parent)

    def to_representation(self, value: Any) -> Any:
        """Return the parent serializer's method called with the whole object."""
        return getattr(self.parent, self.method_name)(value)  # type: ignore[arg-type]  # a str once bound


class ModelField(Field):
    """A field for any model field without a dedicated serializer field.

    Input goes through the model field's ``to_python()``; output is the model
    field's ``value_to_string()`` unless the value is a protected type
    (numbers, dates, ``None``), which is output as it is.
    """

    default_error_messages = {
        "max_length": _("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, model_field: Any, **kwargs: Any) -> None:
        self.model_field = model_field
        self.max_length = kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        if self.max_length is not None:
            message = lazy_format(self.error_messages["max_length"], max_length=self.max_length)
            self.validators.append(MaxLengthValidator(self.max_length, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know

    def to_internal_value(self, data: Any) -> Any:
        """Return the model field's ``to_python(data)`` (the target field's for relations)."""
        rel = self.model_field.remote_field
        if rel is not None:
            return rel.model._meta.get_field(rel.field_name).to_python(data)
        return self.model_field.to_python(data)

    def get_attribute(self, obj: Any) -> Any:
        """Return the whole instance: the model field reads its own value from it."""
        return obj

    def to_representation(self, obj: Any) -> Any:
        """Return the model field's value of ``obj``, as a string unless protected."""
        value = self.model_field.value_from_object(obj)
        if is_protected_type(value):
            return value
        return self.model_field.value_to_string(obj)


__all__ = ["HiddenField", "ModelField", "ReadOnlyField", "SerializerMethodField"]
