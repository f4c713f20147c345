"""``Response``: an ``HttpResponse`` whose body is rendered from ``data`` by the
renderer content negotiation picked.

The view sets ``accepted_renderer``, ``accepted_media_type`` and
``renderer_context`` in ``finalize_response``; Django then calls ``render()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http.client import responses
from typing import Any, cast

from django.conf import settings
from django.http.cookie import SimpleCookie
from django.http.response import HttpResponse, HttpResponseBase, ResponseHeaders
from django.template.response import SimpleTemplateResponse

from restwell.settings import default_charset

_logger = logging.getLogger("django.request")

# Attributes that must not be pickled (they hold renderers, requests, clients).
_UNPICKLABLE = (
    "accepted_renderer",
    "renderer_context",
    "resolver_match",
    "client",
    "request",
    "json",
    "wsgi_request",
)


# (name, value) -> the (lower-cased name, (name, value)) entry Django stored
# after checking and encoding the pair. Bounded: values that vary per request
# (rate-limit counters) stop being remembered once it is full.
_checked_headers: dict[tuple[str, str], tuple[str, tuple[str, str]]] = {}


def set_header(response: HttpResponseBase, name: str, value: str) -> None:
    """Set a response header, checking a given (name, value) pair only once.

    ``response[name] = value`` makes Django check the name is ASCII and the
    value is latin-1 with no newline, encoding it otherwise: four calls and
    two ``encode()`` per header. The headers a view sets repeat (``Allow``,
    ``Vary``, ``Content-Type``), so the stored entry for a pair is reused;
    the same pair always gives the same entry, so nothing is skipped. A
    response class or header mapping that changes how headers are set takes
    the ordinary path.
    """
    headers = response.headers
    if (
        type(headers) is not ResponseHeaders
        or type(response).__setitem__ is not HttpResponseBase.__setitem__
    ):
        response[name] = value
        return
    entry = _checked_headers.get((name, value))
    if entry is None:
        headers[name] = value
        lowered = name.lower()
        if len(_checked_headers) < 1024:
            _checked_headers[(name, value)] = (lowered, headers._store[lowered])
        return
    headers._store[entry[0]] = entry[1]


class Response(SimpleTemplateResponse):
    """An HTTP response rendered from Python data through content negotiation.

    Arguments:
        data: the Python data to render (a serializer's ``.data``, a dict, a list…).
        status: the HTTP status code (default 200).
        template_name: the template HTML renderers use.
        headers: extra response headers.
        exception: True when the response describes an error.
        content_type: force the ``Content-Type`` instead of the renderer's.
    """

    # Set by the view in finalize_response (no class default: rendered_content
    # tells an unset attribute apart with getattr).
    accepted_renderer: Any
    accepted_media_type: str
    renderer_context: dict[str, Any]

    def __init__(
        self,
        data: Any = None,
        status: int | None = None,
        template_name: str | None = None,
        headers: dict[str, str] | None = None,
        exception: bool = False,
        content_type: str | None = None,
    ) -> None:
        if _plain_chains.get(type(self)) or _django_chain(type(self)):
            # The constructors of SimpleTemplateResponse, HttpResponse and
            # HttpResponseBase unrolled, setting the attributes they set to
            # the values they would give. What that skips: setting the content
            # to "" (an encode through the charset property, which parses the
            # Content-Type; rendering replaces the content anyway), a header
            # lookup that raises KeyError, and the checks of a Content-Type
            # value already checked. tests/test_response.py compares the
            # result with Django's own constructors.
            # Django accepts None for no headers; django-stubs types it as a Mapping.
            self.headers = headers_ = ResponseHeaders(None)  # type: ignore[arg-type]
            charset = default_charset()
            stored = _placeholders.get(charset)
            if stored is None:
                stored = _placeholder_header(charset)
            headers_._store["content-type"] = stored
            self._charset = None
            self._resource_closers: list[Callable[[], object]] = []
            self._handler_class = None
            self.cookies = SimpleCookie()
            self.closed = False
            if status is not None:
                self.status_code = _checked_status(status)
            self._reason_phrase = None
            self._container = [b""]
            # None until set below, as DRF allows (django-stubs: never None).
            self.template_name = None  # type: ignore[assignment]
            self.context_data = None
            self.using = None
            self._post_render_callbacks: list[Callable[[Any], Any]] = []
            self._request = None
            self._is_rendered = False
        else:
            # A class between Response and Django's in the MRO: run the chain.
            super().__init__(
                None,  # type: ignore[arg-type]  # no template yet, as in DRF
                content_type=_placeholder_content_type(),
                status=status,
            )
        if type(data) not in _PLAIN_DATA and _is_serializer(data):
            raise TypeError(
                "You passed a Serializer instance as data, but probably meant to pass "
                "serialized `.data` or `.error`. representation."
            )
        self.data = data
        self.template_name = template_name  # type: ignore[assignment]  # DRF allows None
        self.exception = exception
        self.content_type = content_type
        if headers:
            for name, value in headers.items():
                self[name] = value

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type:
        return cls

    def render(self) -> Any:
        """Render the data with the accepted renderer (once), then run the
        post-render callbacks; return the response (or what a callback returned).
        """
        if self._is_rendered:
            return self
        content = self.rendered_content
        if type(content) is bytes and type(self).content is _TEMPLATE_CONTENT:
            # What the content setters of SimpleTemplateResponse and
            # HttpResponse do with bytes, without their four calls.
            self._container = [content]
            self.__dict__.pop("text", None)
            self._is_rendered = True
        else:
            self.content = content
        response = self
        for callback in self._post_render_callbacks:
            replaced = callback(response)
            if replaced is not None:
                response = replaced
        return response

    # DRF's Response renders to bytes; Django's template response to str.
    @property
    def rendered_content(self) -> bytes:  # type: ignore[override]
        renderer = getattr(self, "accepted_renderer", None)
        accepted_media_type = getattr(self, "accepted_media_type", None)
        context = getattr(self, "renderer_context", None)
        if renderer is None:
            raise RuntimeError(
                ".accepted_renderer not set on Response: return it from an APIView "
                "(or set accepted_renderer, accepted_media_type and renderer_context)."
            )
        if accepted_media_type is None:
            raise RuntimeError(".accepted_media_type not set on Response")
        if context is None:
            raise RuntimeError(".renderer_context not set on Response")
        context["response"] = self

        media_type = renderer.media_type
        charset = renderer.charset
        content_type = self.content_type
        if content_type is None and charset is not None:
            content_type = "{}; charset={}".format(media_type, charset)
        elif content_type is None:
            content_type = media_type
        set_header(self, "Content-Type", content_type)

        try:
            ret = renderer.render(self.data, accepted_media_type, context)
        except Exception as exc:
            ret = self._render_failure(exc, renderer, accepted_media_type, context)
        if isinstance(ret, str):
            if not charset:
                raise RuntimeError(
                    "renderer returned unicode, and did not specify a charset value."
                )
            return ret.encode(charset)
        if not ret:
            del self["Content-Type"]
        return ret

    def _render_failure(
        self, exc: Exception, renderer: Any, accepted_media_type: str, context: dict[str, Any]
    ) -> Any:
        """Answer a generic 500 when the data cannot be rendered (e.g. a NaN under
        ``JSON_NONFINITE_FLOATS="error"``, an object the encoder does not know).

        As for an exception in a view: under DEBUG it propagates; otherwise it is
        logged and signalled, and the client sees no exception text.
        """
        from django.core.signals import got_request_exception

        from restwell.settings import restwell_settings

        if settings.DEBUG or settings.DEBUG_PROPAGATE_EXCEPTIONS or not (
            restwell_settings.JSON_SERVER_ERRORS
        ):
            raise exc
        request = context.get("request")
        http_request = getattr(request, "_request", request)
        _logger.error(
            "Internal Server Error: could not render the response to %s",
            getattr(http_request, "path", "?"),
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"status_code": 500, "request": http_request},
        )
        got_request_exception.send(sender=type(self), request=http_request)
        self.status_code = 500
        self.exception = True
        return renderer.render(
            {"detail": "A server error occurred."}, accepted_media_type, context
        )

    @property
    def status_text(self) -> str:
        """The reason phrase of the status code (``"OK"`` for 200)."""
        return responses.get(self.status_code, "")

    def __getstate__(self) -> dict[str, Any]:
        state = cast("dict[str, Any]", super().__getstate__())
        for key in _UNPICKLABLE:
            state.pop(key, None)
        state["_closable_objects"] = []
        # Closers release this request's resources (and its view, see
        # restwell.views); they cannot travel with a cached copy.
        state["_resource_closers"] = []
        return state


_PLAIN_DATA = (dict, list, str, int, float, bool, type(None))
_TEMPLATE_CONTENT = SimpleTemplateResponse.content


_DJANGO_BASES = (SimpleTemplateResponse, HttpResponse, HttpResponseBase, object)
# Response subclass -> True when the classes after Response in its MRO are
# Django's own, so that the unrolled constructor is what super() would run.
_plain_chains: dict[type, bool] = {}


def _django_chain(cls: type) -> bool:
    try:
        return _plain_chains[cls]
    except KeyError:
        mro = cls.__mro__
        plain = mro[mro.index(Response) + 1 :] == _DJANGO_BASES
        _plain_chains[cls] = plain
        return plain


def _placeholder_content_type() -> str:
    return "text/html; charset=" + default_charset()


# DEFAULT_CHARSET -> what ``headers["Content-Type"] = placeholder`` stores
# (Django checks and encodes the value once per charset, here).
_placeholders: dict[str, tuple[str, str]] = {}


def _placeholder_header(charset: str) -> tuple[str, str]:
    headers = ResponseHeaders(None)  # type: ignore[arg-type]  # None: no headers (stubs gap)
    headers["Content-Type"] = "text/html; charset=" + charset
    stored = headers._store["content-type"]
    if len(_placeholders) < 16:
        _placeholders[charset] = stored
    return stored


def _checked_status(status: Any) -> int:
    # HttpResponseBase's validation of the status, with its messages.
    try:
        code = int(status)
    except (ValueError, TypeError):
        raise TypeError("HTTP status code must be an integer.")
    if not 100 <= code <= 599:
        raise ValueError("HTTP status code must be an integer from 100 to 599.")
    return code


def _is_serializer(data: Any) -> bool:
    if type(data) in _PLAIN_DATA:
        return False
    # Checked by class name along the MRO to avoid importing serializers here.
    return any(klass.__name__ == "BaseSerializer" for klass in type(data).__mro__) and not isinstance(
        data, (dict, list)
    )


__all__ = ["Response", "set_header"]
