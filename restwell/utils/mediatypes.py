"""Media types as they appear in ``Content-Type`` and ``Accept`` headers.

``_MediaType`` parses one media type once; negotiation compares parsed values.
Precedence ranks how specific a media type is::

    3  type/subtype; param=value
    2  type/subtype           (a lone ``q`` parameter does not count)
    1  type/*
    0  */*
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.http import parse_header_parameters

__all__ = [
    "media_type_matches",
    "order_by_precedence",
    "order_parsed_by_precedence",
    "parse_header_parameters",
]


class _MediaType:
    """One parsed media type: ``main_type``, ``sub_type``, ``params`` and ``precedence``.

    Equality and hashing use the original string, so sets of media types drop
    exact duplicates only.
    """

    __slots__ = ("full_type", "main_type", "orig", "params", "sub_type")

    def __init__(self, media_type_str: str | None) -> None:
        self.orig = "" if media_type_str is None else media_type_str
        try:
            # Looked up on the module at call time, so tests can patch it.
            self.full_type, self.params = parse_header_parameters(self.orig)
        except ValueError:
            # Django refuses over-long headers; such a value matches nothing.
            self.full_type, self.params = "", {}
        self.main_type, _sep, self.sub_type = self.full_type.partition("/")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MediaType) and self.orig == other.orig

    def __hash__(self) -> int:
        return hash(self.orig)

    def match(self, other: _MediaType) -> bool:
        """Return True if this media type satisfies ``other``."""
        other_params = other.params
        for key, value in self.params.items():
            if key != "q" and other_params.get(key) != value:
                return False
        sub, other_sub = self.sub_type, other.sub_type
        if sub != "*" and other_sub != "*" and sub != other_sub:
            return False
        main, other_main = self.main_type, other.main_type
        return main == "*" or other_main == "*" or main == other_main

    @property
    def precedence(self) -> int:
        """How specific this media type is, from 0 (``*/*``) to 3 (with parameters)."""
        if self.main_type == "*":
            return 0
        if self.sub_type == "*":
            return 1
        if not self.params or list(self.params) == ["q"]:
            return 2
        return 3

    def __str__(self) -> str:
        text = "%s/%s" % (self.main_type, self.sub_type)
        for key, value in self.params.items():
            text += "; %s=%s" % (key, value)
        return text

    def __repr__(self) -> str:
        return "<_MediaType %r>" % self.orig


def media_type_matches(lhs: str | None, rhs: str | None) -> bool:
    """Return True if media type ``lhs`` is satisfied by ``rhs``.

    Either may use wildcards (``text/*``, ``*/*``); parameters other than ``q``
    named in ``lhs`` must be equal in ``rhs``.
    """
    return _MediaType(lhs).match(_MediaType(rhs))


def order_parsed_by_precedence(media_types: Iterable[_MediaType]) -> list[set[_MediaType]]:
    """Group parsed media types into sets, most specific first; empty groups are dropped."""
    buckets: list[set[Any]] = [set(), set(), set(), set()]
    for media_type in media_types:
        buckets[3 - media_type.precedence].add(media_type)
    return [bucket for bucket in buckets if bucket]


def order_by_precedence(media_type_lst: Iterable[str]) -> list[set[str]]:
    """Group media type strings into sets, most specific first; empty groups are dropped."""
    buckets: list[set[str]] = [set(), set(), set(), set()]
    for media_type in media_type_lst:
        buckets[3 - _MediaType(media_type).precedence].add(media_type)
    return [bucket for bucket in buckets if bucket]
