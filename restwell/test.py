"""Test tools for APIs: request factories, clients and test case classes.

They extend Django's test tools with what API tests need:

- ``format="json"`` (or any format in ``TEST_REQUEST_RENDERER_CLASSES``) renders
  the request body with that renderer and sets its content type; without it,
  ``TEST_REQUEST_DEFAULT_FORMAT`` (``"multipart"``) is used;
- ``content_type=`` sends the data as given (dicts and lists are JSON-encoded
  when the content type is JSON);
- ``force_authenticate()`` skips authentication and makes the request come from
  a given user and/or token; ``credentials()`` adds headers to every request;
- CSRF checks are off unless ``enforce_csrf_checks=True``.

``APIRequestFactory`` builds requests to call a view directly; ``APIClient`` sends
them through the whole Django stack (middleware, URLconf). The async twins
``AsyncAPIRequestFactory`` and ``AsyncAPIClient`` (the names adrf uses) build
ASGI requests with the same API; the client's methods are awaited::

    client = AsyncAPIClient()
    client.force_authenticate(user=user)
    response = await client.post("/books/", {"title": "Dune"}, format="json")

``APITestCase`` and friends use ``APIClient`` as ``self.client`` and
``AsyncAPIClient`` as ``self.async_client``. ``RequestsClient`` (needs the
``requests`` package) speaks to the Django app through a ``requests.Session``,
so tests can be written as for a live API.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.test import override_settings, testcases
from django.test.client import AsyncClient as DjangoAsyncClient
from django.test.client import AsyncClientHandler, ClientHandler
from django.test.client import AsyncRequestFactory as DjangoAsyncRequestFactory
from django.test.client import Client as DjangoClient
from django.test.client import RequestFactory as DjangoRequestFactory
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlencode

from restwell._test_requests import CoreAPIClient, RequestsClient
from restwell.settings import api_setting

__all__ = [
    "APIClient",
    "APILiveServerTestCase",
    "APIRequestFactory",
    "APISimpleTestCase",
    "APITestCase",
    "APITransactionTestCase",
    "AsyncAPIClient",
    "AsyncAPIRequestFactory",
    "CoreAPIClient",
    "ForceAuthAsyncClientHandler",
    "ForceAuthClientHandler",
    "RequestEncodingError",
    "RequestsClient",
    "URLPatternsTestCase",
    "cleanup_url_patterns",
    "force_authenticate",
]


class RequestEncodingError(ImproperlyConfigured, AssertionError):
    """A test built a request the factory cannot encode (bad ``format``/``content_type``).

    It is an ``ImproperlyConfigured``, and also an ``AssertionError`` because
    Django REST framework's test tools raised that and tests check for it.
    """


def force_authenticate(request: HttpRequest, user: Any = None, token: Any = None) -> None:
    """Make the API view treat ``request`` as authenticated by ``user`` and/or ``token``.

    The view's authentication classes are not run: ``request.user`` is ``user``
    (or the unauthenticated user when ``None``) and ``request.auth`` is ``token``.
    Use it on requests built by ``APIRequestFactory``; on ``APIClient`` call
    ``client.force_authenticate()`` instead.
    """
    request._force_auth_user = user  # type: ignore[attr-defined]
    request._force_auth_token = token  # type: ignore[attr-defined]


# --- request factories ----------------------------------------------------------


class _APIRequestBuilder:
    """Body encoding by ``format``/``content_type``, shared by the sync and async factories.

    The methods return whatever ``generic()`` returns: a request for the
    factories, a response for ``APIClient``, an awaitable for ``AsyncAPIClient``.
    """

    # Read from the settings when accessed, so ``override_settings`` applies.
    renderer_classes_list = api_setting("TEST_REQUEST_RENDERER_CLASSES")
    default_format = api_setting("TEST_REQUEST_DEFAULT_FORMAT")

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        self.enforce_csrf_checks = enforce_csrf_checks
        self.renderer_classes = {cls.format: cls for cls in self.renderer_classes_list}
        super().__init__(**defaults)

    def _encode_data(
        self, data: Any, format: str | None = None, content_type: str | None = None
    ) -> tuple[bytes, str | None]:
        """Return ``(body bytes, content type)`` for ``data`` sent as ``format`` or ``content_type``."""
        if data is None:
            return b"", content_type
        if format is not None and content_type is not None:
            raise RequestEncodingError(
                "You may not set both `format` and `content_type`. Pass `format` to "
                "have the data rendered, or `content_type` to send it as it is."
            )
        if content_type:
            # Sent as given; Django's factory JSON-encodes dicts and lists for
            # JSON content types.
            data = self._encode_json(data, content_type)  # type: ignore[attr-defined]
            return force_bytes(data, settings.DEFAULT_CHARSET), content_type

        format = format or self.default_format
        try:
            renderer_class = self.renderer_classes[format]
        except KeyError:
            raise RequestEncodingError(
                "Invalid format '{}'. Available formats are {}. Set "
                "TEST_REQUEST_RENDERER_CLASSES to enable extra request formats.".format(
                    format, ", ".join("'%s'" % name for name in self.renderer_classes)
                )
            )
        renderer = renderer_class()
        body = renderer.render(data)
        content_type = renderer.media_type
        if renderer.charset:
            content_type = "%s; charset=%s" % (content_type, renderer.charset)
        if isinstance(body, str):
            body = body.encode(renderer.charset or settings.DEFAULT_CHARSET)
        return body, content_type

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:
        """Build a GET request; ``data`` becomes the query string.

        Without ``data``, a query string written in ``path`` is used.
        """
        return self._query("GET", path, data, extra)

    def _query(self, method: str, path: str, data: Any, extra: dict[str, Any]) -> Any:
        # Redirect-following passes the original call's keywords back in.
        extra.pop("format", None)
        extra.pop("content_type", None)
        if data:
            extra = {"QUERY_STRING": urlencode(data, doseq=True), **extra}
        return self.generic(method, path, **extra)

    def _with_body(
        self,
        method: str,
        path: str,
        data: Any,
        format: str | None,
        content_type: str | None,
        extra: dict[str, Any],
    ) -> Any:
        body, content_type = self._encode_data(data, format, content_type)
        return self.generic(method, path, body, content_type, **extra)

    def post(
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        """Build a POST request with ``data`` rendered as ``format`` or sent as ``content_type``."""
        return self._with_body("POST", path, data, format, content_type, extra)

    def put(
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        """Build a PUT request (see ``post()``)."""
        return self._with_body("PUT", path, data, format, content_type, extra)

    def patch(
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        """Build a PATCH request (see ``post()``)."""
        return self._with_body("PATCH", path, data, format, content_type, extra)

    def delete(
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        """Build a DELETE request (see ``post()``)."""
        return self._with_body("DELETE", path, data, format, content_type, extra)

    def options(
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        """Build an OPTIONS request (see ``post()``)."""
        return self._with_body("OPTIONS", path, data, format, content_type, extra)

    def generic(
        self,
        method: str,
        path: str | Promise,
        data: Any = "",
        content_type: str | None = "application/octet-stream",
        secure: bool = False,
        **extra: Any,
    ) -> Any:
        """Build a request with any method, body bytes and content type.

        The content type is set even when the body is empty, so a view sees
        ``Content-Type: application/json`` on a bodiless JSON POST.
        """
        if content_type is None:
            content_type = "application/octet-stream" if data else None
        if content_type is not None and not data:
            extra.setdefault("CONTENT_TYPE", str(content_type))
        return super().generic(  # type: ignore[misc]
            method, path, data, content_type or "application/octet-stream", secure, **extra
        )

    def _csrf_flag(self, request: Any) -> Any:
        # The factories' requests skip the view's CSRF check like Django's test
        # client does; the clients' handlers set the flag themselves.
        if isinstance(request, HttpRequest):
            request._dont_enforce_csrf_checks = not self.enforce_csrf_checks  # type: ignore[attr-defined]
        return request


# The request methods keep DRF's signatures (path, data, format, content_type),
# which differ from Django's (path, data, content_type, secure): the type
# checker's "incompatible definition in base classes" is expected on the four
# classes below.
class APIRequestFactory(_APIRequestBuilder, DjangoRequestFactory):  # type: ignore[misc]
    """Django's ``RequestFactory`` with API body encoding.

    ``factory.post("/books/", {"title": "Dune"}, format="json")`` builds a
    request to pass to a view (``view(request)``). Requests skip CSRF checks
    unless the factory is built with ``enforce_csrf_checks=True``. Pair it with
    ``force_authenticate(request, user)`` to bypass authentication.
    """

    def request(self, **kwargs: Any) -> Any:
        """Build the request from WSGI environ values."""
        return self._csrf_flag(super().request(**kwargs))


def _asgi_header_names(extra: dict[str, Any]) -> dict[str, Any]:
    # Tests written for the WSGI tools pass headers as environ keys
    # ("HTTP_AUTHORIZATION"); Django's ASGI factory expects header names
    # ("AUTHORIZATION"), so accept both.
    return {(key[5:] if key.startswith("HTTP_") else key): value for key, value in extra.items()}


class AsyncAPIRequestFactory(_APIRequestBuilder, DjangoAsyncRequestFactory):  # type: ignore[misc]
    """``APIRequestFactory`` for ASGI requests, to call async views directly.

    The methods build ``ASGIRequest`` objects (they are not coroutines);
    headers may be given as ``HTTP_*`` environ keys or as ``headers={...}``.
    """

    def generic(
        self,
        method: str,
        path: str | Promise,
        data: Any = "",
        content_type: str | None = "application/octet-stream",
        secure: bool = False,
        **extra: Any,
    ) -> Any:
        """Build an ASGI request with any method, body bytes and content type."""
        return super().generic(
            method, path, data, content_type, secure, **_asgi_header_names(extra)
        )

    def request(self, **kwargs: Any) -> Any:
        """Build the request from ASGI scope values."""
        return self._csrf_flag(super().request(**kwargs))


# --- clients ----------------------------------------------------------------------


class ForceAuthClientHandler(ClientHandler):
    """Django's test client handler, applying the client's ``force_authenticate()``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._force_user = None
        self._force_token = None
        super().__init__(*args, **kwargs)

    def get_response(self, request: HttpRequest) -> Any:
        """Mark ``request`` as force-authenticated, then handle it."""
        force_authenticate(request, self._force_user, self._force_token)
        return super().get_response(request)


