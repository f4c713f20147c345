"""Django REST framework's ``rest_framework.utils.json``: the stdlib ``json`` API, strict.

``dump``/``dumps`` refuse NaN and infinities (``allow_nan=False``) and
``load``/``loads`` refuse the ``NaN``/``Infinity`` tokens, unless the caller
passes those keyword arguments explicitly. Code that imported this module
from DRF keeps working; restwell's own hot paths use ``restwell._json``.
"""

from __future__ import annotations

import json as _stdjson  # noqa: TID251 - this module *is* the stdlib-compatible wrapper
from typing import Any

from restwell._json import strict_constant

__all__ = ["dump", "dumps", "load", "loads", "strict_constant"]


def dump(*args: Any, **kwargs: Any) -> None:
    """``json.dump`` with ``allow_nan=False`` unless given."""
    kwargs.setdefault("allow_nan", False)
    return _stdjson.dump(*args, **kwargs)


def dumps(*args: Any, **kwargs: Any) -> str:
    """``json.dumps`` with ``allow_nan=False`` unless given."""
    kwargs.setdefault("allow_nan", False)
    return _stdjson.dumps(*args, **kwargs)


def load(*args: Any, **kwargs: Any) -> Any:
    """``json.load`` that rejects ``NaN``/``Infinity`` unless ``parse_constant`` is given."""
    kwargs.setdefault("parse_constant", strict_constant)
    return _stdjson.load(*args, **kwargs)


def loads(*args: Any, **kwargs: Any) -> Any:
    """``json.loads`` that rejects ``NaN``/``Infinity`` unless ``parse_constant`` is given."""
    kwargs.setdefault("parse_constant", strict_constant)
    return _stdjson.loads(*args, **kwargs)
