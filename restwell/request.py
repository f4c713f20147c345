"""``Request`` wraps Django's ``HttpRequest`` with content negotiation,
lazy parsing and pluggable authentication.

Everything is lazy: the body is parsed on first access to ``data``, ``POST``
or ``FILES``, and authentication runs on first access to ``user`` or ``auth``.
Attributes the wrapper does not define are read from the ``HttpRequest``.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from typing import Any

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, QueryDict
from django.http.request import RawPostDataException
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

from restwell import exceptions
from restwell.settings import api_settings, default_charset, restwell_settings

MAX_MEDIA_TYPE_LENGTH = 256

_FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_form_media_type(media_type: str) -> bool:
    """Return True if the media type is a form encoding (urlencoded or multipart)."""
    # An over-long header is not a form; refusing it early bounds the parsing work.
    if len(media_type) > MAX_MEDIA_TYPE_LENGTH:
        return False
    base_media_type, _params = parse_header_parameters(media_type)
    return base_media_type in _FORM_MEDIA_TYPES


class override_method:
    """Temporarily give a request a different method, for the browsable API's forms.

        with override_method(view, request, "POST") as request:
            ...  # request.method == "POST"; view.action follows it
    """

    def __init__(self, view: Any, request: Request, method: str) -> None:
        self.view = view
        self.request = request
        self.method = method
        self.action = getattr(view, "action", None)

    def __enter__(self) -> Request:
        self.view.request = clone_request(self.request, self.method)
        # For viewsets, the action follows the overridden method.
        action_map = getattr(self.view, "action_map", None)
        self.view.action = action_map.get(self.method.lower()) if action_map else None
        return self.view.request

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.view.request = self.request
        self.view.action = self.action


class WrappedAttributeError(Exception):
    """An ``AttributeError`` raised inside a property, re-raised under another type.

    Python would otherwise treat it as "no such attribute" and fall back to
    ``__getattr__``, hiding the real error.
    """


@contextmanager
def wrap_attributeerrors():  # type: ignore[no-untyped-def]
    """Re-raise an ``AttributeError`` from the block as ``WrappedAttributeError``."""
    try:
        yield
    except AttributeError as exc:
        raise _wrapped(exc)


def _wrapped(exc: AttributeError) -> WrappedAttributeError:
    # The request properties catch AttributeError inline and convert it here:
    # a @contextmanager block costs a generator and two calls on every access
    # of request.user, and the properties are on the hot path.
    return WrappedAttributeError(str(exc)).with_traceback(exc.__traceback__)


class Empty:
    """Placeholder for an attribute not loaded yet (``None`` is a valid value)."""


def _hasattr(obj: Any, name: str) -> bool:
    return getattr(obj, name) is not Empty


def clone_request(request: Request, method: str) -> Request:
    """Return a copy of ``request`` with another HTTP method, sharing parsed data and auth."""
    ret = Request(
        request=request._request,
        parsers=request.parsers,
        authenticators=request.authenticators,
        negotiator=request.negotiator,
        parser_context=request.parser_context,
    )
    ret._data = request._data
    ret._files = request._files
    ret._full_data = request._full_data
    ret._content_type = request._content_type
    ret._stream = request._stream
    ret.method = method
    for attr in (
        "_user",
        "_auth",
        "_authenticator",
        "accepted_renderer",
        "accepted_media_type",
        "version",
        "versioning_scheme",
    ):
        if attr in request.__dict__:
            setattr(ret, attr, request.__dict__[attr])
    return ret


class ForcedAuthentication:
    """Authenticate every request as the given user and token (test tools use it)."""

    def __init__(self, force_user: Any, force_token: Any) -> None:
        self.force_user = force_user
        self.force_token = force_token

    def authenticate(self, request: Request) -> tuple[Any, Any]:
        return (self.force_user, self.force_token)

    async def aauthenticate(self, request: Request) -> tuple[Any, Any]:
        return (self.force_user, self.force_token)


class Request:
    """A wrapper around Django's ``HttpRequest``.

    Arguments:
        request: the ``HttpRequest`` to wrap.
        parsers: parser instances used to read the body.
        authenticators: authentication instances tried in order.
        negotiator: the content negotiation instance (selects the parser).
        parser_context: extra context handed to parsers.
    """

    # Set on first use (the properties test self.__dict__, so no class defaults).
    _user: Any
    _auth: Any
    _authenticator: Any
    # Set by the view during content negotiation and versioning.
    accepted_renderer: Any
    accepted_media_type: str
    version: Any
    versioning_scheme: Any

    def __init__(
        self,
        request: HttpRequest,
        parsers: Any = None,
        authenticators: Any = None,
        negotiator: Any = None,
        parser_context: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(request, HttpRequest):
            raise TypeError(
                "The `request` argument must be an instance of "
                "`django.http.HttpRequest`, not `{}.{}`.".format(
                    request.__class__.__module__, request.__class__.__name__
                )
            )
        self._request = request
        self.parsers = parsers or ()
        self.authenticators = authenticators or ()
        self.negotiator = negotiator or self._default_negotiator()
        self.parser_context = parser_context
        self._data: Any = Empty
        self._files: Any = Empty
        self._full_data: Any = Empty
        self._content_type: Any = Empty
        self._stream: Any = Empty

        if self.parser_context is None:
            self.parser_context = {}
        self.parser_context["request"] = self
        self.parser_context["encoding"] = request.encoding or default_charset()

        # force_authenticate() and APIClient set these on the HttpRequest
        # instance; reading its __dict__ avoids two failing getattr() calls
        # (each raises and catches AttributeError) on every other request.
        forced = request.__dict__
        if "_force_auth_user" in forced or "_force_auth_token" in forced:
            force_user = forced.get("_force_auth_user")
            force_token = forced.get("_force_auth_token")
            if force_user is not None or force_token is not None:
                self.authenticators = (ForcedAuthentication(force_user, force_token),)

    def __repr__(self) -> str:
        return "<%s.%s: %s %r>" % (
            self.__class__.__module__,
            self.__class__.__name__,
            self.method,
            self.get_full_path(),
        )

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type:
        return cls

    # The hottest proxied attributes are explicit: a miss on normal lookup
    # followed by __getattr__ costs several times a property call.
    @property
    def META(self) -> dict[str, Any]:
        return self._request.META

    @property
    def method(self) -> str:
        # Django's handlers always set the method; the stubs allow None.
        return self.__dict__.get("_method") or self._request.method  # type: ignore[return-value]

    @method.setter
    def method(self, value: str) -> None:
        # clone_request() and override_method give the wrapper another method.
        self.__dict__["_method"] = value

    def _default_negotiator(self) -> Any:
        return api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS()

    @property
    def content_type(self) -> str:
        meta = self._request.META
        return meta.get("CONTENT_TYPE", meta.get("HTTP_CONTENT_TYPE", ""))

    @property
    def stream(self) -> Any:
        """The request body as a file-like object, or ``None`` when there is none."""
        if not _hasattr(self, "_stream"):
            self._load_stream()
        return self._stream

    @property
    def query_params(self) -> QueryDict:
        """The query string parameters (``request.GET`` with a clearer name)."""
        return self._request.GET

    @property
    def data(self) -> Any:
        """The parsed body: form data, files and JSON alike."""
        if not _hasattr(self, "_full_data"):
            try:
                self._load_data_and_files()
            except AttributeError as exc:
                raise _wrapped(exc)
        return self._full_data

    @property
    def user(self) -> Any:
        """The user the authenticators identified (``AnonymousUser`` by default)."""
        if "_user" not in self.__dict__:
            try:
                self._authenticate()
            except AttributeError as exc:
                raise _wrapped(exc)
        return self._user

    @user.setter
    def user(self, value: Any) -> None:
        # Also set it on the HttpRequest so Django middleware and login/logout see it.
        self._user = value
        self._request.user = value

    @property
    def auth(self) -> Any:
        """The token or other credentials the authenticator returned, if any."""
        if "_auth" not in self.__dict__:
            try:
                self._authenticate()
            except AttributeError as exc:
                raise _wrapped(exc)
        return self._auth

    @auth.setter
    def auth(self, value: Any) -> None:
        self._auth = value
        self._request.auth = value  # type: ignore[attr-defined]  # mirrored on the HttpRequest

    @property
    def successful_authenticator(self) -> Any:
        """The authenticator instance that authenticated the request, or ``None``."""
        if "_authenticator" not in self.__dict__:
            try:
                self._authenticate()
            except AttributeError as exc:
                raise _wrapped(exc)
        return self._authenticator

    # -- parsing ---------------------------------------------------------

    def _load_data_and_files(self) -> None:
        if not _hasattr(self, "_data"):
            self._data, self._files = self._parse()
            if self._files:
                self._full_data = self._data.copy()
                self._full_data.update(self._files)
            else:
                self._full_data = self._data
            # Hand form data to the HttpRequest, so middleware reading
            # request.POST and Django's closing of uploaded files both work.
            if is_form_media_type(self.content_type):
                # Django's private caches of request.POST/FILES (not in its stubs).
                self._request._post = self.POST  # type: ignore[attr-defined]
                self._request._files = self.FILES  # type: ignore[attr-defined]

    def _load_stream(self) -> None:
        meta = self._request.META
        try:
            content_length = int(meta.get("CONTENT_LENGTH", meta.get("HTTP_CONTENT_LENGTH", 0)))
        except (ValueError, TypeError):
            content_length = 0
        limit = restwell_settings.MAX_BODY_SIZE
        if limit is not None and content_length > limit:
            raise exceptions.RequestEntityTooLarge(
                "Request body too large: %d bytes, the limit is %d." % (content_length, limit)
            )
        if content_length <= 0:
            self._stream = self._chunked_body_stream(limit)
        elif not self._request._read_started:  # type: ignore[attr-defined]  # Django private
            self._stream = self._request
        else:
            self._stream = io.BytesIO(self.body)

    def _chunked_body_stream(self, limit: int | None) -> Any:
        """The body of a request sent with ``Transfer-Encoding: chunked`` (no length).

        Only where its end is certain: under ASGI Django has buffered the whole
        body, and a WSGI server that sets ``wsgi.input_terminated`` (gunicorn)
        ends the input stream with the body. Elsewhere reading could block, so
        the body stays unread, as with no body at all.
        """
        meta = self._request.META
        if (
            "chunked" not in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
            or self._request._read_started  # type: ignore[attr-defined]  # Django private
        ):
            return None
        if isinstance(self._request, ASGIRequest):
            source: Any = self._request
        elif meta.get("wsgi.input_terminated"):
            source = meta["wsgi.input"]
        else:
            return None
        data = source.read() if limit is None else source.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise exceptions.RequestEntityTooLarge(
                "Request body too large: more than %d bytes, the limit is %d." % (limit, limit)
            )
        # HttpRequest.body would read nothing (WSGI) or a spent stream (ASGI):
        # give it the bytes, as Django does once it has read a body itself.
        self._request._body = data
        return io.BytesIO(data) if data else None

    def _supports_form_parsing(self) -> bool:
        form_media = ("application/x-www-form-urlencoded", "multipart/form-data")
        return any(parser.media_type in form_media for parser in self.parsers)

    def _parse(self) -> tuple[Any, Any]:
        media_type = self.content_type
        try:
            stream = self.stream
        except RawPostDataException:
            if not hasattr(self._request, "_post"):
                raise
            # Middleware read request.POST of a multipart POST, so the stream is
            # spent; the data Django parsed is the data.
            if self._supports_form_parsing():
                return (self._request.POST, self._request.FILES)
            stream = None

        if stream is None or not media_type:
            if media_type and is_form_media_type(media_type):
                # _encoding: what request.encoding stores (None: the default charset).
                empty_data: Any = QueryDict("", encoding=self._request._encoding)  # type: ignore[attr-defined]
            else:
                empty_data = {}
            return (empty_data, MultiValueDict())

        parser = self.negotiator.select_parser(self, self.parsers)
        if not parser:
            raise exceptions.UnsupportedMediaType(media_type)

        from restwell.parsers import FormParser, JSONParser

        if isinstance(parser, (JSONParser, FormParser)):
            # Reading through request.body enforces DATA_UPLOAD_MAX_MEMORY_SIZE
            # and caches the bytes, so a second parse of the same request works.
            stream = io.BytesIO(self.body)

        try:
            parsed = parser.parse(stream, media_type, self.parser_context)
        except Exception:
            # Leave empty data behind, so rendering the error response (the
            # browsable API reads request.data) does not raise a second time.
            self._data = QueryDict("", encoding=self._request._encoding)  # type: ignore[attr-defined]
            self._files = MultiValueDict()
            self._full_data = self._data
            raise

        try:
            return (parsed.data, parsed.files)
        except AttributeError:
            return (parsed, MultiValueDict())

    # -- authentication --------------------------------------------------

    def _authenticate(self) -> None:
        """Try each authenticator in turn; the first to return a tuple wins."""
        for authenticator in self.authenticators:
            try:
                user_auth_tuple = authenticator.authenticate(self)
            except exceptions.APIException:
                self._not_authenticated()
                raise
            if user_auth_tuple is not None:
                self._authenticator = authenticator
                self.user, self.auth = user_auth_tuple
                return
        self._not_authenticated()

    async def _aauthenticate(self) -> None:
        """The async twin of ``_authenticate`` (see docs/internals.md for the rules)."""
        from restwell._async import call_policy

        for authenticator in self.authenticators:
            try:
                user_auth_tuple = await call_policy(authenticator, "authenticate", self)
            except exceptions.APIException:
                self._not_authenticated()
                raise
            if user_auth_tuple is not None:
                self._authenticator = authenticator
                self.user, self.auth = user_auth_tuple
                return
        self._not_authenticated()

    def _not_authenticated(self) -> None:
        """Set the unauthenticated user and token from the settings."""
        self._authenticator = None
        user_class = api_settings.UNAUTHENTICATED_USER
        user: Any = user_class() if user_class else None
        token_class = api_settings.UNAUTHENTICATED_TOKEN
        auth = token_class() if token_class else None
        if type(self) is Request:
            # What the user and auth setters do, without their two calls
            # (every anonymous request comes here).
            self._user = user
            self._request.user = user
            self._auth = auth
            self._request.auth = auth  # type: ignore[attr-defined]  # as the auth setter
        else:
            self.user = user
            self.auth = auth

    def __getattr__(self, attr: str) -> Any:
        # Only called when normal lookup fails: proxy to the HttpRequest.
        try:
            _request = self.__getattribute__("_request")
            return getattr(_request, attr)
        except AttributeError:
            return self.__getattribute__(attr)

    @property
    def POST(self) -> Any:
        # Make request.POST go through our parsers, so JSON-only views see an empty form.
        if not _hasattr(self, "_data"):
            try:
                self._load_data_and_files()
            except AttributeError as exc:
                raise _wrapped(exc)
        if is_form_media_type(self.content_type):
            return self._data
        return QueryDict("", encoding=self._request._encoding)  # type: ignore[attr-defined]

    @property
    def FILES(self) -> Any:
        # Django's request.FILES is read-only data the parsers fill in.
        if not _hasattr(self, "_files"):
            try:
                self._load_data_and_files()
            except AttributeError as exc:
                raise _wrapped(exc)
        return self._files

    def force_plaintext_errors(self, value: bool) -> None:
        # Kept for API compatibility; errors are always rendered by the renderer.
        self._request.is_ajax = value  # type: ignore[attr-defined]


__all__ = [
    "Empty",
    "ForcedAuthentication",
    "Request",
    "WrappedAttributeError",
    "clone_request",
    "is_form_media_type",
    "override_method",
    "wrap_attributeerrors",
]
