"""``HTMLFormRenderer``: render a serializer as an HTML form.

Each field is rendered with a small template chosen by the field's class (see
``HTMLFormRenderer.default_style``) from a *template pack*:
``rest_framework/vertical/`` (the default), ``rest_framework/horizontal/`` or
``rest_framework/inline/``. A field's ``style`` argument overrides the choice::

    notes = serializers.CharField(style={"base_template": "textarea.html", "rows": 8})
    colour = serializers.ChoiceField(choices=..., style={"base_template": "radio.html"})
"""

from __future__ import annotations

import datetime
from typing import Any

from django.template import loader
from django.utils.safestring import SafeString, mark_safe

from restwell import ISO_8601
from restwell.renderers._base import BaseRenderer
from restwell.settings import api_settings

__all__ = ["HTMLFormRenderer"]


class _StyleLookup:
    """Map field classes to style dicts, looked up along the field's MRO.

    Subscript it with a field class, a field instance or a bound field.
    """

    def __init__(self, mapping: dict[type, dict[str, Any]]) -> None:
        self.mapping = dict(mapping)

    def _class_of(self, key: Any) -> type:
        proxy = getattr(key, "_proxy_class", None)
        if proxy is not None:
            return proxy
        return key if isinstance(key, type) else type(key)

    def __getitem__(self, key: Any) -> dict[str, Any]:
        for cls in self._class_of(key).__mro__:
            if cls in self.mapping:
                return self.mapping[cls]
        raise KeyError("Class %s not found in lookup." % self._class_of(key).__name__)

    def __setitem__(self, key: type, value: dict[str, Any]) -> None:
        self.mapping[key] = value

    def __contains__(self, key: Any) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def items(self) -> Any:
        return self.mapping.items()


def _build_default_style() -> _StyleLookup:
    from restwell import serializers as s

    def inp(input_type: str) -> dict[str, Any]:
        return {"base_template": "input.html", "input_type": input_type}

    return _StyleLookup(
        {
            s.Field: inp("text"),
            s.EmailField: inp("email"),
            s.URLField: inp("url"),
            s.IntegerField: inp("number"),
            s.FloatField: inp("number"),
            s.DateTimeField: inp("datetime-local"),
            s.DateField: inp("date"),
            s.TimeField: inp("time"),
            s.FileField: inp("file"),
            s.BooleanField: {"base_template": "checkbox.html"},
            s.ChoiceField: {"base_template": "select.html"},
            s.MultipleChoiceField: {"base_template": "select_multiple.html"},
            s.RelatedField: {"base_template": "select.html"},
            s.ManyRelatedField: {"base_template": "select_multiple.html"},
            s.Serializer: {"base_template": "fieldset.html"},
            s.ListSerializer: {"base_template": "list_fieldset.html"},
            s.ListField: {"base_template": "list_field.html"},
            s.DictField: {"base_template": "dict_field.html"},
            s.FilePathField: {"base_template": "select.html"},
            s.JSONField: {"base_template": "textarea.html"},
        }
    )


class _LazyDefaultStyle:
    # Built on first use: the serializer classes are imported only then, so
    # importing the renderers never drags in (or cycles through) serializers.
    def __init__(self) -> None:
        self._value: _StyleLookup | None = None

    def __get__(self, instance: Any, owner: type | None = None) -> _StyleLookup:
        if self._value is None:
            self._value = _build_default_style()
        return self._value


def _as_datetime_input(field: Any) -> None:
    # <input type="datetime-local"> wants "YYYY-MM-DDThh:mm[:ss[.sss]]" without
    # an offset: parse the serialized value back with the field's format.
    fmt = getattr(field._field, "format", api_settings.DATETIME_FORMAT)
    value = field.value
    if fmt is not None and isinstance(value, str) and value:
        try:
            if fmt == ISO_8601:
                value = datetime.datetime.fromisoformat(value)
            else:
                value = datetime.datetime.strptime(value, fmt)
        except (TypeError, ValueError):
            return
    if isinstance(value, datetime.datetime):
        field.value = value.replace(tzinfo=None).isoformat(timespec="milliseconds")


class HTMLFormRenderer(BaseRenderer):
    """Render serializer data (``serializer.data``) as an HTML form.

    An unbound serializer gives an empty form, one with an instance a form
    filled with its values, one with data (after ``is_valid()``) the submitted
    values and their errors. The result is a ``SafeString`` of form fields; the
    caller supplies the ``<form>`` element.
    """

    media_type = "text/html"
    format = "form"
    charset = "utf-8"
    template_pack = "rest_framework/vertical/"
    base_template = "form.html"

    default_style: Any = _LazyDefaultStyle()

    def render_field(self, field: Any, parent_style: dict[str, Any]) -> SafeString:
        """Render one bound field; ``parent_style`` supplies the template pack."""
        from restwell.fields import HiddenField

        if isinstance(field._field, HiddenField):
            return SafeString("")
        style = dict(self.default_style[field])
        style.update(field.style)
        if "template_pack" not in style:
            style["template_pack"] = parent_style.get("template_pack", self.template_pack)
        style["renderer"] = self

        # A copy of the bound field whose value is text ('' for None/False).
        field = field.as_form_field()
        if style.get("input_type") == "datetime-local":
            _as_datetime_input(field)

        if "template" in style:
            template_name = style["template"]
        else:
            template_name = style["template_pack"].strip("/") + "/" + style["base_template"]
        template = loader.get_template(template_name)
        # Django templates already return a SafeString (mark_safe keeps it as
        # is); other engines' output is HTML built for the page too.
        return mark_safe(template.render({"field": field, "style": style}))

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> SafeString:
        """Render ``data.serializer`` as form fields with the chosen template pack."""
        renderer_context = renderer_context or {}
        form = data.serializer
        style = dict(renderer_context.get("style") or {})
        style.setdefault("template_pack", self.template_pack)
        style["renderer"] = self
        template_name = style["template_pack"].strip("/") + "/" + self.base_template
        template = loader.get_template(template_name)
        return mark_safe(template.render({"form": form, "style": style}))
