"""BaseSerializer: the is_valid/data/errors/save protocol, sync and async."""

from __future__ import annotations

import copy
import weakref
from collections.abc import Mapping
from typing import Any

from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, router, transaction

from restwell._errors import ConfigurationError
from restwell.exceptions import ValidationError
from restwell.fields import Field, empty, get_error_detail
from restwell.fields._base import next_creation_counter
from restwell.settings import api_settings

# What create()/update() may raise because of the data: the database refused a
# value (DataError; OverflowError from a driver converting a too-large number).
_UNSTORABLE_VALUE_ERRORS = (DataError, OverflowError)
_SAVE_ERRORS = (DjangoValidationError, IntegrityError, *_UNSTORABLE_VALUE_ERRORS)

# Keyword arguments ``many=True`` passes to the ListSerializer too; the
# validators stay with the child.
LIST_SERIALIZER_KWARGS = (
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
    "allow_empty",
    "instance",
    "data",
    "partial",
    "context",
    "allow_null",
    "max_length",
    "min_length",
)
LIST_SERIALIZER_KWARGS_REMOVE = ("allow_empty", "min_length", "max_length")

ALL_FIELDS = "__all__"

_COMMIT_MESSAGE = (
    "'commit' is not a valid keyword argument to the 'save()' method. "
    "If you need to access data before committing to the database then "
    "inspect 'serializer.validated_data' instead. "
    "You can also pass additional keyword arguments to 'save()' if you "
    "need to set extra attributes on the saved model instance. "
    "For example: 'serializer.save(owner=request.user)'.'"
)


class SerializerUsageError(AssertionError):
    """Serializer API used out of order (e.g. ``.data`` before ``.is_valid()``).

    An ``AssertionError`` like Django REST framework's, but raised explicitly
    so ``python -O`` cannot remove the check.
    """


