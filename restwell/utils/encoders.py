"""``JSONEncoder``: the stdlib-based encoder users subclass, as in Django REST framework.

restwell renders with orjson (``restwell._json``); this class exists for code
that names it: custom ``encoder_class`` subclasses on renderers, and
``json.dumps(data, cls=JSONEncoder)`` calls. Its conversions are the same
table ``restwell._json.default`` applies, so both paths give identical output.
"""

from __future__ import annotations

import json as _stdjson  # noqa: TID251 - users subclass the stdlib encoder
from typing import Any

from restwell import _json

__all__ = ["CustomScalar", "JSONEncoder"]


class JSONEncoder(_stdjson.JSONEncoder):
    """A ``json.JSONEncoder`` that also encodes dates and times, decimals, UUIDs,
    IP addresses, lazy strings, querysets, generators and numpy-style arrays.

    Override ``default()`` to add types; call ``super().default(obj)`` for the rest.
    """

    def default(self, obj: Any) -> Any:
        """Return a JSON-serialisable version of ``obj``, or raise ``TypeError``."""
        try:
            return _json.default(obj)
        except TypeError:
            return super().default(obj)


class CustomScalar:
    """YAML representer helpers (used by ``OpenAPIRenderer``)."""

    @classmethod
    def represent_timedelta(cls, dumper: Any, data: Any) -> Any:
        """Represent a ``timedelta`` as its total seconds, as a YAML string."""
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(data.total_seconds()))
