"""Containers serializers return: dicts and lists that remember their serializer.

The browsable API uses the ``serializer`` back-reference to render forms.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from django.utils.encoding import force_str

__all__ = ["BindingDict", "BoundField", "JSONBoundField", "NestedBoundField", "ReturnDict", "ReturnList"]


class ReturnDict(dict):
    """A ``dict`` that keeps a reference to the serializer that produced it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.serializer = kwargs.pop("serializer")
        super().__init__(*args, **kwargs)

    def copy(self) -> ReturnDict:
        return ReturnDict(self, serializer=self.serializer)

    def __repr__(self) -> str:
        return dict.__repr__(self)

    def __reduce__(self) -> Any:
        # Pickle as a plain dict: the serializer is not picklable.
        return (dict, (dict(self),))

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, dict):
            return NotImplemented
        new = self.__class__(self, serializer=self.serializer)
        new.update(other)
        return new

    def __ror__(self, other: Any) -> Any:
        if not isinstance(other, dict):
            return NotImplemented
        new = self.__class__(other, serializer=self.serializer)
        new.update(self)
        return new


class ReturnList(list):
    """A ``list`` that keeps a reference to the serializer that produced it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.serializer = kwargs.pop("serializer")
        super().__init__(*args, **kwargs)

    def __repr__(self) -> str:
        return list.__repr__(self)

    def __reduce__(self) -> Any:
        return (list, (list(self),))


class BoundField:
    """A serializer field together with its current ``value`` and ``errors``.

    Iterating a serializer yields these, giving templates a Django-forms-like
    API. Unknown attributes are read from the wrapped field.
    """

    def __init__(self, field: Any, value: Any, errors: Any, prefix: str = "") -> None:
        self._field = field
        self._prefix = prefix
        self.value = value
        self.errors = errors
        self.name = prefix + self.field_name

    def __getattr__(self, attr_name: str) -> Any:
        return getattr(self._field, attr_name)

    @property
    def _proxy_class(self) -> type:
        return self._field.__class__

    def __repr__(self) -> str:
        return f"<{type(self).__name__} value={self.value} errors={self.errors}>"

    def as_form_field(self) -> BoundField:
        """Return a copy whose value is ready for an HTML input (None/False become "")."""
        value = "" if (self.value is None or self.value is False) else self.value
        return self.__class__(self._field, value, self.errors, self._prefix)


class JSONBoundField(BoundField):
    """A bound ``JSONField``: its form value is the pretty-printed JSON text."""

    def as_form_field(self) -> BoundField:
        """Return a copy whose value is indented JSON (unless it already is raw text)."""
        value: Any = self.value
        if not getattr(value, "is_json_string", False):
            from restwell.utils import json

            with contextlib.suppress(TypeError, ValueError):
                value = json.dumps(self.value, sort_keys=True, indent=4, separators=(",", ": "))
        return self.__class__(self._field, value, self.errors, self._prefix)


class NestedBoundField(BoundField):
    """A bound nested serializer: index it by field name to get its bound fields."""

    def __init__(self, field: Any, value: Any, errors: Any, prefix: str = "") -> None:
        if value is None or value == "" or not isinstance(value, Mapping):
            value = {}
        super().__init__(field, value, errors, prefix)

    def __iter__(self) -> Iterator[BoundField]:
        for field in self.fields.values():
            yield self[field.field_name]

    def __getitem__(self, key: str) -> BoundField:
        field = self.fields[key]
        value = self.value.get(key) if self.value else None
        error = self.errors.get(key) if isinstance(self.errors, dict) else None
        prefix = self.name + "."
        if hasattr(field, "fields"):
            return NestedBoundField(field, value, error, prefix=prefix)
        if getattr(field, "_is_jsonfield", False):
            return JSONBoundField(field, value, error, prefix=prefix)
        return BoundField(field, value, error, prefix=prefix)

    def as_form_field(self) -> BoundField:
        """Return a copy whose scalar values are strings for HTML inputs."""
        values: dict[str, Any] = {}
        for key, value in self.value.items():
            if isinstance(value, (list, dict)):
                values[key] = value
            else:
                values[key] = "" if (value is None or value is False) else force_str(value)
        return self.__class__(self._field, values, self.errors, self._prefix)


class BindingDict(MutableMapping):
    """The ``serializer.fields`` mapping: storing a field binds it to the serializer.

    Each serializer instance owns its own ``BindingDict`` of its own field
    copies, so adding, removing or changing fields on one instance never
    affects another instance or the class.
    """

    def __init__(self, serializer: Any) -> None:
        self.serializer = serializer
        self.fields: dict[str, Any] = {}

    def __setitem__(self, key: str, field: Any) -> None:
        self.fields[key] = field
        field.bind(field_name=key, parent=self.serializer)
        state = self.serializer.__dict__
        state.pop("_rw_plan", None)
        state.pop("_rw_pristine", None)

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    def __delitem__(self, key: str) -> None:
        del self.fields[key]
        state = self.serializer.__dict__
        state.pop("_rw_plan", None)
        state.pop("_rw_pristine", None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __contains__(self, key: object) -> bool:
        return key in self.fields

    def values(self) -> Any:  # type: ignore[override]
        return self.fields.values()

    def items(self) -> Any:  # type: ignore[override]
        return self.fields.items()

    def keys(self) -> Any:  # type: ignore[override]
        return self.fields.keys()

    def __repr__(self) -> str:
        return dict.__repr__(self.fields)
