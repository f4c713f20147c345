"""The ``Field`` base class, the ``empty`` marker, defaults and attribute lookup."""

from __future__ import annotations

import copy
import functools
import inspect
import itertools
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from restwell._errors import ConfigurationError
from restwell.exceptions import ErrorDetail, ValidationError
from restwell.fields._fast import checks_pass, split_validators
from restwell.utils import html


class empty:
    """Marker for "no value was given", because ``None`` is a legitimate value.

    Used as the default of ``Field.run_validation(data=empty)`` and as the
    result of ``Field.get_value()`` when the input does not mention the field.
    """


class SkipField(Exception):  # noqa: N818 - DRF's public name
    """Raised to leave a field out of the validated data or the output."""


class BuiltinSignatureError(Exception):
    """Raised when ``is_simple_callable`` is asked about a builtin it cannot inspect."""


class FieldConfigurationError(ConfigurationError):
    """A field was declared with arguments that cannot work together.

    Like every ``restwell`` configuration error it is an ``ImproperlyConfigured``
    that is also an ``AssertionError``, the type Django REST framework raises
    for the same mistakes.
    """


REGEX_TYPE = type(re.compile(""))

# Declared fields are ordered by creation. The counter is a module-level
# iterator, not a class attribute bumped per instance: assigning to
# ``Field._creation_counter`` would invalidate the attribute caches of every
# field and serializer class each time a serializer is built.
next_creation_counter = itertools.count(1).__next__
_NO_VALIDATORS = object()

NOT_READ_ONLY_WRITE_ONLY = "May not set both `read_only` and `write_only`"
NOT_READ_ONLY_REQUIRED = "May not set both `read_only` and `required`"
NOT_REQUIRED_DEFAULT = "May not set both `required` and `default`"
USE_READONLYFIELD = "Field(read_only=True) should be ReadOnlyField"
MISSING_ERROR_MESSAGE = (
    "ValidationError raised by `{class_name}`, but error key `{key}` does "
    "not exist in the `error_messages` dictionary."
)

_BUILTIN_MESSAGE = (
    "Built-in function signatures are not inspectable. "
    "Wrap the function call in a simple, pure Python function."
)


@functools.lru_cache(maxsize=2048)
def _takes_no_required_args(func: Callable[..., Any], skip_first: bool) -> bool:
    # Cached per underlying function: inspect.signature() is far too slow to run
    # for every attribute of every serialized object.
    params = list(inspect.signature(func).parameters.values())
    if skip_first and params:
        params = params[1:]
    return all(
        p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty for p in params
    )


def is_simple_callable(obj: Any) -> bool:
    """Return True if ``obj`` is a function, method or partial callable with no arguments.

    Builtins cannot be inspected, so they raise ``BuiltinSignatureError``.
    """
    if not callable(obj):
        return False
    if inspect.isbuiltin(obj):
        raise BuiltinSignatureError(_BUILTIN_MESSAGE)
    if inspect.isfunction(obj):
        try:
            return _takes_no_required_args(obj, False)
        except TypeError:  # unhashable function object
            return _takes_no_required_args.__wrapped__(obj, False)
    if inspect.ismethod(obj):
        func = obj.__func__
        if inspect.isfunction(func):
            try:
                return _takes_no_required_args(func, True)
            except TypeError:
                return _takes_no_required_args.__wrapped__(func, True)
    elif not isinstance(obj, functools.partial):
        return False
    sig = inspect.signature(obj)
    return all(
        p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty
        for p in sig.parameters.values()
    )


def get_attribute(instance: Any, attrs: list[str]) -> Any:
    """Follow ``attrs`` from ``instance``: keys of mappings, attributes of objects.

    A missing related object (``ObjectDoesNotExist``) gives ``None``; a method
    that takes no arguments is called and its result used.
    """
    for attr in attrs:
        try:
            if type(instance) is dict or isinstance(instance, Mapping):
                instance = instance[attr]
            else:
                instance = getattr(instance, attr)
        except ObjectDoesNotExist:
            return None
        if callable(instance) and is_simple_callable(instance):
            try:
                instance = instance()
            except (AttributeError, KeyError) as exc:
                # Re-raised as ValueError: an AttributeError here would be taken
                # for "the attribute is missing" and silently skip the field.
                raise ValueError(
                    f'Exception raised in callable attribute "{attr}"; '
                    f"original exception was: {exc}"
                )
    return instance


