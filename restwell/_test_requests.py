"""``RequestsClient``: a ``requests.Session`` that talks to the Django app in-process.

Re-exported by ``restwell.test``. Requests go through Django's WSGI handler
(middleware, URLconf, sessions, cookies) without a network socket, so a test
reads like one against a live API::

    client = RequestsClient()
    response = client.get("http://testserver/books/")
    assert response.json() == [...]
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.client import HTTPMessage
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.client import RequestFactory

from restwell.compat import requests

__all__ = ["CoreAPIClient", "RequestsClient"]


@contextmanager
def _keep_connections_open() -> Iterator[None]:
    # Django closes stale database connections at the start and end of every
    # request; inside a test that would close the test transaction's connection.
    # Django's own test client disconnects the same handlers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Headers that describe the body or the connection: set from the body itself.
_SKIPPED_HEADERS = frozenset({"connection", "content-length", "content-type", "host"})


if requests is not None:
    import urllib3

    class _OriginalResponse:
        # What ``requests`` reads cookies from: the http.client response's
        # ``msg`` (an HTTPMessage, which keeps repeated Set-Cookie headers).
        def __init__(self, headers: list[tuple[str, str]]) -> None:
            self.msg = HTTPMessage()
            for name, value in headers:
                self.msg[name] = value
            self.closed = False

        def isclosed(self) -> bool:
            return self.closed

        def close(self) -> None:
            self.closed = True

    class DjangoTestAdapter(requests.adapters.HTTPAdapter):
        """A ``requests`` transport adapter that calls the Django WSGI app directly."""

        def __init__(self) -> None:
            super().__init__()
            self.app = WSGIHandler()
            self.factory = RequestFactory()

        def get_environ(self, request: Any) -> dict[str, Any]:
            """Return the WSGI environ for prepared request ``request``."""
            url = urlsplit(request.url)
            kwargs: dict[str, Any] = {"secure": url.scheme == "https"}
            body = request.body
            if body is not None:
                kwargs["data"] = body.read() if hasattr(body, "read") else body
            content_type = request.headers.get("content-type")
            if content_type is not None:
                kwargs["content_type"] = content_type
            if url.hostname:
                kwargs["SERVER_NAME"] = url.hostname
                kwargs["HTTP_HOST"] = url.netloc
            if url.port:
                kwargs["SERVER_PORT"] = str(url.port)
            for name, value in request.headers.items():
                if name.lower() not in _SKIPPED_HEADERS:
                    kwargs["HTTP_" + name.upper().replace("-", "_")] = value
            path = url.path or "/"
            if url.query:
                path += "?" + url.query
            return self.factory.generic(request.method, path, **kwargs).environ

        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            """Run ``request`` through the Django app and return a ``requests.Response``."""
            started: dict[str, Any] = {}
            written: list[bytes] = []

            def start_response(
                status: str, headers: list[tuple[str, str]], exc_info: Any = None
            ) -> Callable[[bytes], object]:
                code, _, reason = status.partition(" ")
                started.update(status=int(code), reason=reason, headers=headers)
                # WSGI's write() callable; its output comes before the iterable's.
                return written.append

            environ = self.get_environ(request)
            with _keep_connections_open():
                chunks = self.app(environ, start_response)
                try:
                    body = b"".join([*written, *chunks])
                finally:
                    close = getattr(chunks, "close", None)
                    if close is not None:
                        close()

            raw = urllib3.HTTPResponse(
                body=io.BytesIO(body),
                headers=urllib3.HTTPHeaderDict(started["headers"]),
                status=started["status"],
                reason=started["reason"],
                version=11,
                version_string="HTTP/1.1",
                preload_content=False,
                original_response=_OriginalResponse(started["headers"]),  # type: ignore[arg-type]
            )
            return self.build_response(request, raw)

        def close(self) -> None:
            """Nothing to close: there is no connection pool."""

    class RequestsClient(requests.Session):
        """A ``requests.Session`` whose requests are served by the Django app under test.

        URLs must be absolute (``"http://testserver/books/"``). Cookies, and so
        sessions and CSRF tokens, persist across requests as with a browser.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            adapter = DjangoTestAdapter()
            self.mount("http://", adapter)
            self.mount("https://", adapter)

        def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
            """Send a request; ``url`` must start with ``http:`` or ``https:``."""
            # requests itself takes bytes URLs as UTF-8.
            text = url.decode("utf-8") if isinstance(url, bytes) else str(url)
            if not text.startswith("http"):
                raise ValueError(
                    'Missing "http:" or "https:". Use a fully qualified URL, eg '
                    '"http://testserver%s"' % text
                )
            return super().request(method, url, *args, **kwargs)

    __all__ += ["DjangoTestAdapter"]

else:

    def RequestsClient(*args: Any, **kwargs: Any) -> Any:  # type: ignore[no-redef]
        """Raise: ``RequestsClient`` needs the ``requests`` package."""
        raise ImproperlyConfigured("requests must be installed in order to use RequestsClient.")


def CoreAPIClient(*args: Any, **kwargs: Any) -> Any:
    """Raise: CoreAPI support was removed (use ``RequestsClient`` or ``APIClient``)."""
    raise ImproperlyConfigured(
        "CoreAPIClient is not available: CoreAPI support was removed from Django REST "
        "framework 3.17 and restwell does not provide it. Use RequestsClient or APIClient."
    )