class ForceAuthAsyncClientHandler(AsyncClientHandler):
    """Django's async test client handler, applying the client's ``force_authenticate()``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._force_user = None
        self._force_token = None
        super().__init__(*args, **kwargs)

    async def get_response_async(self, request: HttpRequest) -> Any:
        """Mark ``request`` as force-authenticated, then handle it."""
        force_authenticate(request, self._force_user, self._force_token)
        return await super().get_response_async(request)


class _APIClientMixin:
    """Credentials and forced authentication, shared by the sync and async clients."""

    handler: Any
    _credentials: dict[str, Any]

    def credentials(self, **kwargs: Any) -> None:
        """Send these headers (as ``HTTP_*`` environ keys) with every request.

        ``client.credentials(HTTP_AUTHORIZATION="Token abc")``; a new call
        replaces the previous headers, ``credentials()`` clears them.
        """
        self._credentials = kwargs

    def _set_forced(self, user: Any, token: Any) -> None:
        self.handler._force_user = user
        self.handler._force_token = token


class APIClient(APIRequestFactory, _APIClientMixin, DjangoClient):  # type: ignore[misc]
    """Django's test ``Client`` with API body encoding, credentials and forced authentication.

    Every method takes ``follow=True`` to follow redirects (307/308 keep the
    method, body and format). ``logout()`` also clears ``credentials()`` and
    ``force_authenticate()``.
    """

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=enforce_csrf_checks, **defaults)
        self.handler = ForceAuthClientHandler(enforce_csrf_checks)
        self._credentials = {}

    def force_authenticate(self, user: Any = None, token: Any = None) -> None:
        """Authenticate every following request as ``user`` and/or ``token``.

        ``force_authenticate(None)`` (no user, no token) undoes it and also logs
        out any session.
        """
        self._set_forced(user, token)
        if user is None and token is None:
            self.logout()

    def request(self, **kwargs: Any) -> Any:
        """Send the request, with the ``credentials()`` headers added."""
        kwargs.update(self._credentials)
        return super().request(**kwargs)

    # Every method takes ``follow=True`` (Django's client does the same); the
    # encoding methods of the factory funnel into these two hooks.
    def _query(self, method: str, path: str, data: Any, extra: dict[str, Any]) -> Any:
        follow = extra.pop("follow", False)
        response = super()._query(method, path, data, extra)
        if follow:
            # Django's private redirect follower, which django-stubs leaves out.
            response = self._handle_redirects(response, data=data, **extra)  # type: ignore[attr-defined]
        return response

    def _with_body(
        self,
        method: str,
        path: str,
        data: Any,
        format: str | None,
        content_type: str | None,
        extra: dict[str, Any],
    ) -> Any:
        follow = extra.pop("follow", False)
        response = super()._with_body(method, path, data, format, content_type, extra)
        if follow:
            response = self._handle_redirects(  # type: ignore[attr-defined]
                response, data=data, format=format, content_type=content_type, **extra
            )
        return response

    def logout(self) -> None:
        """Forget ``credentials()`` and ``force_authenticate()``, and log out the session."""
        self._credentials = {}
        self._set_forced(None, None)
        if self.session:
            super().logout()


class AsyncAPIClient(AsyncAPIRequestFactory, _APIClientMixin, DjangoAsyncClient):  # type: ignore[misc]
    """``APIClient`` for the ASGI stack: the same API, with methods to await.

    Headers may be given as ``HTTP_*`` environ keys (as with ``APIClient``) or
    as ``headers={...}``. Use ``await client.alogout()`` to end a session from
    async code.
    """

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=enforce_csrf_checks, **defaults)
        self.handler = ForceAuthAsyncClientHandler(enforce_csrf_checks)
        self._credentials = {}

    def force_authenticate(self, user: Any = None, token: Any = None) -> None:
        """Authenticate every following request as ``user`` and/or ``token``.

        ``force_authenticate(None)`` undoes it and drops the session cookie (it
        does not touch the database, so it is safe in async tests).
        """
        self._set_forced(user, token)
        if user is None and token is None:
            self._credentials = {}
            self.cookies = SimpleCookie()

    def generic(
        self,
        method: str,
        path: str | Promise,
        data: Any = "",
        content_type: str | None = "application/octet-stream",
        secure: bool = False,
        **extra: Any,
    ) -> Any:
        """Send a request with any method, with the ``credentials()`` headers added."""
        extra.update(self._credentials)
        return super().generic(method, path, data, content_type, secure, **extra)

    def _query(self, method: str, path: str, data: Any, extra: dict[str, Any]) -> Any:
        follow = extra.pop("follow", False)
        return self._afollow(super()._query(method, path, data, extra), follow, data=data, **extra)

    def _with_body(
        self,
        method: str,
        path: str,
        data: Any,
        format: str | None,
        content_type: str | None,
        extra: dict[str, Any],
    ) -> Any:
        follow = extra.pop("follow", False)
        sent = super()._with_body(method, path, data, format, content_type, extra)
        return self._afollow(
            sent, follow, data=data, format=format, content_type=content_type, **extra
        )

    async def _afollow(self, sent: Any, follow: bool, **kwargs: Any) -> Any:
        response = await sent
        if follow:
            # Django's private redirect follower, which django-stubs leaves out.
            response = await self._ahandle_redirects(response, **kwargs)  # type: ignore[attr-defined]
        return response

    def _follow_redirect(self, response: Any, **kwargs: Any) -> Any:
        # Django's shared redirect code reads the WSGI names from the request
        # that produced the response; an ASGI scope has "method" and "path", so
        # a 307/308 (method-preserving) redirect would fail with a KeyError.
        scope = response.request
        if "REQUEST_METHOD" not in scope:
            response.request = {
                **scope,
                "REQUEST_METHOD": scope["method"],
                "PATH_INFO": scope["path"],
            }
        return super()._follow_redirect(response, **kwargs)  # type: ignore[misc]  # not in django-stubs

    def logout(self) -> None:
        """Forget credentials and forced authentication, and log out (sync code only)."""
        self._credentials = {}
        self._set_forced(None, None)
        super().logout()

    async def alogout(self) -> None:
        """Forget credentials and forced authentication, and log out the session."""
        self._credentials = {}
        self._set_forced(None, None)
        await super().alogout()


# --- test cases -------------------------------------------------------------------


class APITransactionTestCase(testcases.TransactionTestCase):
    """``TransactionTestCase`` whose ``self.client`` is an ``APIClient``."""

    client_class = APIClient
    async_client_class = AsyncAPIClient


class APITestCase(testcases.TestCase):
    """``TestCase`` whose ``self.client`` is an ``APIClient``."""

    client_class = APIClient
    async_client_class = AsyncAPIClient


class APISimpleTestCase(testcases.SimpleTestCase):
    """``SimpleTestCase`` (no database) whose ``self.client`` is an ``APIClient``."""

    client_class = APIClient
    async_client_class = AsyncAPIClient


class APILiveServerTestCase(testcases.LiveServerTestCase):
    """``LiveServerTestCase`` whose ``self.client`` is an ``APIClient``."""

    client_class = APIClient
    async_client_class = AsyncAPIClient


_MISSING = object()


def cleanup_url_patterns(cls: Any) -> None:
    """Put back the ``urlpatterns`` a ``URLPatternsTestCase`` replaced in its module."""
    saved = cls.__dict__.get("_module_urlpatterns", _MISSING)
    if saved is _MISSING:
        if hasattr(cls._module, "urlpatterns"):
            del cls._module.urlpatterns
    else:
        cls._module.urlpatterns = saved


class URLPatternsTestCase(testcases.SimpleTestCase):
    """A test case that serves its own ``urlpatterns`` while its tests run.

    Declare ``urlpatterns = [...]`` on the class; the test module becomes
    ``ROOT_URLCONF`` for the class, with those patterns, and both are put back
    afterwards. Combine it with ``APITestCase`` for database access::

        class BookTests(APITestCase, URLPatternsTestCase):
            urlpatterns = [path("books/", BookList.as_view())]
    """

    urlpatterns: list[Any]
    # Set by setUpClass(): the test module, the urlpatterns it had (or
    # _MISSING) and the ROOT_URLCONF override.
    _module: ModuleType
    _module_urlpatterns: Any
    _override: override_settings

    @classmethod
    def setUpClass(cls) -> None:
        patterns = getattr(cls, "urlpatterns", None)
        if not isinstance(patterns, (list, tuple)):
            raise ImproperlyConfigured(
                "%s must declare `urlpatterns = [...]` (a list of URL patterns) to "
                "use URLPatternsTestCase." % cls.__name__
            )
        cls._module = import_module(cls.__module__)
        cls._module_urlpatterns = cls._module.__dict__.get("urlpatterns", _MISSING)
        cls._override = override_settings(ROOT_URLCONF=cls.__module__)
        cls._module.__dict__["urlpatterns"] = patterns
        cls._override.enable()
        # Cleanups run last-in first-out: restore the module, then the settings
        # (which clears the URL resolver caches).
        cls.addClassCleanup(cls._override.disable)
        cls.addClassCleanup(cleanup_url_patterns, cls)
        super().setUpClass()