def _detail_list(exc_info: DjangoValidationError, code: str) -> list[ErrorDetail]:
    out = []
    for error in exc_info.error_list:
        message = error.message % error.params if error.params else error.message
        # A lazy translation is forced to text by str.__new__.
        out.append(ErrorDetail(message, code=error.code or code))
    return out


def get_error_detail(exc_info: DjangoValidationError) -> Any:
    """Turn a Django ``ValidationError`` into ``ErrorDetail`` lists (a dict of them if keyed)."""
    code = getattr(exc_info, "code", None) or "invalid"
    error_dict = getattr(exc_info, "error_dict", None)
    if error_dict is None:
        return _detail_list(exc_info, code)
    return {
        key: _detail_list(DjangoValidationError(errors), code) for key, errors in error_dict.items()
    }


class CreateOnlyDefault:
    """A default that applies when creating, and leaves the field out on update."""

    requires_context = True

    def __init__(self, default: Any) -> None:
        self.default = default

    def __call__(self, serializer_field: Field) -> Any:
        if serializer_field.parent.instance is not None:
            raise SkipField()
        default = self.default
        if callable(default):
            if getattr(default, "requires_context", False):
                return default(serializer_field)
            return default()
        return default

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.default!r})"


class CurrentUserDefault:
    """A default that is the user of the request in the serializer context."""

    requires_context = True

    def __call__(self, serializer_field: Field) -> Any:
        try:
            request = serializer_field.context["request"]
        except KeyError:
            raise FieldConfigurationError(
                "CurrentUserDefault needs the request in the serializer context: create the "
                "serializer with context={'request': request} (generic views do this)."
            )
        return request.user

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}()"


def _collect_error_messages(cls: type) -> dict[str, Any]:
    # Read at construction time (not cached per class), so a change to a class's
    # default_error_messages is seen by the next field built, as in DRF.
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        # getattr, not __dict__: with multiple inheritance DRF's result depends
        # on each class's inherited messages too.
        merged.update(getattr(klass, "default_error_messages", {}))
    return merged