def as_serializer_error(exc: Exception) -> dict[str, Any]:
    """Return a DRF or Django ``ValidationError`` as ``{field: [errors]}``.

    List or string errors go under the ``NON_FIELD_ERRORS_KEY`` key.
    """
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
    elif isinstance(exc, ValidationError):
        detail = exc.detail
    else:
        raise TypeError(f"Expected a ValidationError, got {type(exc).__name__}.")
    if isinstance(detail, Mapping):
        return {key: value if isinstance(value, (list, Mapping)) else [value] for key, value in detail.items()}
    if isinstance(detail, list):
        return {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {api_settings.NON_FIELD_ERRORS_KEY: [detail]}


_CACHED_STATE = ("fields", "_rw_plan", "_rw_pristine", "_rw_batch", "_rw_untouched")


def _is_restwell(cls: type) -> bool:
    return (cls.__module__ or "").startswith("restwell.")


def shallow_copyable(proto: Any) -> bool:
    """Return True when ``proto`` may be copied by copying its ``__dict__``.

    That holds for restwell's own field classes and for serializers whose
    state is still the constructor's. Other classes (user field subclasses,
    serializers with a custom ``__init__`` or ``bind``) get Django REST
    framework's deep copy, which re-runs ``__init__`` with the original arguments.
    """
    cls = type(proto)
    if isinstance(proto, BaseSerializer):
        state = proto.__dict__
        return not ("fields" in state or "_rw_plan" in state or _custom_methods(cls))
    return _is_restwell(cls)


def forget_instance_state(serializer: Any) -> None:
    """Drop a template serializer's per-instance caches (fields, plan), as its copies do."""
    state = serializer.__dict__
    for key in _CACHED_STATE:
        state.pop(key, None)


def copy_field(proto: Any, parent: Any) -> Any:
    """Return a copy of the shallow-copyable field ``proto`` whose parent is ``parent``.

    Bound state (name, label, source) is kept; per-instance caches are dropped,
    the validator list is copied, and child fields are copied recursively.
    """
    cls = type(proto)
    new = object.__new__(cls)
    state = proto.__dict__.copy()
    for key in _CACHED_STATE:
        state.pop(key, None)
    validators = state.get("_validators")
    if validators is not None:
        copied = list(validators)
        state["_validators"] = copied
        plan = state.get("_rw_validator_plan")
        if plan is not None and plan[0] is validators:
            state["_rw_validator_plan"] = (copied, *plan[1:])
        else:
            state.pop("_rw_validator_plan", None)
    for attr in ("child", "child_relation"):
        sub = state.get(attr)
        if isinstance(sub, Field):
            if shallow_copyable(sub):
                state[attr] = copy_field(sub, new)
            else:
                sub = copy.deepcopy(sub)
                sub.bind(field_name="", parent=new)
                state[attr] = sub
    state["parent"] = parent
    new.__dict__ = state
    return new


def warm_field(field: Any) -> None:
    """Compute a template field's validators (and their inline-check split) once."""
    try:
        validators = field.validators
    except Exception:  # noqa: BLE001 - computed again, and reported, at validation time
        return
    try:
        from restwell.fields._fast import split_validators
    except ImportError:  # pragma: no cover - fields without inline checks
        return
    if validators and "_rw_validator_plan" not in field.__dict__:
        checks, rest = split_validators(validators)
        field.__dict__["_rw_validator_plan"] = (validators, len(validators), checks, rest)


def clone_field(proto: Any) -> Any:
    """Return a fresh, unbound copy of a field declared on a serializer class."""
    if shallow_copyable(proto):
        return copy_field(proto, None)
    return copy.deepcopy(proto)


_CACHED_CLASSES: weakref.WeakSet[type] = weakref.WeakSet()


class ClassKeyed:
    """A cache keyed by class whose entries live on the class itself.

    Entries are freed with their class (serializer classes built at run time
    do not leak). An entry is stored as ``(cls, value)`` in a class attribute
    and read with ``getattr``, which hits the interpreter's attribute cache
    (reading ``cls.__dict__`` would build a mapping proxy every time); the
    owner check ignores an entry inherited from a base class. Hot paths call
    ``getattr(cls, cache.attr, None)`` and check the owner themselves.
    """

    def __init__(self, name: str) -> None:
        self.attr = "_rw_cache_" + name

    def get(self, cls: type, default: Any = None) -> Any:
        entry = getattr(cls, self.attr, None)
        if entry is not None and entry[0] is cls:
            return entry[1]
        return default

    def __getitem__(self, cls: type) -> Any:
        entry = getattr(cls, self.attr, None)
        if entry is not None and entry[0] is cls:
            return entry[1]
        raise KeyError(cls)

    def __contains__(self, cls: type) -> bool:
        entry = getattr(cls, self.attr, None)
        return entry is not None and entry[0] is cls

    def __setitem__(self, cls: type, value: Any) -> None:
        type.__setattr__(cls, self.attr, (cls, value))
        _CACHED_CLASSES.add(cls)

    def clear(self) -> None:
        for cls in list(_CACHED_CLASSES):
            if self.attr in cls.__dict__:
                type.__delattr__(cls, self.attr)


_METHODS_CACHE = ClassKeyed("custom_methods")
_FIELD_DEFAULTS = ClassKeyed("field_defaults")
_INSTANCE_TEMPLATE = ClassKeyed("instance_template")
_FAST_CONSTRUCT = ClassKeyed("fast_construct")


def construct(cls: type, *args: Any, **kwargs: Any) -> Any:
    """Return ``cls(*args, **kwargs)``: a serializer metaclass's ``__call__``.

    For a serializer class with the stock ``__new__`` and ``__init__`` called
    with only ``instance``, ``data``, ``partial`` and ``context`` (the
    per-payload case), this does what those two methods do in one step: no
    second Python call, no keyword-argument repacking, the usual attributes
    copied from the class's template. Anything else is built the usual way.
    """
    entry = getattr(cls, _FAST_CONSTRUCT.attr, None)
    count = len(args)
    if entry is None or entry[0] is not cls or entry[1] is None or count > 2:
        return type.__call__(cls, *args, **kwargs)
    if kwargs:
        known = ("data" in kwargs) + ("instance" in kwargs) + ("partial" in kwargs) + ("context" in kwargs)
        if known != len(kwargs) or (count and "instance" in kwargs) or (count == 2 and "data" in kwargs):
            return type.__call__(cls, *args, **kwargs)
    if count:
        instance = args[0]
        data = args[1] if count == 2 else kwargs.get("data", empty)
    else:
        instance = kwargs.get("instance")
        data = kwargs.get("data", empty)
    template, style, error_messages = entry[1]
    obj = object.__new__(cls)
    state = template.copy()
    state["_args"] = args
    state["_kwargs"] = kwargs
    state["instance"] = instance
    if data is not empty:
        state["initial_data"] = data
    if kwargs:
        state["partial"] = kwargs.get("partial", False)
        context = kwargs.get("context", _NO_CONTEXT)
        state["_context"] = {} if context is _NO_CONTEXT else context
    else:
        state["_context"] = {}
    state["style"] = style.copy() if style else {}
    state["error_messages"] = error_messages.copy()
    state["_creation_counter"] = next_creation_counter()
    obj.__dict__ = state
    return obj


_NO_CONTEXT = object()


def _custom_methods(cls: type) -> bool:
    # A user serializer class with its own __init__ or bind may set up state
    # that a shallow copy would share; such classes get the deep copy.
    try:
        return _METHODS_CACHE[cls]
    except KeyError:
        custom = any(
            ("__init__" in klass.__dict__ or "bind" in klass.__dict__) and not _is_restwell(klass)
            for klass in cls.__mro__
            if klass is not object
        )
        _METHODS_CACHE[cls] = custom
        return custom


class BaseSerializer(Field):
    """The minimal serializer protocol; subclass it for custom serializers.

    With ``data=``: call ``is_valid()`` first, then read ``validated_data``,
    ``errors`` or ``data``, then ``save()``. Without ``data=``: read ``data``.
    Async code uses ``await ais_valid()``, ``await adata``, ``await asave()``.
    """

    def __init__(self, instance: Any = None, data: Any = empty, **kwargs: Any) -> None:
        state = self.__dict__
        state["instance"] = instance
        if data is not empty:
            state["initial_data"] = data
        if kwargs:
            state["partial"] = kwargs.pop("partial", False)
            state["_context"] = kwargs.pop("context", {})
            kwargs.pop("many", None)
            if kwargs:
                super().__init__(**kwargs)
                return
        else:
            state["partial"] = False
            state["_context"] = {}
        # The common case (no field options): reuse the state Field.__init__
        # produced for the first instance of this class (a per-serializer
        # cost paid for every payload of a request). __new__ has usually
        # copied it in already; a subclass __init__ that ran first may have
        # changed it, so then it is set again, as Field.__init__ would.
        cls = type(self)
        entry = getattr(cls, _FIELD_DEFAULTS.attr, None)
        defaults = entry[1] if entry is not None and entry[0] is cls else None
        if defaults is None:
            before = set(state)
            super().__init__()
            defaults = {key: value for key, value in state.items() if key not in before}
            _FIELD_DEFAULTS[cls] = defaults
            template = {"_args": (), "_kwargs": {}, "instance": None, "partial": False, **defaults}
            _INSTANCE_TEMPLATE[cls] = template
            # Always stored (None when the class's own __new__ or __init__
            # must run): a class without the entry would pay for a failed
            # getattr on every construction.
            stock = cls.__init__ is BaseSerializer.__init__ and cls.__new__ is BaseSerializer.__new__
            fast = (template, defaults["style"], defaults["error_messages"]) if stock else None
            _FAST_CONSTRUCT[cls] = fast
            return
        if "read_only" not in state or cls.__init__ is not BaseSerializer.__init__:
            state.update(defaults)
        state["style"] = defaults["style"].copy()
        state["error_messages"] = defaults["error_messages"].copy()
        state["_creation_counter"] = next_creation_counter()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``many=True`` returns a ListSerializer wrapping one instance of cls.
        if kwargs.pop("many", False):
            return cls.many_init(*args, **kwargs)
        mro = cls.__mro__
        if mro[-2] is Field and mro[-3] is BaseSerializer:
            # Nothing but Field.__new__ follows: do its work without the call,
            # starting from a copy of the class's usual instance state (one
            # dict copy instead of a dozen attribute stores and dict resizes).
            instance = object.__new__(cls)
            template = _INSTANCE_TEMPLATE.get(cls)
            if template is not None:
                state = template.copy()
                state["_args"] = args
                state["_kwargs"] = kwargs
                instance.__dict__ = state
            else:
                instance._args = args
                instance._kwargs = kwargs
            return instance
        return super().__new__(cls, *args, **kwargs)

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type:
        return cls

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> Any:
        """Create the ``ListSerializer`` returned for ``many=True``.

        Override to control which arguments go to the list and which to the
        child, e.g. ``kwargs["child"] = cls(); return MyListSerializer(*args, **kwargs)``.
        ``Meta.list_serializer_class`` picks the list class.
        """
        from restwell.serializers._list import ListSerializer

        list_kwargs: dict[str, Any] = {}
        for key in LIST_SERIALIZER_KWARGS_REMOVE:
            value = kwargs.pop(key, None)
            if value is not None:
                list_kwargs[key] = value
        list_kwargs["child"] = cls(*args, **kwargs)
        list_kwargs.update({key: value for key, value in kwargs.items() if key in LIST_SERIALIZER_KWARGS})
        meta = getattr(cls, "Meta", None)
        list_serializer_class = getattr(meta, "list_serializer_class", ListSerializer)
        return list_serializer_class(*args, **list_kwargs)

    def to_internal_value(self, data: Any) -> Any:
        raise NotImplementedError("`to_internal_value()` must be implemented.")

    def to_representation(self, instance: Any) -> Any:
        raise NotImplementedError("`to_representation()` must be implemented.")

    def update(self, instance: Any, validated_data: Any) -> Any:
        """Apply ``validated_data`` to ``instance`` and return it."""
        raise NotImplementedError("`update()` must be implemented.")

    def create(self, validated_data: Any) -> Any:
        """Create and return a new object from ``validated_data``."""
        raise NotImplementedError("`create()` must be implemented.")

    async def acreate(self, validated_data: Any) -> Any:
        """Async twin of :meth:`create`; by default runs ``create()`` in a thread."""
        return await sync_to_async(self.create)(validated_data)

    async def aupdate(self, instance: Any, validated_data: Any) -> Any:
        """Async twin of :meth:`update`; by default runs ``update()`` in a thread."""
        return await sync_to_async(self.update)(instance, validated_data)

    # -- save -------------------------------------------------------------

    def _save_data(self, kwargs: dict[str, Any]) -> Any:
        if not hasattr(self, "_errors"):
            raise SerializerUsageError("You must call `.is_valid()` before calling `.save()`.")
        if self.errors:
            raise SerializerUsageError("You cannot call `.save()` on a serializer with invalid data.")
        if "commit" in kwargs:
            raise SerializerUsageError(_COMMIT_MESSAGE)
        if hasattr(self, "_data"):
            raise SerializerUsageError(
                "You cannot call `.save()` after accessing `serializer.data`."
                "If you need to access data before committing to the database then "
                "inspect 'serializer.validated_data' instead. "
            )
        return {**self.validated_data, **kwargs}

    def _saved(self, instance: Any, updating: bool) -> Any:
        if instance is None:
            method = "update" if updating else "create"
            raise SerializerUsageError(f"`{method}()` did not return an object instance.")
        self.instance = instance
        return instance

    def _save_error(self, exc: Exception, validated_data: Any) -> ValidationError:
        # A Django ValidationError, a uniqueness race caught by the database or
        # a value the database cannot hold is the client's problem: a 400,
        # never a 500.
        if isinstance(exc, IntegrityError):
            return ValidationError(self._integrity_error_detail(exc, validated_data))
        if isinstance(exc, _UNSTORABLE_VALUE_ERRORS):
            return ValidationError(self._unstorable_value_detail())
        return ValidationError(as_serializer_error(exc))

    def _unstorable_value_detail(self) -> Any:
        # E.g. a NUL character in PostgreSQL text or JSON, a duration beyond
        # SQLite's 64-bit microseconds. An enclosing transaction is broken on
        # some databases: mark it for rollback rather than query it again.
        from django.utils.translation import gettext as _

        model = getattr(getattr(self, "Meta", None), "model", None)
        using = router.db_for_write(model) if model is not None else None
        if transaction.get_connection(using).in_atomic_block:
            transaction.set_rollback(True, using=using)
        return {
            api_settings.NON_FIELD_ERRORS_KEY: [
                _("This object could not be saved: the database cannot store one of its values.")
            ]
        }

    def _integrity_error_detail(self, exc: Exception, validated_data: Any) -> Any:
        from django.utils.translation import gettext as _

        return {
            api_settings.NON_FIELD_ERRORS_KEY: [
                _("This object could not be saved because it conflicts with an existing one.")
            ]
        }

    def save(self, **kwargs: Any) -> Any:
        """Create or update the object from ``validated_data`` (plus ``kwargs``) and return it.

        Extra keyword arguments are added to the validated data, e.g.
        ``serializer.save(owner=request.user)``. Override :meth:`create` and
        :meth:`update` rather than this method.
        """
        validated_data = self._save_data(kwargs)
        updating = self.instance is not None
        try:
            if updating:
                instance = self.update(self.instance, validated_data)
            else:
                instance = self.create(validated_data)
        except _SAVE_ERRORS as exc:
            raise self._save_error(exc, validated_data) from exc
        return self._saved(instance, updating)

    async def asave(self, **kwargs: Any) -> Any:
        """Async twin of :meth:`save`, calling :meth:`acreate` / :meth:`aupdate`."""
        validated_data = self._save_data(kwargs)
        updating = self.instance is not None
        try:
            if updating:
                instance = await self.aupdate(self.instance, validated_data)
            else:
                instance = await self.acreate(validated_data)
        except _SAVE_ERRORS as exc:
            # Naming the conflict may query the database: do it in a thread.
            raise await sync_to_async(self._save_error)(exc, validated_data) from exc
        return self._saved(instance, updating)

    # -- validation -------------------------------------------------------

    _empty_validated: Any = {}

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        """Validate ``initial_data``; return True when it is valid.

        Afterwards ``validated_data`` or ``errors`` is set. With
        ``raise_exception=True`` invalid data raises ``ValidationError`` (a 400).
        """
        if not hasattr(self, "initial_data"):
            raise SerializerUsageError(
                "Cannot call `.is_valid()` as no `data=` keyword argument was "
                "passed when instantiating the serializer instance."
            )
        if not hasattr(self, "_validated_data"):
            try:
                self._validated_data = self.run_validation(self.initial_data)
            except ValidationError as exc:
                self._validated_data = type(self._empty_validated)()
                self._errors = exc.detail
            else:
                self._errors = type(self._empty_validated)()
        if self._errors and raise_exception:
            raise ValidationError(self.errors)
        return not bool(self._errors)

    async def ais_valid(self, *, raise_exception: bool = False) -> bool:
        """Async twin of :meth:`is_valid`; validators may query the database, so it runs in a thread."""
        return await sync_to_async(self.is_valid)(raise_exception=raise_exception)

    @property
    def data(self) -> Any:
        """The outgoing representation: of ``instance``, or of the validated input."""
        if hasattr(self, "initial_data") and not hasattr(self, "_validated_data"):
            raise SerializerUsageError(
                "When a serializer is passed a `data` keyword argument you "
                "must call `.is_valid()` before attempting to access the "
                "serialized `.data` representation.\n"
                "You should either call `.is_valid()` first, "
                "or access `.initial_data` instead."
            )
        if not hasattr(self, "_data"):
            if self.instance is not None and not getattr(self, "_errors", None):
                self._data = self.to_representation(self.instance)
            elif hasattr(self, "_validated_data") and not getattr(self, "_errors", None):
                self._data = self.to_representation(self.validated_data)
            else:
                self._data = self.get_initial()
        return self._data

    @property
    def adata(self) -> Any:
        """Awaitable :attr:`data` (``await serializer.adata``), computed in a thread.

        Rendering may follow relations lazily, which needs the sync ORM.
        """
        return sync_to_async(lambda: self.data)()

    @property
    def errors(self) -> Any:
        """The validation errors; available after ``is_valid()``."""
        if not hasattr(self, "_errors"):
            raise SerializerUsageError("You must call `.is_valid()` before accessing `.errors`.")
        return self._errors

    @property
    def validated_data(self) -> Any:
        """The validated input; available after ``is_valid()``."""
        if not hasattr(self, "_validated_data"):
            raise SerializerUsageError("You must call `.is_valid()` before accessing `.validated_data`.")
        return self._validated_data


__all__ = [
    "ALL_FIELDS",
    "LIST_SERIALIZER_KWARGS",
    "LIST_SERIALIZER_KWARGS_REMOVE",
    "BaseSerializer",
    "ConfigurationError",
    "SerializerUsageError",
    "as_serializer_error",
    "ClassKeyed",
    "clone_field",
    "copy_field",
    "shallow_copyable",
    "warm_field",
]
