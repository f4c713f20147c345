"""Container fields: ListField, DictField, HStoreField and JSONField."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import ValidationError
from restwell.fields._base import Field, FieldConfigurationError, empty, get_error_detail
from restwell.fields._text import CharField
from restwell.utils import html
from restwell.utils import json as compat_json
from restwell.utils.formatting import lazy_format

_CHILD_NOT_INSTANTIATED = "`child` has not been instantiated."
_CHILD_HAS_SOURCE = (
    "The `source` argument is not meaningful when applied to a `child=` field. "
    "Remove `source=` from the field declaration."
)


class _UnvalidatedField(Field):
    # The default child of ListField/DictField: passes any value through.
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_blank = True
        self.allow_null = True

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _setup_child(field: Any, kwargs: dict[str, Any]) -> None:
    child = kwargs.pop("child", empty)
    if child is empty:
        child = copy.deepcopy(field.child)
    if inspect.isclass(child):
        raise FieldConfigurationError(_CHILD_NOT_INSTANTIATED)
    if child.source is not None:
        raise FieldConfigurationError(_CHILD_HAS_SOURCE)
    field.child = child


class ListField(Field):
    """A list whose items are validated and output by ``child``.

    ``allow_empty``, ``min_length`` and ``max_length`` limit the list; errors
    are reported per index: ``{1: ['A valid integer is required.']}``.
    """

    child: Field = _UnvalidatedField()
    initial: Any = []
    default_error_messages = {
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This list may not be empty."),
        "min_length": _("Ensure this field has at least {min_length} elements."),
        "max_length": _("Ensure this field has no more than {max_length} elements."),
    }

    def __init__(self, **kwargs: Any) -> None:
        _setup_child(self, kwargs)
        self.allow_empty = kwargs.pop("allow_empty", True)
        self.max_length = kwargs.pop("max_length", None)
        self.min_length = kwargs.pop("min_length", None)
        super().__init__(**kwargs)
        self.child.bind(field_name="", parent=self)
        if self.max_length is not None:
            message = lazy_format(self.error_messages["max_length"], max_length=self.max_length)
            self.validators.append(MaxLengthValidator(self.max_length, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know
        if self.min_length is not None:
            message = lazy_format(self.error_messages["min_length"], min_length=self.min_length)
            self.validators.append(MinLengthValidator(self.min_length, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know

    def get_value(self, dictionary: Any) -> Any:
        """Return the list for this field; HTML forms send ``name`` repeatedly or ``name[0]``."""
        field_name = self.field_name
        if html.is_html_input(dictionary):
            values = dictionary.getlist(field_name, [])
            if values:
                return values
            if getattr(self.root, "partial", False):
                prefix = field_name + "["  # type: ignore[operator]  # a str once bound
                if not any(key.startswith(prefix) for key in dictionary):
                    return empty
            return html.parse_html_list(dictionary, prefix=field_name, default=empty)  # type: ignore[arg-type]  # a str once bound
        if field_name not in dictionary and getattr(self.root, "partial", False):
            return empty
        return dictionary.get(field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        """Return the list of the child's internal values."""
        if html.is_html_input(data):
            data = html.parse_html_list(data, default=[])
        if isinstance(data, (str, Mapping)) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        return self.run_child_validation(data)

    def to_representation(self, data: Any) -> Any:
        """Return the list of the child's representations (``None`` items stay ``None``)."""
        to_repr = self.child.to_representation
        return [None if item is None else to_repr(item) for item in data]

    def run_child_validation(self, data: Any) -> list[Any]:
        """Validate every item with the child, collecting errors by index."""
        run = self.child.run_validation
        result = []
        errors: dict[int, Any] = {}
        for index, item in enumerate(data):
            try:
                result.append(run(item))
            except ValidationError as exc:
                errors[index] = exc.detail
            except DjangoValidationError as exc:
                errors[index] = get_error_detail(exc)
        if errors:
            raise ValidationError(errors)
        return result


