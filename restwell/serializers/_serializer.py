"""Serializer: declared fields, and the compiled read/write plan that runs them.

The metaclass collects declared fields once per class. Each instance gets its
own cheap copies of them (``clone_field``), bound on first access to
``.fields``. On first use an instance compiles a plan: for reading, the
readable fields with their attribute names and ``to_representation``
methods; for writing, the writable fields with their ``validate_<name>``
hooks. ``many=True`` reuses one child serializer, so one plan serves every
item. Hooks a subclass overrides (``to_representation``, ``get_attribute``,
``_readable_fields``, ``validate_<name>``, ...) are called by the plan.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import setting_changed
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import ErrorDetail, ValidationError
from restwell.fields import Field, SkipField, empty, get_error_detail
from restwell.serializers._base import (
    BaseSerializer,
    ClassKeyed,
    SerializerUsageError,
    as_serializer_error,
    clone_field,
    construct,
    copy_field,
)
from restwell.serializers._read import compile_reader, identity_type, read_step, render_general
from restwell.serializers._read_shared import clear as _clear_strict_readers
from restwell.serializers._read_shared import shared_read_step
from restwell.serializers._shared import CURRENT
from restwell.serializers._templates import _DEEP, _READ_SHARED, _SHARED, TEMPLATES
from restwell.serializers._templates import templates_for as _templates_for
from restwell.serializers._tree import in_list, partial_root_of_nested
from restwell.serializers._write import compile_writer
from restwell.settings import api_settings
from restwell.utils import html
from restwell.utils.serializer_helpers import (
    BindingDict,
    BoundField,
    JSONBoundField,
    NestedBoundField,
    ReturnDict,
)

_BASE_GET_ATTRIBUTE = Field.get_attribute
_BASE_GET_VALUE = Field.get_value
_BASE_VALIDATE_EMPTY = Field.validate_empty_values
_NO_ENTRY = (None, None)
class SerializerMetaclass(type):
    """Collect the ``Field`` class attributes into ``_declared_fields`` (ordered).

    Fields of base classes come first; a subclass attribute of the same name
    (even ``None``) replaces or removes an inherited field.
    """

    @classmethod
    def _get_declared_fields(cls, bases: tuple[type, ...], attrs: dict[str, Any]) -> dict[str, Any]:
        own = [(name, attrs.pop(name)) for name, obj in list(attrs.items()) if isinstance(obj, Field)]
        own.sort(key=lambda item: item[1]._creation_counter)
        known = set(attrs)
        inherited = []
        for base in bases:
            for name, field in getattr(base, "_declared_fields", {}).items():
                if name not in known:
                    known.add(name)
                    inherited.append((name, field))
        return dict(inherited + own)

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        attrs["_declared_fields"] = mcs._get_declared_fields(bases, attrs)
        return super().__new__(mcs, name, bases, attrs)

    # Serializers are built per payload: the common case in one step.
    __call__ = construct


# Per class: the get_validators function that found no validators for an
# instance with the class's own fields (Meta.validators unset, no uniqueness
# rules); run_validation() skips the validator step while it still applies.
NO_CLASS_VALIDATORS = ClassKeyed("no_validators")
# Per class: [Generated reader, Generated writer] for instances whose fields
# are the class's own (not shared) copies, unchanged.
_PRISTINE_CODE = ClassKeyed("pristine_code")
# Per class: [read steps, write steps, reader, writer] over shared fields
# (read or write steps None when some field cannot be shared that way), or
# False when neither can.
_CLASS_STEPS = ClassKeyed("steps")


def _clear_templates(**kwargs: Any) -> None:
    if kwargs.get("setting") in (None, "REST_FRAMEWORK", "INSTALLED_APPS", "RESTWELL"):
        TEMPLATES.clear()
        _CLASS_STEPS.clear()
        NO_CLASS_VALIDATORS.clear()
        _PRISTINE_CODE.clear()
        _clear_strict_readers()


setting_changed.connect(_clear_templates)


def _set_value(dictionary: dict[str, Any], keys: list[str], value: Any) -> None:
    if not keys:
        dictionary.update(value)
        return
    for key in keys[:-1]:
        dictionary = dictionary.setdefault(key, {})
    dictionary[keys[-1]] = value


class Serializer(BaseSerializer, metaclass=SerializerMetaclass):
    """Declare fields as class attributes; validate input dicts and render objects.

    Override ``validate_<field>(value)`` for one field, ``validate(attrs)`` for
    checks across fields, and ``create()``/``update()`` to save.
    """

    _declared_fields: dict[str, Any]
    default_error_messages = {"invalid": _("Invalid data. Expected a dictionary, but got {datatype}.")}

    def set_value(self, dictionary: dict[str, Any], keys: list[str], value: Any) -> None:
        """Set ``value`` in ``dictionary`` under the nested key path ``keys``.

        An empty path merges ``value`` (a dict) into ``dictionary``.
        """
        _set_value(dictionary, keys, value)

    @cached_property
    def fields(self) -> BindingDict:
        """This instance's ``{name: field}``; changing it affects only this instance."""
        # Steps compiled over shared fields must not outlive this instance's own copies.
        self.__dict__.pop("_rw_plan", None)
        fields = BindingDict(self)
        templates = self._field_templates()
        if templates is None:
            built = self.get_fields()
            for key, value in built.items():
                value.bind(field_name=key, parent=self)
            fields.fields = dict(built)
            return fields
        own = {}
        for name, (kind, template) in templates.items():
            if kind != _DEEP:
                own[name] = copy_field(template, self)
            else:
                field = copy.deepcopy(template)
                field.bind(field_name=name, parent=self)
                own[name] = field
        fields.fields = own
        self.__dict__["_rw_pristine"] = True
        return fields

    def _field_templates(self) -> dict[str, Any] | None:
        # Bound copies of the fields, made once per class; None when get_fields()
        # is overridden and so must run per instance.
        cls = type(self)
        if cls.get_fields is not Serializer.get_fields:
            return None
        return _templates_for(self)

    @property
    def _writable_fields(self) -> Any:
        for field in self.fields.values():
            if not field.read_only:
                yield field

    @property
    def _readable_fields(self) -> Any:
        for field in self.fields.values():
            if not field.write_only:
                yield field

    def get_fields(self) -> dict[str, Any]:
        """Return ``{name: field}`` for this instance: fresh copies of the declared fields.

        Override to add or remove fields dynamically (e.g. from ``self.context``).
        """
        return {name: clone_field(field) for name, field in self._declared_fields.items()}

    def get_validators(self) -> list[Any]:
        """Return the serializer-level validators (``Meta.validators``)."""
        validators = getattr(getattr(self, "Meta", None), "validators", None)
        if not validators:
            NO_CLASS_VALIDATORS[type(self)] = Serializer.get_validators
            return []
        return list(validators)

    def get_initial(self) -> Any:
        if hasattr(self, "initial_data"):
            if not isinstance(self.initial_data, Mapping):
                return {}
            result = {}
            for name, field in self.fields.items():
                if field.read_only:
                    continue
                value = field.get_value(self.initial_data)
                if value is not empty:
                    result[name] = value
            return result
        return {field.field_name: field.get_initial() for field in self.fields.values() if not field.read_only}

    def get_value(self, dictionary: Any) -> Any:
        # Nested HTML form input uses "name.field" keys.
        if html.is_html_input(dictionary):
            return html.parse_html_dict(dictionary, prefix=self.field_name or "", default=empty)
        return dictionary.get(self.field_name, empty)

    def run_validation(self, data: Any = empty) -> Any:
        """Validate ``data``: fields, then validators and ``validate()``.

        Errors from the serializer-level step are reported as
        ``{"non_field_errors": [...]}`` (or per field when raised as a dict).
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
        root = None if self.parent is None else partial_root_of_nested(self, Serializer)
        if root is None:
            value = self.to_internal_value(data)
        else:
            # C08: ``partial`` relaxes only the keys left out at the top level;
            # a nested item that is sent is validated in full.
            root.partial = False
            try:
                value = self.to_internal_value(data)
            finally:
                root.partial = True
        cls = type(self)
        state = self.__dict__
        entry = getattr(cls, NO_CLASS_VALIDATORS.attr, _NO_ENTRY)
        if (
            # An instance with the class's own fields, of a class known to
            # have no validators, with the stock run_validators() and
            # validate(), has nothing to run.
            entry[0] is cls
            and entry[1] is cls.get_validators
            and "_validators" not in state
            and ("fields" not in state or state.get("_rw_pristine", False))
            and cls.run_validators is Serializer.run_validators
            and cls.validate is Serializer.validate
        ):
            return value
        try:
            self.run_validators(value)
            value = self.validate(value)
            if value is None:
                raise SerializerUsageError(".validate() should return the validated data")
        except (ValidationError, DjangoValidationError) as exc:
            raise ValidationError(detail=as_serializer_error(exc)) from exc
        return value

    def _read_only_defaults(self) -> dict[str, Any]:
        defaults = {}
        for field in self.fields.values():
            if not field.read_only or field.default is empty:
                continue
            source = field.source
            if source == "*" or "." in source:
                continue
            try:
                defaults[source] = field.get_default()
            except SkipField:
                continue
        return defaults

    def run_validators(self, value: Any) -> None:
        """Run the serializer validators; read-only fields with defaults are visible to them."""
        if not self.validators:
            return
        if isinstance(value, dict):
            to_validate = self._read_only_defaults()
            to_validate.update(value)
        else:
            to_validate = value
        super().run_validators(to_validate)

    # -- the compiled plan ------------------------------------------------

    def _plan(self) -> list[Any]:
        # [read steps, write steps, reader, writer], each None until compiled
        # on first use (a reader is False when none can be generated).
        plan = self.__dict__.get("_rw_plan")
        if plan is None:
            plan = self.__dict__["_rw_plan"] = [None, None, None, None]
        return plan

    def _class_steps(self) -> Any:
        # Steps over the class's shared fields, usable while this instance's
        # ``fields`` have not been materialized; None otherwise.
        if "fields" in self.__dict__:
            return None
        cls = type(self)
        entry = _CLASS_STEPS.get(cls)
        if entry is None:
            templates = self._field_templates()
            entry = False
            if templates is not None:
                readable = [(kind, field) for kind, field in templates.values() if not field.write_only]
                writable = [(kind, field) for kind, field in templates.values() if not field.read_only]
                read = write = None
                if all(kind in (_SHARED, _READ_SHARED) for kind, _ in readable):
                    read = self._compile_read(field for _, field in readable)
                if all(kind == _SHARED for kind, _ in writable):
                    write = self._compile_write(field for _, field in writable)
                if read is not None or write is not None:
                    entry = [read, write, None, None]
            _CLASS_STEPS[cls] = entry
        return entry or None

    def _steps(self, which: int) -> tuple[list[Any], bool]:
        # (steps, shared) for reading (0) or writing (1), cached in the
        # instance plan, which BindingDict changes invalidate.
        plan = self.__dict__.get("_rw_plan")
        if plan is not None:
            cached = plan[which]
            if cached is not None:
                return cached
        if not self._uses_default_plan():
            fields = self._readable_fields if which == 0 else self._writable_fields
            return (self._compile_read(fields) if which == 0 else self._compile_write(fields)), False
        shared = self._class_steps()
        if shared is not None and shared[which] is not None:
            result = (shared[which], True)
        elif which == 0:
            result = (self._compile_read(self._readable_fields), False)
        else:
            result = (self._compile_write(self._writable_fields), False)
        # Compiling over the instance's fields may have made them (and reset
        # the plan), so the plan is looked up afterwards.
        self._plan()[which] = result
        return result

    def _compile_read(self, fields: Any) -> list[Any]:
        steps = []
        for field in fields:
            attr = None
            source_attrs = getattr(field, "source_attrs", None)
            if (
                type(field).get_attribute is _BASE_GET_ATTRIBUTE
                and source_attrs is not None
                and len(source_attrs) == 1
            ):
                attr = source_attrs[0]
            nested = shared_read_step(field)
            if nested is not None:
                steps.append((field.field_name, field, attr, *nested))
                continue
            steps.append((field.field_name, field, attr, field.to_representation, identity_type(field)))
        return steps

    def _compile_write(self, fields: Any) -> list[Any]:
        cls = type(self)
        steps = []
        for field in fields:
            hook = "validate_" + field.field_name
            base_get = type(field).get_value is _BASE_GET_VALUE
            steps.append((field, field.field_name, hook if hasattr(cls, hook) else None, field.source_attrs, base_get))
        return steps

    def _fast_writer(self) -> Any:
        # The generated validate(serializer, data) for a plain dict (see
        # _write), cached like the reader; None with the default plan off.
        state = self.__dict__
        plan = state.get("_rw_plan")
        if plan is not None and plan[3] is not None:
            return plan[3] or None
        if not self._uses_default_plan():
            return None
        untouched = "fields" not in state
        steps, shared = self._steps(1)
        if untouched:
            state["_rw_untouched"] = True
        if shared:
            entry = _CLASS_STEPS[type(self)]
            if entry[3] is None:
                custom_set_value = type(self).set_value is not Serializer.set_value
                entry[3] = compile_writer(self, steps, True, custom_set_value).bind(steps)
            writer = entry[3]
        else:
            generated = self._generated(1, steps)
            writer = generated.bind(steps) if generated is not None else False
        self._plan()[3] = writer
        return writer or None

    def _uses_default_plan(self) -> bool:
        cls = type(self)
        return cls._readable_fields is Serializer._readable_fields and cls._writable_fields is Serializer._writable_fields

    def to_internal_value(self, data: Any) -> Any:
        """Return the dict of validated field values for the input dict ``data``."""
        if type(data) is dict:
            cls = type(self)
            entry = getattr(cls, _CLASS_STEPS.attr, None)
            state = self.__dict__
            if (
                entry is not None
                and entry[0] is cls
                and entry[1]
                and entry[1][3] is not None
                and "fields" not in state
                and "_rw_plan" not in state
            ):
                # A fresh instance whose fields are all the class's shared
                # ones: the class's generated function, with no plan lookup.
                return entry[1][3](self, data)
            writer = self._fast_writer()
            if writer is not None:
                return writer(self, data)
        elif not isinstance(data, Mapping):
            message = self.error_messages["invalid"].format(datatype=type(data).__name__)
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
        steps, shared = self._steps(1)
        if shared:
            token = CURRENT.set(self)
            try:
                return self._validate_fields(steps, data)
            finally:
                CURRENT.reset(token)
        return self._validate_fields(steps, data)

    def _validate_fields(self, steps: list[Any], data: Any) -> dict[str, Any]:
        ret: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        set_value = _set_value if type(self).set_value is Serializer.set_value else self.set_value
        plain = type(data) is dict
        for field, name, hook, source_attrs, base_get in steps:
            try:
                if plain and base_get:
                    value = field.run_validation(data.get(name, empty))
                else:
                    value = field.run_validation(field.get_value(data))
                if hook is not None:
                    value = getattr(self, hook)(value)
            except ValidationError as exc:
                errors[name] = exc.detail
            except DjangoValidationError as exc:
                errors[name] = get_error_detail(exc)
            except SkipField:
                pass
            else:
                if len(source_attrs) == 1 and set_value is _set_value:
                    ret[source_attrs[0]] = value
                else:
                    set_value(ret, source_attrs, value)
        if errors:
            raise ValidationError(errors)
        return ret

    def to_representation(self, instance: Any) -> Any:
        """Return the dict of primitive values for ``instance``."""
        reader = self._fast_reader()
        if reader is not None:
            return reader(self, instance)
        return render_general(self, instance)

    def _fast_reader(self) -> Any:
        # The generated render(serializer, instance) for this serializer's
        # fields (see _read), or None. Cached in the instance plan, or on the
        # class when every field is a shared one.
        plan = self.__dict__.get("_rw_plan")
        if plan is not None and plan[2] is not None:
            return plan[2] or None
        cls = type(self)
        if (
            cls.to_representation is not Serializer.to_representation
            or "to_representation" in self.__dict__
            or not self._uses_default_plan()
        ):
            return None
        untouched = "fields" not in self.__dict__
        steps, shared = self._steps(0)
        if untouched:
            self.__dict__["_rw_untouched"] = True
        if shared:
            entry = _CLASS_STEPS[cls]
            if entry[2] is None:
                generated = compile_reader(self, steps, True, render_general, read_step)
                entry[2] = generated.bind(steps) if generated is not None else False
            reader = entry[2]
        else:
            generated = self._generated(0, steps)
            reader = generated.bind(steps) if generated is not None else False
        self._plan()[2] = reader
        return reader or None

    def _generated(self, which: int, steps: list[Any]) -> Any:
        # The Generated reader (0) or writer (1) for this instance's own field
        # copies. When they are the class's fields, built by the plan itself
        # (so no user code such as an __init__ changed them first) and not
        # replaced since, one per class serves every instance: binding it is
        # cheap, compiling is not.
        state = self.__dict__
        pristine = state.get("_rw_pristine", False) and state.get("_rw_untouched", False)
        cls = type(self)
        entry = _PRISTINE_CODE.get(cls) if pristine else None
        if entry is not None and entry[which] is not None:
            return entry[which] or None
        if not pristine and not in_list(self):
            # Code compiled for one instance that renders or validates once
            # costs more than it saves: the general loop serves it.
            return None
        if which == 0:
            generated = compile_reader(self, steps, False, render_general, read_step)
        else:
            generated = compile_writer(self, steps, False, cls.set_value is not Serializer.set_value)
        if pristine:
            if entry is None:
                entry = _PRISTINE_CODE[cls] = [None, None]
            entry[which] = generated or False
        return generated

    def _get_attribute(self, field: Any, instance: Any, shared: bool) -> Any:
        if not shared:
            return field.get_attribute(instance)
        token = CURRENT.set(self)
        try:
            return field.get_attribute(instance)
        finally:
            CURRENT.reset(token)

    def validate(self, attrs: Any) -> Any:
        """Check the validated fields together; return them (possibly changed) or raise."""
        return attrs

    def __repr__(self) -> str:
        from restwell.utils import representation

        return representation.serializer_repr(self, indent=1)

    # -- form-like access -------------------------------------------------

    def __iter__(self) -> Any:
        for field in self.fields.values():
            yield self[field.field_name]

    def __getitem__(self, key: str) -> BoundField:
        from restwell.fields import JSONField

        field = self.fields[key]
        value = self.data.get(key)
        error = self.errors.get(key) if hasattr(self, "_errors") else None
        if isinstance(field, Serializer):
            return NestedBoundField(field, value, error)
        if isinstance(field, JSONField):
            return JSONBoundField(field, value, error)
        return BoundField(field, value, error)

    @property
    def data(self) -> ReturnDict:
        return ReturnDict(super().data, serializer=self)

    @property
    def errors(self) -> ReturnDict:
        ret = super().errors
        if isinstance(ret, list) and len(ret) == 1 and getattr(ret[0], "code", None) == "null":
            ret = {api_settings.NON_FIELD_ERRORS_KEY: [ErrorDetail("No data provided", code="null")]}
        return ReturnDict(ret, serializer=self)


__all__ = ["Serializer", "SerializerMetaclass"]
