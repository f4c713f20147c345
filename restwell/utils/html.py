"""Helpers for HTML form input, where nested data is spelt in the field names.

A form posts lists as ``items[0]=a&items[1]=b`` (or ``items[0]name=…`` for lists of
objects) and nested objects as ``profile.email=…``; these helpers rebuild the
nested values.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.datastructures import MultiValueDict

__all__ = ["is_html_input", "parse_html_dict", "parse_html_list"]

NOT_PROVIDED = object()


def is_html_input(dictionary: Any) -> bool:
    """Return True for form-style input: a multi-value mapping with ``getlist``."""
    return hasattr(dictionary, "getlist")


def parse_html_list(dictionary: Any, prefix: str = "", default: Any = None) -> Any:
    """Rebuild a list from ``<prefix>[<index>]`` keys, ordered by index.

    ``{"[0]": "a", "[1]": "b"}`` gives ``["a", "b"]``; ``{"[0]foo": "a",
    "[0]bar": "b"}`` gives ``[{"foo": "a", "bar": "b"}]`` (each item a
    ``MultiValueDict``). Indexes need not be contiguous. Returns ``default``
    when no key matches.
    """
    pattern = re.compile(r"^%s\[([0-9]+)\](.*)$" % re.escape(prefix))
    items: dict[int, Any] = {}
    for field, value in dictionary.items():
        match = pattern.match(field)
        if match is None:
            continue
        index = int(match.group(1))
        key = match.group(2)
        if not key:
            items[index] = value
        elif isinstance(items.get(index), dict):
            items[index][key] = value
        else:
            items[index] = MultiValueDict({key: [value]})
    if not items:
        return default
    return [items[index] for index in sorted(items)]


def parse_html_dict(dictionary: Any, prefix: str = "", default: Any = NOT_PROVIDED) -> Any:
    """Rebuild a nested object from ``<prefix>.<key>`` keys as a ``MultiValueDict``.

    ``{"profile.email": "a@x.test"}`` with prefix ``"profile"`` gives
    ``{"email": "a@x.test"}``, keeping every value of repeated keys. When no key
    matches, returns an empty ``MultiValueDict``, or ``default`` if one is given.
    """
    pattern = re.compile(r"^%s\.(.+)$" % re.escape(prefix))
    result: MultiValueDict[str, Any] = MultiValueDict()
    for field in dictionary:
        match = pattern.match(field)
        if match is not None:
            result.setlist(match.group(1), dictionary.getlist(field))
    if default is NOT_PROVIDED or result:
        return result
    return default
