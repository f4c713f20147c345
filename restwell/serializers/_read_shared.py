"""Fields a serializer class may share for rendering only.

Value fields are shared by every instance of their serializer class for
reading and writing (``_shared``). Two more kinds of field are shared for
*rendering* only, so that a serializer such as::

    class SubdivisionSerializer(ModelSerializer):
        country = CountrySummarySerializer(read_only=True)
        class Meta:
            model = Subdivision
            fields = ["code", "name", "parent", "country"]

renders with no per-instance field copies, no per-instance compiled steps and
no reference cycles (each copy points back to its serializer, so copies tie
the serializer, its instance and its data into a cycle that only Python's
cyclic garbage collector frees; on a list of fifty such objects that costs
more than rendering them):

- a stock ``PrimaryKeyRelatedField``: rendering reads the related pk, using
  its parent only for error messages and ``partial``, which the shared
  stand-in parent forwards to the serializer running it;
- a nested serializer whose class renders every field from a loaded column
  (:func:`strict_reader`): the class's generated code runs on the shared
  template and touches no parent, root or context. Anything else (another
  model's object, a deferred column, a callable value) makes that code give
  up before any side effect, and the object is rendered by a fresh copy of
  the nested serializer bound to the running serializer, exactly as an
  instance's own field copy renders it.

Writing never uses these templates: a serializer that validates input makes
its own field copies, as before.
"""

from __future__ import annotations

from typing import Any

from restwell.fields import Field
from restwell.serializers._base import ClassKeyed, copy_field
from restwell.serializers._shared import pk_shareable as _pk_shareable

# Marks a read step whose field is a shared nested serializer template; its
# to_representation slot is a SharedNested, called with the running serializer.
NESTED = object()
GAVE_UP = object()
_STRICT = ClassKeyed("strict_reader")
_BASE_GET_ATTRIBUTE = Field.get_attribute


def clear() -> None:
    """Forget the strict readers (settings changed)."""
    _STRICT.clear()


def _give_up(*args: Any) -> Any:
    return GAVE_UP


def _value_shareable(field: Any) -> bool:
    # A value field renders without its parent whatever its validators are
    # (they only run on input), so those with context validators qualify too.
    from restwell.serializers._shared import SHAREABLE_CLASSES

    return type(field) in SHAREABLE_CLASSES and not getattr(field.default, "requires_context", False)


def strict_reader(template: Any) -> Any:
    """Return the generated render function of ``template``'s class that never falls back, or None.

    It exists when the nested serializer's class has the stock rendering
    hooks and every readable field is a loaded column (or a stock primary
    key relation); it returns :data:`GAVE_UP` where the general loop would
    be needed. One per class: it depends only on the class's fields.
    """
    from restwell.serializers._list import ListSerializer
    from restwell.serializers._read import compile_reader
    from restwell.serializers._serializer import Serializer

    cls = type(template)
    if not isinstance(template, Serializer) or isinstance(template, ListSerializer):
        return None
    state = template.__dict__
    if "fields" in state or "_rw_plan" in state or "to_representation" in state:
        return None
    entry = _STRICT.get(cls)
    if entry is None:
        entry = False
        if (
            cls.to_representation is Serializer.to_representation
            and cls.get_attribute is _BASE_GET_ATTRIBUTE
            and template._uses_default_plan()
        ):
            steps = template._class_steps()
            read_steps = steps[0] if steps else None
            if read_steps is not None and not any(step[4] is NESTED for step in read_steps):
                generated = compile_reader(template, read_steps, True, _give_up, _give_up)
                if generated is not None and all(
                    not name.startswith(("STEP", "n", "N")) for name, _index, _getter in generated.per_field
                ):
                    entry = generated.bind(read_steps)
        _STRICT[cls] = entry
    return entry or None


def read_shareable(field: Any) -> bool:
    """Return True when the class's template of ``field`` may render for every instance."""
    return _value_shareable(field) or _pk_shareable(field) or (
        strict_reader(field) is not None
        and field.source != "*"
        and not getattr(field.default, "requires_context", False)
    )


class SharedNested:
    """Render one related object with a shared nested serializer template."""

    __slots__ = ("reader", "template")

    def __init__(self, template: Any, reader: Any) -> None:
        self.template = template
        self.reader = reader

    def __call__(self, value: Any, serializer: Any) -> Any:
        out = self.reader(self.template, value)
        if out is GAVE_UP:
            # The general path, on a copy whose parent is the running
            # serializer (as the instance's own field copy would be).
            return copy_field(self.template, serializer).to_representation(value)
        return out


def shared_read_step(field: Any) -> tuple[Any, Any] | None:
    """Return ``(to_representation, NESTED)`` for a shared nested template, else None."""
    from restwell.serializers._shared import SHARED_PARENT

    if field.__dict__.get("parent") is not SHARED_PARENT or _pk_shareable(field) or _value_shareable(field):
        return None
    reader = strict_reader(field)
    if reader is None:
        return None
    return SharedNested(field, reader), NESTED


__all__ = ["GAVE_UP", "NESTED", "SharedNested", "clear", "read_shareable", "shared_read_step", "strict_reader"]
