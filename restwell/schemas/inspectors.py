"""Per-view schema inspection: the ``schema`` attribute of every ``APIView``.

``ViewInspector`` is a descriptor. Reading ``view.schema`` on a view instance
returns an inspector bound to that instance (``inspector.view``), so a schema
generator can ask each endpoint to describe itself. ``DefaultSchema`` defers the
choice of inspector class to the ``DEFAULT_SCHEMA_CLASS`` setting.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from weakref import WeakKeyDictionary

from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import smart_str

from restwell.settings import api_settings

__all__ = ["DefaultSchema", "ViewInspector"]

_UNBOUND_MESSAGE = (
    "Schema generation REQUIRES a view instance. (Hint: you accessed "
    "`schema` from the view class rather than an instance.)"
)


class ViewInspector:
    """Describe one view for schema generation.

    Subclass it (usually through ``AutoSchema``) and assign an instance to a
    view's ``schema`` attribute to customise how that view is documented.
    """

    # A docstring line such as ``list: Return all users.`` starts a section.
    header_regex = re.compile(r"^[a-zA-Z][0-9A-Za-z_]*:")

    def __init__(self) -> None:
        self.instance_schemas: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._view: Any = None

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        try:
            return self.instance_schemas[instance]
        except (KeyError, TypeError):
            pass
        # Each view instance gets its own bound copy, so concurrent requests
        # never see each other's view through a shared descriptor.
        bound = copy.copy(self)
        bound.instance_schemas = WeakKeyDictionary()
        bound._view = instance
        try:
            self.instance_schemas[instance] = bound
        except TypeError:
            pass
        return bound

    def __set__(self, instance: Any, other: Any) -> None:
        self.instance_schemas[instance] = other
        if other is not None:
            other.view = instance

    @property
    def view(self) -> Any:
        """The view instance being described."""
        if self._view is None:
            raise AssertionError(_UNBOUND_MESSAGE)
        return self._view

    @view.setter
    def view(self, value: Any) -> None:
        self._view = value

    @view.deleter
    def view(self) -> None:
        self._view = None

    def get_description(self, path: str, method: str) -> str:
        """Return the description of one operation.

        The handler's (or action's) own docstring wins; otherwise the view's
        description is used, narrowed to a ``method:`` / ``action:`` section
        when the docstring has one.
        """
        view = self.view
        method_name = getattr(view, "action", method.lower())
        handler = getattr(view, method_name, None)
        docstring = getattr(handler, "__doc__", None) if handler is not None else None
        if docstring:
            from restwell.utils import formatting

            return self._get_description_section(
                view, method.lower(), formatting.dedent(smart_str(docstring))
            )
        return self._get_description_section(
            view, getattr(view, "action", method.lower()), view.get_view_description()
        )

    def _get_description_section(self, view: Any, header: str, description: str) -> str:
        sections: dict[str, str] = {"": ""}
        current = ""
        for line in description.splitlines():
            if self.header_regex.match(line):
                current, _sep, rest = line.partition(":")
                sections[current] = rest.strip()
            else:
                sections[current] += "\n" + line
        if header in sections:
            return sections[header].strip()
        coerced = api_settings.SCHEMA_COERCE_METHOD_NAMES.get(header)
        if coerced is not None and coerced in sections:
            return sections[coerced].strip()
        return sections[""].strip()


class DefaultSchema(ViewInspector):
    """Placeholder that resolves to ``DEFAULT_SCHEMA_CLASS`` when accessed."""

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is not None:
            try:
                return self.instance_schemas[instance]
            except (KeyError, TypeError):
                pass
        inspector_class = api_settings.DEFAULT_SCHEMA_CLASS
        if not (isinstance(inspector_class, type) and issubclass(inspector_class, ViewInspector)):
            raise ImproperlyConfigured(
                "DEFAULT_SCHEMA_CLASS must be set to a ViewInspector (usually an "
                "AutoSchema) subclass, e.g. 'restwell.schemas.openapi.AutoSchema'; "
                f"got {inspector_class!r}."
            )
        inspector = inspector_class()
        inspector.view = instance
        return inspector
