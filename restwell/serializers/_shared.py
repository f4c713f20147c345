"""Fields shared by every instance of a serializer class (no per-instance copy).

Plain value fields (``CharField``, ``IntegerField``, ``DateField``, ...) use
their parent serializer only to find the root's ``partial`` flag and
``context``. Such fields, when they carry no context-dependent validators or
defaults, are bound once per class to :data:`SHARED_PARENT`, a stand-in that
forwards to the serializer currently running them (a ``ContextVar``, so it is
safe across threads and async tasks). An instance whose ``fields`` are never
touched by user code then validates and renders with no field copies at all;
touching ``serializer.fields`` gives the instance its own bound copies, as in
Django REST framework.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from restwell import fields as _f

CURRENT: ContextVar[Any] = ContextVar("restwell_current_serializer", default=None)

_SHAREABLE_NAMES = (
    "BooleanField",
    "CharField",
    "EmailField",
    "RegexField",
    "SlugField",
    "URLField",
    "UUIDField",
    "IPAddressField",
    "IntegerField",
    "BigIntegerField",
    "FloatField",
    "DecimalField",
    "DateTimeField",
    "DateField",
    "TimeField",
    "DurationField",
    "ChoiceField",
    "ReadOnlyField",
)
SHAREABLE_CLASSES = frozenset(getattr(_f, name) for name in _SHAREABLE_NAMES if hasattr(_f, name))


class _SharedParent:
    """The parent of shared fields: forwards to the serializer running them."""

    @property
    def parent(self) -> Any:
        # The running serializer's own parent (a list serializer, an outer
        # serializer), so that walking up from a shared field reaches the
        # real root, as from a field copy.
        current = CURRENT.get()
        if current is None:
            return None
        parent = current.parent
        return None if parent is self else parent

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # noqa: D105 - error messages name the real serializer
        current = CURRENT.get()
        return type(current) if current is not None else _SharedParent

    @property
    def partial(self) -> bool:
        current = CURRENT.get()
        return bool(getattr(current.root, "partial", False)) if current is not None else False

    @property
    def _context(self) -> dict[str, Any]:
        current = CURRENT.get()
        return getattr(current.root, "_context", {}) if current is not None else {}

    def __getattr__(self, name: str) -> Any:
        current = CURRENT.get()
        if current is None:
            raise AttributeError(name)
        return getattr(current, name)


SHARED_PARENT = _SharedParent()


# Methods whose override on a PrimaryKeyRelatedField instance keeps it unshared.
_PK_METHODS = (
    "get_attribute",
    "to_representation",
    "use_pk_only_optimization",
    "to_internal_value",
    "get_queryset",
    "run_validation",
    "validate_empty_values",
    "get_value",
)


def pk_shareable(field: Any) -> bool:
    """Return True for a stock ``PrimaryKeyRelatedField`` (no ``pk_field``, no own methods).

    It uses its parent only for ``partial``, the context and error messages,
    which the stand-in parent forwards.
    """
    from restwell.relations import PrimaryKeyRelatedField

    if type(field) is not PrimaryKeyRelatedField or field.pk_field is not None:
        return False
    own = field.__dict__
    return not any(name in own for name in _PK_METHODS) and not getattr(field.default, "requires_context", False)


def _shared_validator(validator: Any) -> bool:
    # Validators that need the field run with the stand-in parent only if
    # they are restwell's UniqueValidator, which reads nothing from it but
    # the running serializer's ``instance`` and ``parent`` (both forwarded).
    if not getattr(validator, "requires_context", False):
        return True
    from restwell.validators import UniqueValidator

    return type(validator) is UniqueValidator


def is_shareable(field: Any) -> bool:
    """Return True when ``field`` may be shared by all instances of its serializer class."""
    if type(field) not in SHAREABLE_CLASSES:
        return pk_shareable(field) and all(_shared_validator(v) for v in field.validators)
    default = field.default
    if callable(default) and getattr(default, "requires_context", False):
        return False
    try:
        validators = field.validators
    except Exception:  # noqa: BLE001 - such a field is simply not shared
        return False
    return all(_shared_validator(validator) for validator in validators)


__all__ = ["CURRENT", "SHARED_PARENT", "SHAREABLE_CLASSES", "is_shareable", "pk_shareable"]
