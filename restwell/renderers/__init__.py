"""Renderers turn response data into bytes of one media type.

A view lists its renderers in ``renderer_classes``; content negotiation picks
one from the request's ``Accept`` header (or ``?format=`` / a ``.json``
suffix) and the response calls its ``render()``. This package keeps Django
REST framework's module path; the classes live in private submodules:

- ``_base``: ``BaseRenderer``
- ``_json``: ``JSONRenderer`` (orjson)
- ``_text``: ``TemplateHTMLRenderer``, ``StaticHTMLRenderer``,
  ``MultiPartRenderer``, ``OpenAPIRenderer``, ``JSONOpenAPIRenderer``
- ``_forms``, ``_browsable``, ``_admin``: the HTML renderers
  (``HTMLFormRenderer``, ``BrowsableAPIRenderer``, ``AdminRenderer``)

The HTML renderers are imported on first use, so an API that only speaks
JSON never loads the template machinery they need.
"""

from __future__ import annotations

import importlib
from typing import Any

from restwell.renderers._base import BaseRenderer, zero_as_none
from restwell.renderers._json import JSONRenderer
from restwell.renderers._text import (
    JSONOpenAPIRenderer,
    MultiPartRenderer,
    OpenAPIRenderer,
    StaticHTMLRenderer,
    TemplateHTMLRenderer,
)

__all__ = [
    "AdminRenderer",
    "BaseRenderer",
    "BrowsableAPIRenderer",
    "HTMLFormRenderer",
    "JSONOpenAPIRenderer",
    "JSONRenderer",
    "MultiPartRenderer",
    "OpenAPIRenderer",
    "StaticHTMLRenderer",
    "TemplateHTMLRenderer",
    "zero_as_none",
]

_LAZY = {
    "HTMLFormRenderer": "restwell.renderers._forms",
    "BrowsableAPIRenderer": "restwell.renderers._browsable",
    "AdminRenderer": "restwell.renderers._admin",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
