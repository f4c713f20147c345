"""Let reference counting free a request's objects when its response is closed.

``APIView.dispatch`` registers ``release_on_close`` for every ``Response``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from restwell.request import Empty
from restwell.response import Response


def release_on_close(view: Any, request: Any, response: Any) -> None:
    """Drop the request's back references when ``response.close()`` runs.

    A request's objects reference each other: the view holds the Request and
    the response, the Request's ``parser_context`` and the response's
    ``renderer_context`` point back, and Django's ``setup()`` binds
    ``view.head``. Left alone, the whole group waits for the cyclic garbage
    collector, whose passes cost several µs per request on small responses.
    The server calls ``close()`` once the body is sent; dropping the back
    references then lets reference counting free the group at once. What
    tests read after ``close()`` stays: ``response.data``,
    ``response.renderer_context["view"]`` and ``["request"]``,
    ``view.request``, ``view.action``.
    """
    closers = getattr(response, "_resource_closers", None)
    if isinstance(response, Response) and type(closers) is list:
        closers.append(partial(_release, view, request, response))


def _release(view: Any, request: Any, response: Any) -> None:
    context = getattr(response, "renderer_context", None)
    if type(context) is dict and context.get("response") is response:
        del context["response"]
    attrs = view.__dict__
    if attrs.get("response") is response:
        del attrs["response"]
    # Handlers bound to the instance (head by setup(), actions by viewsets);
    # only names the instance holds can be such (the set is built in C).
    for name in attrs.keys() & view.http_method_names:
        if getattr(attrs[name], "__self__", None) is view:
            del attrs[name]
    parser_context = getattr(request, "parser_context", None)
    if type(parser_context) is not dict:
        return
    # Parsers need parser_context["request"]; keep it while a body could
    # still be parsed (request.data read for the first time after close()).
    if request.__dict__.get("_full_data", Empty) is Empty:
        meta = request._request.META
        if meta.get("CONTENT_LENGTH") or meta.get("HTTP_CONTENT_LENGTH"):
            return
    if parser_context.get("request") is request:
        del parser_context["request"]
    if parser_context.get("view") is view:
        del parser_context["view"]
