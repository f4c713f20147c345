"""``repr()`` text for serializers and fields.

``repr(serializer)`` shows the fields a serializer really has, with the
arguments each was built with, one per line and indented by nesting::

    BookSerializer():
        id = IntegerField(label='ID', read_only=True)
        title = CharField(max_length=100)

The text matches Django REST framework's, because users paste it into tests and
documentation. Fields must keep the positional and keyword arguments they were
built with in ``_args`` and ``_kwargs``.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.functional import Promise

__all__ = ["field_repr", "list_repr", "manager_repr", "serializer_repr", "smart_repr"]

_MEMORY_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]{4,32}>")
_INDENT = "    "


def manager_repr(value: models.Manager) -> str:
    """Show a model manager as the code that reaches it: ``"Book.objects.all()"``."""
    opts = value.model._meta
    for manager in opts.managers:
        if manager == value:
            return "%s.%s.all()" % (opts.object_name, manager.name)
    return repr(value)


def smart_repr(value: Any) -> str:
    """``repr(value)`` made stable for display.

    Managers show as ``Model.manager.all()``, lazy translations as their text,
    and object addresses (``<Validator object at 0x10a…>``) are dropped.
    """
    if isinstance(value, models.Manager):
        return manager_repr(value)
    if isinstance(value, Promise):
        value = force_str(value, strings_only=True)
    text = repr(value)
    if text.startswith("u'") and text.endswith("'"):
        return text[1:]
    return _MEMORY_ADDRESS.sub(">", text)


def field_repr(field: Any, force_many: Any = False) -> str:
    """Show ``field`` as its constructor call, keyword arguments sorted by name.

    With ``force_many`` (the child of a ``many=True`` field), show that child's
    class with ``many=True`` in place of the list wrapper.
    """
    kwargs = field._kwargs
    if force_many:
        kwargs = {**kwargs, "many": True}
        kwargs.pop("child", None)
        class_name = force_many.__class__.__name__
    else:
        class_name = field.__class__.__name__
    parts = [smart_repr(arg) for arg in field._args]
    parts += ["%s=%s" % (key, smart_repr(kwargs[key])) for key in sorted(kwargs)]
    return "%s(%s)" % (class_name, ", ".join(parts))


def serializer_repr(serializer: Any, indent: int, force_many: Any = None) -> str:
    """Show ``serializer`` and its fields, nested serializers indented one level deeper."""
    lines = [field_repr(serializer, force_many) + ":"]
    prefix = _INDENT * indent
    fields = force_many.fields if force_many else serializer.fields
    for name, field in fields.items():
        if hasattr(field, "fields"):
            text = serializer_repr(field, indent + 1)
        elif hasattr(field, "child"):
            text = list_repr(field, indent + 1)
        elif hasattr(field, "child_relation"):
            text = field_repr(field.child_relation, force_many=field.child_relation)
        else:
            text = field_repr(field)
        lines.append("%s%s = %s" % (prefix, name, text))
    if serializer.validators:
        lines.append(prefix + "class Meta:")
        lines.append(prefix + _INDENT + "validators = " + smart_repr(serializer.validators))
    return "\n".join(lines)


def list_repr(serializer: Any, indent: int) -> str:
    """Show a ``many=True`` field: its child serializer, or the list field itself."""
    child = serializer.child
    if hasattr(child, "fields"):
        return serializer_repr(serializer, indent, force_many=child)
    return field_repr(serializer)
