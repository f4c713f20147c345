"""Rendering (``to_representation``): the general loop and the generated function.

For instances of exactly ``Meta.model`` the general loop (``getattr`` per
field, a ``to_representation()`` call per value) is replaced by one generated
function that reads the loaded column values straight from the instance's
``__dict__``, keeps values that already have the output type (a ``str`` for a
``CharField``, an ``int`` for an ``IntegerField``), formats ``Decimal`` and
``date`` values inline, takes a forward relation from Django's field cache,
and builds the dict in one literal. For example, for ``fields = ["id",
"title", "author"]`` with a nested author serializer it is roughly::

    def render(self, o):
        if type(o) is not M:
            return general(self, o)
        d = o.__dict__
        try:
            v0 = d["id"]; v1 = d["title"]
        except KeyError:                 # a deferred column: let Django load it
            return general(self, o)
        fc = o._state.fields_cache
        v2 = fc.get("author", MISSING)
        try:
            if type(v0) is not int: v0 = c0(v0)
            if type(v1) is not str: v1 = c1(v1)
        except Fallback:                 # a callable value: DRF would call it
            return general(self, o)
        if v2 is MISSING: v2 = read_one(self, STEP2, o, SHARED)   # not cached: query
        elif v2 is not None: v2 = n2(N2, v2)                      # the nested render
        r = {"id": v0, "title": v1, "author": v2}
        if v2 is SKIP: del r["author"]
        return r

Why this gives exactly what the general loop gives:

- A column value read from ``__dict__`` is what ``getattr`` returns: the
  class attribute is Django's ``DeferredAttribute`` (checked per field when
  compiling), whose ``__get__`` returns that very entry; a missing entry (a
  deferred column) sends the whole object through the general loop, which
  loads it as ``getattr`` would.
- A forward relation's cached object is what its descriptor returns (the
  descriptor is checked to be Django's own); an uncached one runs the
  general step for that field, which queries exactly as before.
- ``c<i>`` returns ``None`` for ``None``, calls the field's own
  ``to_representation()`` for other values, and gives up (``Fallback``) for a
  callable, which the general loop would call first; these conversions have
  no side effects, so giving up and starting again is safe. Side-effecting
  steps (nested serializers, any other field) run after them, in field order,
  exactly once.
- The inline ``Decimal`` formatting is used only when ``str(value)`` is
  already the quantized, plain-notation text ``to_representation()`` returns
  (right number of places, no exponent, within ``max_digits``); any other
  value takes the field's own method.

Fields that are not plain column reads (methods, properties, reverse or
many-to-many relations, user field classes, overridden hooks) run the general
per-field step; a serializer whose ``to_representation`` or field list hooks
are overridden never gets here.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import types
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.query_utils import DeferredAttribute

from restwell import ISO_8601
from restwell.fields import DateField, DecimalField, SkipField
from restwell.relations import PKOnlyObject
from restwell.serializers._codegen import Lines, generate
from restwell.serializers._read_shared import NESTED
from restwell.serializers._shared import SHAREABLE_CLASSES
from restwell.settings import api_settings

CALLABLE_TYPES = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, functools.partial)
CALLABLE_SET = frozenset(CALLABLE_TYPES)
PLAIN_TYPES = frozenset(
    (str, int, float, bool, decimal.Decimal, datetime.date, datetime.datetime, datetime.time, datetime.timedelta)
    + (uuid.UUID, dict, list, tuple)
)
MISSING = object()
SKIP = object()


class Fallback(Exception):  # noqa: N818 - internal control flow, never escapes
    """A value needs the general loop (it is callable)."""


_PROBES = ((str, "probe"), (int, 12345), (bool, True))
_PROBED_CLASSES = frozenset(
    cls
    for cls in SHAREABLE_CLASSES
    if cls.__name__
    in (
        "CharField",
        "EmailField",
        "SlugField",
        "URLField",
        "RegexField",
        "IPAddressField",
        "UUIDField",
        "IntegerField",
        "BooleanField",
        "ReadOnlyField",
    )
)


def identity_type(field: Any) -> type | None:
    # The value type this field renders unchanged (str for CharField, int for
    # IntegerField, ...), found by probing restwell's own field classes once;
    # values of exactly that type then skip the to_representation() call.
    # The answer is kept on the field, so copies of a class's template field
    # (one set per serializer instance) do not probe again.
    if type(field) not in _PROBED_CLASSES:
        return None
    own = field.__dict__
    if "to_representation" not in own:
        known = own.get("_rw_identity", MISSING)
        if known is not MISSING:
            return known
    found = None
    for kind, sample in _PROBES:
        try:
            out = field.to_representation(sample)
        except Exception:  # noqa: BLE001, S112 - a field that cannot take the probe
            continue
        if type(out) is kind and out == sample:
            found = kind
            break
    own["_rw_identity"] = found
    return found


def read_step(serializer: Any, step: Any, instance: Any, shared: bool, fast: bool = True) -> Any:
    # One field of the general render loop: its value, or SKIP to leave it out.
    # ``fast`` says ``instance`` is not a Mapping, so a plain attribute read
    # may stand in for ``field.get_attribute()`` when the value is plain.
    _name, field, attr, to_repr, same_type = step
    if fast and attr is not None:
        try:
            value = getattr(instance, attr, MISSING)
        except ObjectDoesNotExist:
            value = MISSING
        kind = type(value)
        if kind is same_type:
            return value
        if value is MISSING or kind in CALLABLE_SET or (
            kind not in PLAIN_TYPES and isinstance(value, CALLABLE_TYPES)
        ):
            try:
                value = serializer._get_attribute(field, instance, shared)
            except SkipField:
                return SKIP
    else:
        try:
            value = serializer._get_attribute(field, instance, shared)
        except SkipField:
            return SKIP
        if isinstance(value, PKOnlyObject) and value.pk is None:
            return None
    if value is None:
        return None
    if type(value) is same_type:
        return value
    if same_type is NESTED:
        # A shared nested serializer template renders for this serializer.
        return to_repr(value, serializer)
    # Shared fields are plain value fields: their to_representation() never
    # reaches the parent, so no CURRENT is needed here.
    return to_repr(value)


def render_general(serializer: Any, instance: Any) -> dict[str, Any]:
    # The render loop for any instance and any fields.
    steps, shared = serializer._steps(0)
    fast = not isinstance(instance, Mapping)
    ret: dict[str, Any] = {}
    for step in steps:
        value = read_step(serializer, step, instance, shared, fast)
        if value is not SKIP:
            ret[step[0]] = value
    return ret


def _converter(to_repr: Any) -> Any:
    # The general loop's handling of one column value, minus the callable case.
    def convert(value: Any) -> Any:
        if value is None:
            return None
        kind = type(value)
        if kind in CALLABLE_SET or (kind not in PLAIN_TYPES and isinstance(value, CALLABLE_TYPES)):
            raise Fallback
        return to_repr(value)

    return convert


def _class_attribute(model: type, name: str) -> Any:
    for klass in model.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def _column(model: type, attr: str) -> bool:
    descriptor = _class_attribute(model, attr)
    return (
        isinstance(descriptor, DeferredAttribute)
        and type(descriptor).__get__ is DeferredAttribute.__get__
        and getattr(descriptor.field, "attname", None) == attr
    )


def _forward_cache_name(model: type, attr: str) -> str | None:
    descriptor = _class_attribute(model, attr)
    if not isinstance(descriptor, ForwardManyToOneDescriptor):
        return None
    if type(descriptor).__get__ is not ForwardManyToOneDescriptor.__get__:
        return None
    field = descriptor.field
    name = getattr(field, "cache_name", None)
    return name if isinstance(name, str) else None


PK_TYPES = frozenset((int, str, uuid.UUID))


def _pk_only_column(model: type[models.Model], field: Any) -> str | None:
    # The foreign key column a stock PrimaryKeyRelatedField reads (through
    # PKOnlyObject and Model.serializable_value), or None.
    from restwell.relations import PrimaryKeyRelatedField

    if type(field) is not PrimaryKeyRelatedField or field.pk_field is not None:
        return None
    own = field.__dict__
    if any(name in own for name in ("get_attribute", "to_representation", "use_pk_only_optimization")):
        return None
    source_attrs = getattr(field, "source_attrs", None)
    if not source_attrs or len(source_attrs) != 1 or model.serializable_value is not models.Model.serializable_value:
        return None
    descriptor = _class_attribute(model, source_attrs[0])
    if not isinstance(descriptor, ForwardManyToOneDescriptor):
        return None
    attname = descriptor.field.attname
    return attname if _column(model, attname) else None


def _decimal_places(field: Any) -> int | None:
    # The places for the inline Decimal formatting, or None when the field's
    # own method is needed (a Decimal object out, localized or normalized text).
    if type(field) is not DecimalField or "to_representation" in field.__dict__:
        return None
    coerce = getattr(field, "coerce_to_string", None)
    if coerce is None:
        coerce = api_settings.COERCE_DECIMAL_TO_STRING
    if not coerce or field.localize or field.normalize_output:
        return None
    places, max_digits = field.decimal_places, field.max_digits
    if places is None or max_digits is None or places < 1:
        return None
    return places


def _iso_date(field: Any) -> bool:
    if type(field) is not DateField or "to_representation" in field.__dict__:
        return False
    output_format = getattr(field, "format", MISSING)
    if output_format is MISSING:
        output_format = api_settings.DATE_FORMAT
    return isinstance(output_format, str) and output_format.lower() == ISO_8601


def compile_reader(serializer: Any, steps: list[Any], shared: bool, general: Any, read_one: Any) -> Any:
    """Return the ``Generated`` render function for ``steps``, or None.

    Bound to a serializer's steps it is ``render(serializer, instance)``.
    ``general(serializer, instance)`` is the general loop and
    ``read_one(serializer, step, instance, shared)`` one field's general step
    (``SKIP`` when the field is left out).
    """
    model = getattr(getattr(type(serializer), "Meta", None), "model", None)
    if not (isinstance(model, type) and issubclass(model, models.Model)) or issubclass(model, Mapping):
        return None
    if model.__getattribute__ is not object.__getattribute__:
        return None
    from restwell.serializers._base import BaseSerializer
    from restwell.serializers._list import ListSerializer

    columns, cached, converts, later = Lines(), Lines(), Lines(), Lines()
    consts: dict[str, Any] = {"M": model, "general": general, "read_one": read_one, "SHARED": shared}
    consts.update(MISSING=MISSING, SKIP=SKIP, Fallback=Fallback)
    per_field: list[Any] = []
    keys, skippable = [], []
    for index, step in enumerate(steps):
        name, field, attr, to_repr, same_type = step
        var = f"v{index}"
        keys.append(f"{name!r}: {var}")
        own = field.__dict__
        if (
            attr is not None
            and type(field) in SHAREABLE_CLASSES
            and "to_representation" not in own
            and _column(model, attr)
        ):
            columns.add(2, f"{var} = d[{attr!r}]")
            per_field.append((f"c{index}", index, _step_converter))
            _add_conversion(converts, index, field, same_type, consts)
            continue
        pk_column = _pk_only_column(model, field)
        if pk_column is not None:
            # PrimaryKeyRelatedField renders the foreign key column itself.
            columns.add(2, f"{var} = d[{pk_column!r}]")
            consts["PK_TYPES"] = PK_TYPES
            converts.add(2, f"if {var} is not None and type({var}) not in PK_TYPES: raise Fallback")
            continue
        per_field.append((f"STEP{index}", index, _same))
        skippable.append((index, name))
        cache_name = _forward_cache_name(model, attr) if attr is not None else None
        if cache_name is not None and same_type is NESTED:
            # A shared nested template: its SharedNested renders for self.
            cached.add(1, f"{var} = fc.get({cache_name!r}, MISSING)")
            per_field.append((f"n{index}", index, _step_to_repr))
            later.add(1, f"if {var} is MISSING: {var} = read_one(self, STEP{index}, o, SHARED)")
            later.add(1, f"elif {var} is not None: {var} = n{index}({var}, self)")
        elif (
            cache_name is not None
            and isinstance(field, BaseSerializer)
            and not isinstance(field, ListSerializer)
            and "to_representation" not in own
        ):
            cached.add(1, f"{var} = fc.get({cache_name!r}, MISSING)")
            per_field.append((f"n{index}", index, _step_renderer))
            per_field.append((f"N{index}", index, _step_field))
            later.add(1, f"if {var} is MISSING: {var} = read_one(self, STEP{index}, o, SHARED)")
            later.add(1, f"elif {var} is not None: {var} = n{index}(N{index}, {var})")
        else:
            later.add(1, f"{var} = read_one(self, STEP{index}, o, SHARED)")

    body = Lines()
    body.add(0, "def render(self, o):")
    body.add(1, "if type(o) is not M:")
    body.add(2, "return general(self, o)")
    if columns.lines:
        body.add(1, "d = o.__dict__")
        body.add(1, "try:")
        body.lines.extend(columns.lines)
        body.add(1, "except KeyError:")
        body.add(2, "return general(self, o)")
    if cached.lines:
        body.add(1, "fc = o._state.fields_cache")
        body.lines.extend(cached.lines)
    if converts.lines:
        body.add(1, "try:")
        body.lines.extend(converts.lines)
        body.add(1, "except Fallback:")
        body.add(2, "return general(self, o)")
    body.lines.extend(later.lines)
    body.add(1, "r = {" + ", ".join(keys) + "}")
    for index, name in skippable:
        body.add(1, f"if v{index} is SKIP: del r[{name!r}]")
    body.add(1, "return r")
    return generate(body, f"render {type(serializer).__name__}", consts, per_field)


def _same(step: Any) -> Any:
    return step


def _step_to_repr(step: Any) -> Any:
    return step[3]


def _step_field(step: Any) -> Any:
    return step[1]


def _step_converter(step: Any) -> Any:
    return _converter(step[3])


def _step_renderer(step: Any) -> Any:
    return nested_renderer(step[1])


def _add_conversion(converts: Lines, index: int, field: Any, same_type: Any, consts: dict[str, Any]) -> None:
    var = f"v{index}"
    places = _decimal_places(field)
    if places is not None:
        consts[f"DEC{index}"] = decimal.Decimal
        converts.add(2, f"if type({var}) is DEC{index}:")
        converts.add(3, f"t = str({var})")
        converts.add(
            3,
            f"{var} = t if ({places + 1} < len(t) <= {field.max_digits + 1} "
            f"and t[-{places + 1}] == '.' and 'E' not in t) else c{index}({var})",
        )
        converts.add(2, f"else: {var} = c{index}({var})")
    elif _iso_date(field):
        consts[f"DATE{index}"] = datetime.date
        converts.add(2, f"{var} = {var}.isoformat() if type({var}) is DATE{index} else c{index}({var})")
    elif same_type is not None:
        consts[f"T{index}"] = same_type
        converts.add(2, f"if type({var}) is not T{index}: {var} = c{index}({var})")
    else:
        converts.add(2, f"{var} = c{index}({var})")


def nested_renderer(field: Any) -> Any:
    """Return ``fn(field, obj)`` rendering one object for the nested serializer ``field``."""
    fast = getattr(field, "_fast_reader", None)
    if fast is not None:
        fn = fast()
        if fn is not None:
            return fn
    return type(field).to_representation


__all__ = ["MISSING", "SKIP", "compile_reader", "identity_type", "nested_renderer", "read_step", "render_general"]