class Field:
    """Base class of every serializer field.

    A field converts one value in both directions: ``to_internal_value()`` turns
    incoming primitive data into a Python value (raising ``ValidationError``),
    ``to_representation()`` turns a Python value into primitive data. Subclass
    it and override those two for a custom field.
    """

    _creation_counter = 0
    # Set by __new__ (or the serializers' fast path) for __repr__ and __deepcopy__.
    _args: tuple[Any, ...]
    _kwargs: dict[str, Any]

    default_error_messages: dict[str, Any] = {
        "required": _("This field is required."),
        "null": _("This field may not be null."),
    }
    default_validators: list[Any] = []
    default_empty_html: Any = empty
    initial: Any = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # The arguments are kept for __repr__ and for __deepcopy__.
        instance = super().__new__(cls)
        instance._args = args
        instance._kwargs = kwargs
        return instance

    def __init__(
        self,
        *,
        read_only: bool = False,
        write_only: bool = False,
        required: bool | None = None,
        default: Any = empty,
        initial: Any = empty,
        source: str | None = None,
        label: str | None = None,
        help_text: str | None = None,
        style: dict[str, Any] | None = None,
        error_messages: dict[str, Any] | None = None,
        validators: Any = None,
        allow_null: bool = False,
    ) -> None:
        self._creation_counter = next_creation_counter()

        if required is None:
            required = default is empty and not read_only

        if read_only and write_only:
            raise FieldConfigurationError(NOT_READ_ONLY_WRITE_ONLY)
        if read_only and required:
            raise FieldConfigurationError(NOT_READ_ONLY_REQUIRED)
        if required and default is not empty:
            raise FieldConfigurationError(NOT_REQUIRED_DEFAULT)
        if read_only and self.__class__ is Field:
            raise FieldConfigurationError(USE_READONLYFIELD)

        self.read_only = read_only
        self.write_only = write_only
        self.required = required
        self.default = default
        self.source = source
        if initial is not empty:
            self.initial = initial
        self.label = label
        self.help_text = help_text
        self.style = {} if style is None else style
        self.allow_null = allow_null

        if default is not empty and self.default_empty_html is not empty:
            self.default_empty_html = default

        if validators is not None:
            self._validators = list(validators)

        self.field_name: str | None = None
        self.parent: Any = None

        messages = _collect_error_messages(self.__class__)
        if error_messages:
            messages.update(error_messages)
        self.error_messages = messages

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type:
        return cls

    def bind(self, field_name: str, parent: Any) -> None:
        """Attach the field to its parent serializer under ``field_name``.

        Sets ``label`` and ``source`` from the name when they were not given,
        and ``source_attrs``, the attribute path read from each instance.
        """
        source = self.source
        if source == field_name:
            raise FieldConfigurationError(
                f"It is redundant to specify `source='{field_name}'` on field "
                f"'{self.__class__.__name__}' in serializer '{parent.__class__.__name__}', "
                "because it is the same as the field name. Remove the `source` keyword argument."
            )
        self.field_name = field_name
        self.parent = parent
        if self.label is None:
            self.label = field_name.replace("_", " ").capitalize()
        if source is None:
            self.source = source = field_name
        self.source_attrs = [] if source == "*" else source.split(".")

    @property
    def validators(self) -> list[Any]:
        """The validators run on the internal value (``get_validators()`` by default)."""
        # getattr with a default: a missing attribute costs no exception,
        # and serializers built per payload come here once each.
        validators: Any = getattr(self, "_validators", _NO_VALIDATORS)
        if validators is _NO_VALIDATORS:
            validators = self._validators = self.get_validators()
        return validators

    @validators.setter
    def validators(self, validators: list[Any]) -> None:
        self._validators = validators

    def get_validators(self) -> list[Any]:
        """Return the default validators of this field class.

        Override to compute validators from the field's arguments.
        """
        return list(self.default_validators)

    def get_initial(self) -> Any:
        """Return the value shown for this field in an unbound form."""
        initial = self.initial
        return initial() if callable(initial) else initial

    def get_value(self, dictionary: Any) -> Any:
        """Return this field's value from the incoming data, or ``empty`` if absent.

        HTML form input (a ``QueryDict``) cannot send ``None`` or ``False``: a
        missing key uses ``default_empty_html`` and a blank string may mean null.
        """
        if html.is_html_input(dictionary):
            field_name = self.field_name
            if field_name not in dictionary:
                if getattr(self.root, "partial", False):
                    return empty
                return self.default_empty_html
            value = dictionary[field_name]
            if value == "":
                if self.allow_null:
                    return "" if getattr(self, "allow_blank", False) else None
                if not self.required:
                    return "" if getattr(self, "allow_blank", False) else empty
            return value
        return dictionary.get(self.field_name, empty)

    def get_attribute(self, instance: Any) -> Any:
        """Return the value for this field from the outgoing ``instance``."""
        try:
            return get_attribute(instance, self.source_attrs)
        except BuiltinSignatureError as exc:
            raise type(exc)(
                f"Field source for `{self.parent.__class__.__name__}.{self.field_name}` maps "
                "to a built-in function type and is invalid. Define a property or method on "
                f"the `{instance.__class__.__name__}` instance that wraps the call to the "
                "built-in function."
            )
        except (KeyError, AttributeError) as exc:
            if self.default is not empty:
                return self.get_default()
            if self.allow_null:
                return None
            if not self.required:
                raise SkipField()
            raise type(exc)(
                f"Got {type(exc).__name__} when attempting to get a value for field "
                f"`{self.field_name}` on serializer `{self.parent.__class__.__name__}`.\n"
                "The serializer field might be named incorrectly and not match any "
                f"attribute or key on the `{instance.__class__.__name__}` instance.\n"
                f"Original exception text was: {exc}."
            )

    def get_default(self) -> Any:
        """Return the value to use when the input omits this field.

        Raises ``SkipField`` when there is no default or the update is partial.
        """
        default = self.default
        if default is empty or getattr(self.root, "partial", False):
            raise SkipField()
        if callable(default):
            if getattr(default, "requires_context", False):
                return default(self)
            return default()
        return default

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        """Handle the absent, ``None`` and read-only cases before conversion.

        Returns ``(True, value)`` when ``value`` is final, ``(False, data)`` when
        ``data`` still needs ``to_internal_value()``; raises ``ValidationError``
        (required / null) or ``SkipField``.
        """
        if self.read_only:
            return (True, self.get_default())
        if data is empty:
            if getattr(self.root, "partial", False):
                raise SkipField()
            if self.required:
                self.fail("required")
            return (True, self.get_default())
        if data is None:
            if not self.allow_null:
                self.fail("null")
            # A nullable source='*' field receives the whole object, not None.
            if self.source == "*":
                return (False, None)
            return (True, None)
        return (False, data)

    def run_validation(self, data: Any = empty) -> Any:
        """Validate ``data`` and return the internal value.

        ``data`` is ``empty`` when the input did not include the field. May raise
        ``SkipField`` to leave the field out of the validated data.
        """
        if (
            data is None
            or data is empty
            or self.read_only
            or type(self).validate_empty_values is not _BASE_VALIDATE_EMPTY
        ):
            is_empty_value, data = self.validate_empty_values(data)
            if is_empty_value:
                return data
        value = self.to_internal_value(data)
        self.run_validators(value)
        return value

    def run_validators(self, value: Any) -> None:
        """Run every validator on ``value``, collecting all their errors.

        A validator with ``requires_context = True`` is called as
        ``validator(value, field)``.
        """
        validators = self.validators
        if not validators:
            return
        # The stock validators are checked inline (see _fast); the split is
        # cached and redone whenever the list is replaced or grows.
        plan = self.__dict__.get("_rw_validator_plan")
        if plan is None or plan[0] is not validators or plan[1] != len(validators):
            checks, rest = split_validators(validators)
            plan = self.__dict__["_rw_validator_plan"] = (validators, len(validators), checks, rest)
        checks, to_run = plan[2], plan[3]
        if checks and not checks_pass(checks, value):
            to_run = validators
        if not to_run:
            return
        errors: list[Any] = []
        for validator in to_run:
            try:
                if getattr(validator, "requires_context", False):
                    validator(value, self)
                else:
                    validator(value)
            except ValidationError as exc:
                # A dict of errors keyed by field cannot be merged into a list.
                if isinstance(exc.detail, dict):
                    raise
                errors.extend(exc.detail)
            except DjangoValidationError as exc:
                errors.extend(get_error_detail(exc))
        if errors:
            raise ValidationError(errors)

    def to_internal_value(self, data: Any) -> Any:
        """Convert incoming primitive ``data`` to the internal Python value."""
        raise NotImplementedError(
            f"{self.__class__.__name__}.to_internal_value() must be implemented for field "
            f"{self.field_name}. If you do not need to support write operations you probably "
            "want to subclass `ReadOnlyField` instead."
        )

    def to_representation(self, value: Any) -> Any:
        """Convert the outgoing Python ``value`` to primitive data."""
        raise NotImplementedError(
            f"{self.__class__.__name__}.to_representation() must be implemented for field "
            f"{self.field_name}."
        )

    def fail(self, key: str, **kwargs: Any) -> None:
        """Raise a ``ValidationError`` with the message ``error_messages[key]`` and code ``key``."""
        try:
            msg = self.error_messages[key]
        except KeyError:
            raise FieldConfigurationError(
                MISSING_ERROR_MESSAGE.format(class_name=self.__class__.__name__, key=key)
            )
        raise ValidationError(msg.format(**kwargs), code=key)

    @property
    def root(self) -> Any:
        """The top-level serializer this field belongs to (or the field itself)."""
        node = self
        parent = node.parent
        while parent is not None:
            node = parent
            parent = node.parent
        return node

    @property
    def context(self) -> dict[str, Any]:
        """The ``context`` dict given to the root serializer."""
        return getattr(self.root, "_context", {})

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # A copy is a fresh instance built from the original arguments, not a
        # copy of the bound state. Validators and regexes are shared, not copied.
        args = [
            item if isinstance(item, REGEX_TYPE) else copy.deepcopy(item) for item in self._args
        ]
        kwargs = {
            key: value if key in ("validators", "regex") else copy.deepcopy(value, memo)
            for key, value in self._kwargs.items()
        }
        return self.__class__(*args, **kwargs)

    def __repr__(self) -> str:
        from restwell.utils import representation

        return representation.field_repr(self)


_BASE_VALIDATE_EMPTY = Field.validate_empty_values


__all__ = [
    "MISSING_ERROR_MESSAGE",
    "NOT_READ_ONLY_REQUIRED",
    "NOT_READ_ONLY_WRITE_ONLY",
    "NOT_REQUIRED_DEFAULT",
    "REGEX_TYPE",
    "USE_READONLYFIELD",
    "BuiltinSignatureError",
    "CreateOnlyDefault",
    "CurrentUserDefault",
    "Field",
    "FieldConfigurationError",
    "SkipField",
    "empty",
    "get_attribute",
    "get_error_detail",
    "is_simple_callable",
]
