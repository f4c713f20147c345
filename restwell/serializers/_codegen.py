"""Small helpers for the generated render and validate functions.

A generated function is built from a short source text (see
``_compiled_read`` and ``_compiled_write``) that depends only on the shape of
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


def build(source: str, name: str, constants: dict[str, Any]) -> Any:
    """Compile (once per distinct ``source``) and return ``make(**constants)``.

    ``source`` defines ``make(...)`` whose keyword parameters are exactly the
    keys of ``constants`` and which returns the specialised function.
    """
    factory = _factory(source, name)
    fn = factory(**constants)
    fn.__rw_source__ = source
    return fn


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


__all__ = ["Lines", "build"]
