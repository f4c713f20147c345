"""Template tag libraries: ``{% load rest_framework %}`` (see ``rest_framework.py``)."""

from __future__ import annotations

__all__: list[str] = []
