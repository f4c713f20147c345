"""``BaseRenderer``, the class every renderer extends."""

from __future__ import annotations

from typing import Any

__all__ = ["BaseRenderer", "zero_as_none"]


def zero_as_none(value: Any) -> Any:
    """Return ``None`` for ``0``, else ``value`` (``indent=0`` means "no indent")."""
    return None if value == 0 else value


class BaseRenderer:
    """Base class for renderers.

    Set ``media_type`` (what goes in ``Content-Type``), ``format`` (the
    ``?format=``/``.json`` suffix name) and ``charset`` (``None`` for binary
    formats), and implement ``render()``.
    """

    media_type: str | None = None
    format: str | None = None
    charset: str | None = "utf-8"
    render_style = "text"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> Any:
        """Return ``data`` rendered as bytes (or ``str``) in this renderer's format.

        Override this in every renderer. ``accepted_media_type`` is the media
        type negotiation settled on (with its parameters, such as ``indent``);
        ``renderer_context`` carries ``view``, ``request`` and ``response``.
        """
        raise NotImplementedError("Renderer class requires .render() to be implemented")
