"""Containers serializers return: dicts and lists that remember their serializer.

The browsable API uses the ``serializer`` back-reference to render forms.
"""

from __future__ import annotations

from typing import Any


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
