"""Where a serializer sits among its parents (nested in a serializer, run for a list's items)."""

from __future__ import annotations

from typing import Any

from restwell.settings import restwell_settings


def in_list(serializer: Any) -> bool:
    """Return True when ``serializer`` runs for every item of a ``many=True`` list."""
    from restwell.serializers._list import ListSerializer

    node = serializer.parent
    while node is not None:
        if isinstance(node, ListSerializer):
            return True
        node = node.parent
    return False


def partial_root_of_nested(serializer: Any, serializer_class: type) -> Any:
    """Return the partial root when ``serializer`` is nested in another ``serializer_class``'s fields.

    None at the top level, without ``partial``, or for the items of a
    top-level ``many=True`` list.
    """
    node = serializer.parent
    if node is None or restwell_settings.PARTIAL_NESTED_ITEMS:
        return None
    nested = False
    while node is not None:
        if isinstance(node, serializer_class):
            nested = True
        if node.parent is None:
            return node if nested and getattr(node, "partial", False) else None
        node = node.parent
    return None


__all__ = ["in_list", "partial_root_of_nested"]
