"""``JSONRenderer``: JSON bytes through orjson, with Django REST framework's options."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.core.signals import setting_changed
from django.utils.http import parse_header_parameters

from restwell import _json
from restwell.renderers._base import BaseRenderer, zero_as_none
from restwell.settings import api_settings, restwell_settings
from restwell.utils.encoders import JSONEncoder

__all__ = ["JSONRenderer"]

# Setting-derived defaults, read once and dropped when settings change, so a
# render does not pay three settings lookups.
_flags: dict[str, Any] = {}


def _clear_flags(*args: Any, setting: str = "", **kwargs: Any) -> None:
    if setting in ("REST_FRAMEWORK", "RESTWELL"):
        _flags.clear()


setting_changed.connect(_clear_flags)


class _SettingFlag:
    """A class attribute whose default comes from a setting, read on access.

    Assigning the attribute on a subclass or an instance overrides it as usual.
    """

    def __init__(self, setting: str, invert: bool = False) -> None:
        self.setting = setting
        self.invert = invert

    def __get__(self, instance: object, owner: type | None = None) -> bool:
        try:
            return _flags[self.setting]
        except KeyError:
            value = bool(getattr(api_settings, self.setting)) != self.invert
            _flags[self.setting] = value
            return value


class JSONRenderer(BaseRenderer):
    """Render data as JSON bytes.

    Output is compact (``COMPACT_JSON``), UTF-8 (``UNICODE_JSON``; set
    ``ensure_ascii = True`` for ``\\uXXXX`` escapes), and pretty-printed when
    the client asks for ``application/json; indent=N`` (N capped at
    ``RESTWELL["MAX_JSON_INDENT"]``). NaN and infinities render as ``null``
    (``RESTWELL["JSON_NONFINITE_FLOATS"]``); ``strict = False`` writes the
    ``NaN``/``Infinity`` tokens instead. A subclass that sets its own
    ``encoder_class`` gets the standard library encoder with that class.
    """

    media_type = "application/json"
    format = "json"
    encoder_class: type = JSONEncoder
    ensure_ascii: Any = _SettingFlag("UNICODE_JSON", invert=True)
    compact: Any = _SettingFlag("COMPACT_JSON")
    strict: Any = _SettingFlag("STRICT_JSON")
    # JSON is a binary format (RFC 8259 fixes UTF-8): no charset parameter.
    charset = None

    def get_indent(self, accepted_media_type: str | None, renderer_context: dict[str, Any]) -> Any:
        """Return the indent the client asked for in ``Accept``, else the context's."""
        # Skip header parsing for the plain "application/json": no ';', no params.
        if accepted_media_type and ";" in accepted_media_type:
            _base, params = parse_header_parameters(accepted_media_type)
            try:
                cap = restwell_settings.MAX_JSON_INDENT
                return zero_as_none(max(min(int(params["indent"]), cap), 0))
            except (KeyError, ValueError, TypeError):
                pass
        return renderer_context.get("indent")

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        """Render ``data`` to JSON bytes; ``None`` renders as an empty body."""
        # Hot path. It avoids: parsing the Accept value when it has no
        # parameters (get_indent), settings lookups (the flags come from a
        # cache cleared on setting_changed, so override_settings still works),
        # and the stdlib encoder (orjson writes the same bytes; _json falls back
        # by itself for what orjson cannot express, so output never changes).
        if data is None:
            return b""
        if (
            type(self) is JSONRenderer
            and not self.__dict__
            and _stock_attributes(JSONRenderer.__dict__) == _STOCK_ATTRIBUTES
        ):
            # JSONRenderer itself, nothing reassigned on the class or set on
            # the instance: the three flags are the settings' (one cached
            # tuple instead of three descriptor calls), the encoder is
            # restwell's, and get_indent() only looks at a media type that
            # has parameters.
            ensure_ascii, compact, strict = _flags.get("stock") or _stock_flags()
            if accepted_media_type and ";" in accepted_media_type:
                indent = self.get_indent(accepted_media_type, renderer_context or {})
            else:
                indent = renderer_context.get("indent") if renderer_context else None
            return _json.dumps(
                data,
                indent=indent,
                ensure_ascii=ensure_ascii,
                compact=compact,
                nonfinite=None if strict else "allow",
            )
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        encoder = self.encoder_class
        return _json.dumps(
            data,
            indent=indent,
            ensure_ascii=self.ensure_ascii,
            compact=self.compact,
            nonfinite=None if self.strict else "allow",
            cls=None if encoder is JSONEncoder else encoder,
        )


_STOCK_NAMES = ("ensure_ascii", "compact", "strict", "encoder_class", "get_indent")
_stock_attributes = itemgetter(*_STOCK_NAMES)
_STOCK_ATTRIBUTES = _stock_attributes(JSONRenderer.__dict__)


def _stock_flags() -> Any:
    # The flags JSONRenderer's descriptors give, as one tuple (cleared with them).
    flags = (JSONRenderer.ensure_ascii, JSONRenderer.compact, JSONRenderer.strict)
    _flags["stock"] = flags  # type: ignore[assignment]
    return flags
