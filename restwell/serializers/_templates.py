"""Per serializer class: bound template copies of its fields, made once.

``serializer.get_fields()`` runs once per class; each field is bound,
warmed (validators computed) and classified by how instances use it:

- ``_SHARED``: a plain value field, used as it is by every instance for
  reading and writing (its parent is the stand-in of ``_shared``);
- ``_READ_SHARED``: shared for rendering only (see ``_read_shared``);
- ``_COPY``: copied per instance (a ``__dict__`` copy, see ``copy_field``);
- ``_DEEP``: a user field class or serializer, deep-copied per instance.

Every instance whose ``fields`` are materialized gets its own copies of all
of them, whatever their kind.
"""

from __future__ import annotations

from typing import Any

from restwell.serializers._base import (
    BaseSerializer,
    ClassKeyed,
    forget_instance_state,
    shallow_copyable,
    warm_field,
)
from restwell.serializers._read import identity_type
from restwell.serializers._read_shared import read_shareable
from restwell.serializers._shared import SHARED_PARENT, is_shareable

TEMPLATES = ClassKeyed("templates")
_SHARED, _COPY, _DEEP, _READ_SHARED = 0, 1, 2, 3


def templates_for(serializer: Any) -> dict[str, Any]:
    """Return ``{name: (kind, template field)}`` for ``serializer``'s class."""
    cls = type(serializer)
    templates = TEMPLATES.get(cls)
    if templates is None:
        templates = {}
        for name, field in serializer.get_fields().items():
            if shallow_copyable(field):
                field.bind(field_name=name, parent=serializer)
                warm_field(field)
                identity_type(field)
                if isinstance(field, BaseSerializer):
                    # Warming may have built the nested serializer's own
                    # fields; every instance copies the template without them.
                    forget_instance_state(field)
                if is_shareable(field):
                    kind = _SHARED
                elif read_shareable(field):
                    kind = _READ_SHARED
                else:
                    kind = _COPY
                field.__dict__["parent"] = SHARED_PARENT if kind != _COPY else None
                templates[name] = (kind, field)
            else:
                # get_fields() returned a fresh deep copy; keep it unbound.
                templates[name] = (_DEEP, field)
        TEMPLATES[cls] = templates
    return templates


__all__ = ["TEMPLATES", "templates_for"]