class DictField(Field):
    """A dict with string keys whose values are validated and output by ``child``."""

    child: Field = _UnvalidatedField()
    initial: Any = {}
    default_error_messages = {
        "not_a_dict": _('Expected a dictionary of items but got type "{input_type}".'),
        "empty": _("This dictionary may not be empty."),
    }

    def __init__(self, **kwargs: Any) -> None:
        _setup_child(self, kwargs)
        self.allow_empty = kwargs.pop("allow_empty", True)
        super().__init__(**kwargs)
        self.child.bind(field_name="", parent=self)

    def get_value(self, dictionary: Any) -> Any:
        """Return the dict for this field; HTML forms send it as ``name.key`` entries."""
        if html.is_html_input(dictionary):
            result = html.parse_html_dict(dictionary, prefix=self.field_name, default=empty)  # type: ignore[arg-type]  # a str once bound
            if result is not empty:
                return result
            # The bare name alone means an explicitly empty dict.
            return {} if self.field_name in dictionary else empty
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        """Return the dict of the child's internal values, keys as strings."""
        if html.is_html_input(data):
            data = data.dict() if hasattr(data, "dict") else dict(data)
        if not isinstance(data, dict):
            self.fail("not_a_dict", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        return self.run_child_validation(data)

    def to_representation(self, value: Any) -> Any:
        """Return the dict of the child's representations, keys as strings."""
        to_repr = self.child.to_representation
        return {str(key): None if val is None else to_repr(val) for key, val in value.items()}

    def run_child_validation(self, data: Any) -> dict[str, Any]:
        """Validate every value with the child, collecting errors by key."""
        run = self.child.run_validation
        result = {}
        errors: dict[str, Any] = {}
        for key, value in data.items():
            key = str(key)
            try:
                result[key] = run(value)
            except ValidationError as exc:
                errors[key] = exc.detail
            except DjangoValidationError as exc:
                errors[key] = get_error_detail(exc)
        if errors:
            raise ValidationError(errors)
        return result


class HStoreField(DictField):
    """A dict of strings (or nulls), as PostgreSQL's hstore stores."""

    child = CharField(allow_blank=True, allow_null=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(self.child, CharField):
            raise FieldConfigurationError(
                "The `child` argument must be an instance of `CharField`, "
                "as the hstore extension stores values as strings."
            )


class _JSONString(str):
    # Form input arrives as JSON text, to be decoded rather than kept as a string.
    is_json_string = True


class JSONField(Field):
    """Any JSON-compatible value. ``binary=True`` accepts and outputs JSON text (bytes).

    ``encoder`` and ``decoder`` are ``json.JSONEncoder``/``JSONDecoder`` classes.
    """

    default_error_messages = {"invalid": _("Value must be valid JSON.")}

    # Lets code recognise the field without importing it.
    _is_jsonfield = True

    def __init__(self, **kwargs: Any) -> None:
        self.binary = kwargs.pop("binary", False)
        self.encoder = kwargs.pop("encoder", None)
        self.decoder = kwargs.pop("decoder", None)
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        """Return the value; in HTML form input it is JSON text to decode."""
        if html.is_html_input(dictionary) and self.field_name in dictionary:
            return _JSONString(dictionary[self.field_name])
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        """Return ``data`` (decoded first when it is JSON text) once it is known to be JSON."""
        try:
            if self.binary or getattr(data, "is_json_string", False):
                if isinstance(data, bytes):
                    data = data.decode()
                return compat_json.loads(data, cls=self.decoder)
            compat_json.dumps(data, cls=self.encoder)
        except (TypeError, ValueError, RecursionError):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` (JSON bytes when ``binary``)."""
        if self.binary:
            return compat_json.dumps(value, cls=self.encoder).encode()
        return value


__all__ = ["DictField", "HStoreField", "JSONField", "ListField"]
