"""The generated validate function of a serializer (``to_internal_value`` for a dict).

The general loop calls ``field.run_validation()`` for every field, which for
a ``CharField`` means ``validate_empty_values()``, ``to_internal_value()``
and three validators. For the common input of restwell's own value fields
(a non-blank string for a ``CharField``, an ``int`` for an ``IntegerField``,
a decimal string for a ``DecimalField``, an ISO date string for a
``DateField``, ``true``/``false`` for a ``BooleanField``) the generated
function checks the same conditions inline (``restwell.fields._fast``) and
keeps the value; any other input (absent, ``null``, wrong type, too long,
...) goes to the field's own ``run_validation()``, so every error message and
code is the one the general path gives. Roughly, for ``title =
CharField(max_length=200)``::

    def validate(self, data):
        g = data.get
        r = {}
        e = {}
        raw = g("title", EMPTY)
        try:
            if type(raw) is str and (v := raw.strip()) and len(v) <= 200 and ...:
                pass
            else:
                v = F0.run_validation(raw)
            v = self.validate_title(v)          # only when the hook exists
        except ValidationError as exc:
            e["title"] = exc.detail
        except DjangoValidationError as exc:
            e["title"] = get_error_detail(exc)
        except SkipField:
            pass
        else:
            r["title"] = v
        ...
        if e:
            raise ValidationError(e)
        return r

Fields without a fast path, user field classes and fields with their own
``get_value`` run the general step. Shared fields (``_shared``) reach the
running serializer through ``CURRENT``, which is set around every call that
may need it (a field's own ``run_validation()`` and ``validate_<name>``).
"""

from __future__ import annotations

import keyword
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from restwell.exceptions import ValidationError
from restwell.fields import SkipField, empty, get_error_detail
from restwell.fields._fast import input_fast_path
from restwell.serializers._codegen import Lines, generate
from restwell.serializers._shared import CURRENT


def compile_writer(serializer: Any, steps: list[Any], shared: bool, custom_set_value: bool) -> Any:
    """Return the ``Generated`` validate function for the write ``steps``.

    Bound to a serializer's steps it is ``validate(serializer, data)``;
    ``data`` must be a plain ``dict``, and the result is what the general
    loop returns for it (or the same ``ValidationError``).
    """
    consts: dict[str, Any] = {"EMPTY": empty, "ValidationError": ValidationError}
    consts.update(DjangoValidationError=DjangoValidationError, get_error_detail=get_error_detail, SkipField=SkipField)
    if shared:
        consts.update(cset=CURRENT.set, creset=CURRENT.reset)
    per_field: list[Any] = []
    body = Lines()
    body.add(0, "def validate(self, data):")
    body.add(1, "g = data.get")
    body.add(1, "r = {}")
    body.add(1, "e = {}")
    for index, (field, name, hook, source_attrs, base_get) in enumerate(steps):
        per_field.append((f"F{index}", index, _step_field))
        if base_get:
            body.add(1, f"raw = g({name!r}, EMPTY)")
            body.add(1, "try:")
        else:
            body.add(1, "try:")
            _guarded(body, 2, f"raw = F{index}.get_value(data)", shared)
        fast = input_fast_path(field, index) if base_get else None
        general = f"v = F{index}.run_validation(raw)"
        if fast is None:
            _guarded(body, 2, general, shared)
        else:
            condition, value, extra = fast
            consts.update(extra)
            if value == "v":
                body.add(2, f"if not ({condition}):")
            else:
                body.add(2, f"if {condition}:")
                body.add(3, f"v = {value}")
                body.add(2, "else:")
            _guarded(body, 3, general, shared)
        if hook is not None:
            call = f"self.{hook}" if hook.isidentifier() and not keyword.iskeyword(hook) else f"getattr(self, {hook!r})"
            _guarded(body, 2, f"v = {call}(v)", shared)
        body.add(1, "except ValidationError as exc:")
        body.add(2, f"e[{name!r}] = exc.detail")
        body.add(1, "except DjangoValidationError as exc:")
        body.add(2, f"e[{name!r}] = get_error_detail(exc)")
        body.add(1, "except SkipField:")
        body.add(2, "pass")
        body.add(1, "else:")
        if len(source_attrs) == 1 and not custom_set_value:
            body.add(2, f"r[{source_attrs[0]!r}] = v")
        else:
            consts[f"S{index}"] = source_attrs
            body.add(2, f"self.set_value(r, S{index}, v)")
    body.add(1, "if e:")
    body.add(2, "raise ValidationError(e)")
    body.add(1, "return r")
    return generate(body, f"validate {type(serializer).__name__}", consts, per_field)


def _step_field(step: Any) -> Any:
    return step[0]


def _guarded(body: Lines, depth: int, statement: str, shared: bool) -> None:
    # A statement that may reach a shared field's parent runs with CURRENT set.
    if not shared:
        body.add(depth, statement)
        return
    body.add(depth, "token = cset(self)")
    body.add(depth, "try:")
    body.add(depth + 1, statement)
    body.add(depth, "finally:")
    body.add(depth + 1, "creset(token)")


__all__ = ["compile_writer"]
