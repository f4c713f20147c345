"""Small helpers for the generated render and validate functions.

A generated function is built from a short source text (see
``_read`` and ``_write``) that depends only on the shape of
a serializer: field names, their kinds and constants such as a decimal
field's places. The same shape always gives the same text, so the compiled
factory is cached by text and shared by every serializer class (and every
instance) of that shape. The text of any generated function is kept on it as
``__rw_source__`` for debugging (``print(fn.__rw_source__)``).
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=512)
def _factory(source: str, name: str) -> Any:
    namespace: dict[str, Any] = {}
    code = compile(source, f"<restwell generated {name}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own template text, no user input
    factory = namespace["make"]
    factory.__rw_source__ = source
    return factory


class Generated:
    """A generated function's factory, and how to bind it to one serializer's fields.

    ``static`` constants are the same for every serializer with fields of
    this shape (types, limits, parsers); ``per_field`` lists the constants
    taken from the serializer's own steps, as ``(name, step index, getter)``.
    Binding costs a dict and a call, so a class can keep one ``Generated``
    for all its instances, each binding it to its own field copies.
    """

    def __init__(self, source: str, name: str, static: dict[str, Any], per_field: list[Any]) -> None:
        self.source = source
        self.factory = _factory(source, name)
        self.static = static
        self.per_field = per_field

    def bind(self, steps: list[Any]) -> Any:
        """Return the function for a serializer whose steps are ``steps``."""
        consts = dict(self.static)
        for name, index, getter in self.per_field:
            consts[name] = getter(steps[index])
        fn = self.factory(**consts)
        fn.__rw_source__ = self.source
        return fn


def generate(lines: Lines, name: str, static: dict[str, Any], per_field: list[Any]) -> Generated:
    """Wrap the function in ``lines`` in ``make(<constants>)`` and compile it (cached by text)."""
    params = [*static, *(const for const, _index, _getter in per_field)]
    src = Lines()
    src.add(0, f"def make({', '.join(params)}):")
    src.lines.extend("    " + line for line in lines.lines)
    src.add(1, "return " + lines.lines[0].split("(")[0].removeprefix("def "))
    return Generated(src.text(), name, static, per_field)


class Lines:
    """An indented source text under construction."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, depth: int, text: str) -> None:
        """Append ``text`` indented by ``depth`` levels of four spaces."""
        self.lines.append("    " * depth + text)

    def text(self) -> str:
        """Return the source text."""
        return "\n".join(self.lines) + "\n"


__all__ = ["Generated", "Lines", "generate"]
