"""Authentication policies: who is making the request.

Each authenticator's ``authenticate(request)`` returns ``(user, auth)`` when it
recognises the credentials, ``None`` when the request carries none of its kind
(the next authenticator is tried), and raises ``AuthenticationFailed`` when the
credentials are present but wrong. ``authenticate_header(request)`` decides
whether an unauthenticated request gets a 401 (a ``WWW-Authenticate`` value)
or a 403 (``None``).

Every built-in authenticator also has an ``aauthenticate`` twin for the async
request path. It uses Django's async ORM and auth API where the class's hooks
are restwell's own, and otherwise runs the (possibly overridden) sync hooks in
a thread, so a subclass never has its override skipped.

Failed authentications are logged on the ``restwell.security`` logger without
the secret: the scheme, the reason, the client address and, for Basic, the
user name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import inspect
import logging
from operator import attrgetter
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth import aauthenticate as django_aauthenticate
from django.contrib.auth import authenticate, get_user_model
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext_lazy as _

from restwell import HTTP_HEADER_ENCODING, exceptions

security_logger = logging.getLogger("restwell.security")


def get_authorization_header(request: Any) -> bytes:
    """Return the request's ``Authorization`` header as bytes (``b''`` when absent)."""
    # META, not request.headers: building HttpHeaders copies every header.
    auth = request.META.get("HTTP_AUTHORIZATION", b"")
    if isinstance(auth, str):
        # Header values arrive as latin-1 text; the test client may pass any str.
        try:
            auth = auth.encode(HTTP_HEADER_ENCODING)
        except UnicodeEncodeError:
            auth = auth.encode("utf-8")
    return auth


def _client_address(request: Any) -> str:
    meta = getattr(request, "META", None) or {}
    return str(meta.get("REMOTE_ADDR") or "-")


def log_authentication_failure(request: Any, scheme: str, reason: Any, **fields: Any) -> None:
    """Write one ``restwell.security`` line for a failed authentication (no secrets)."""
    extra = "".join(" %s=%r" % (key, value) for key, value in sorted(fields.items()))
    security_logger.warning(
        "authentication failed: scheme=%s reason=%r addr=%s%s",
        scheme,
        str(reason),
        _client_address(request),
        extra,
    )


def _fingerprint(secret: str) -> str:
    # A short, non-reversible tag so log lines about one token can be correlated.
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:8]


class CSRFCheck(CsrfViewMiddleware):
    """Django's CSRF middleware, returning the failure reason instead of a response."""

    def _reject(self, request: Any, reason: str) -> str:  # type: ignore[override]
        return reason


def _same_function(cls: type, base: type, name: str) -> bool:
    return getattr(cls, name, None) is getattr(base, name, None)


class BaseAuthentication:
    """The base class of authentication policies.

    Override ``authenticate`` (and ``authenticate_header`` to answer 401 rather
    than 403 when credentials are missing). An ``async def authenticate`` or an
    ``aauthenticate`` method is used as is on the async request path.
    """

    # Hooks the native async path of a built-in class relies on; if a subclass
    # overrides any of them, its sync code runs in a thread instead.
    _native_async_hooks: tuple[str, ...] = ()
    _native_async_base: type | None = None

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        """Return ``(user, auth)`` for the request, or ``None`` to let the next class try."""
        raise NotImplementedError(".authenticate() must be overridden.")

    def authenticate_header(self, request: Any) -> str | None:
        """Return the ``WWW-Authenticate`` value for 401 responses, or ``None`` for 403."""
        return None

    async def aauthenticate(self, request: Any) -> tuple[Any, Any] | None:
        """Authenticate on the async path without blocking the event loop.

        Prefer overriding ``authenticate``: this method calls it (in a thread
        when it may do I/O), or an ``async def authenticate`` directly.
        """
        func = self.authenticate
        if inspect.iscoroutinefunction(func):
            return await func(request)
        base = self._native_async_base
        cls = type(self)
        if base is not None and all(
            _same_function(cls, base, hook) for hook in ("authenticate", *self._native_async_hooks)
        ):
            return await self._aauthenticate_native(request)
        return await sync_to_async(func)(request)

    async def _aauthenticate_native(self, request: Any) -> tuple[Any, Any] | None:
        raise NotImplementedError


class BasicAuthentication(BaseAuthentication):
    """HTTP Basic authentication with a user name and password.

    The credentials are split at the first colon and decoded as UTF-8, falling
    back to latin-1. Send them over HTTPS only.
    """

    www_authenticate_realm = "api"
    _native_async_hooks = ("authenticate_credentials", "_parse")

    def _parse(self, request: Any) -> tuple[str, str] | None:
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != b"basic":
            return None
        if len(auth) == 1:
            msg = _("Invalid basic header. No credentials provided.")
            log_authentication_failure(request, "Basic", msg)
            raise exceptions.AuthenticationFailed(msg)
        if len(auth) > 2:
            msg = _("Invalid basic header. Credentials string should not contain spaces.")
            log_authentication_failure(request, "Basic", msg)
            raise exceptions.AuthenticationFailed(msg)
        try:
            raw = base64.b64decode(auth[1], validate=True)
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                decoded = raw.decode("latin-1")
            userid, password = decoded.split(":", 1)
        except (TypeError, ValueError, UnicodeDecodeError, binascii.Error):
            msg = _("Invalid basic header. Credentials not correctly base64 encoded.")
            log_authentication_failure(request, "Basic", msg)
            raise exceptions.AuthenticationFailed(msg)
        return userid, password

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        """Authenticate from ``Authorization: Basic <base64 of user:password>``."""
        parsed = self._parse(request)
        if parsed is None:
            return None
        userid, password = parsed
        return self.authenticate_credentials(userid, password, request)

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        """Check the user name and password against Django's auth backends."""
        credentials: dict[str, Any] = {
            str(get_user_model().USERNAME_FIELD): userid,
            "password": password,
        }
        # No user name or password holds a NUL, and PostgreSQL refuses one in a
        # query (a 500): such credentials are simply wrong.
        user = None if _has_nul(userid, password) else authenticate(request=request, **credentials)
        return self._check_user(user, userid, request)

    async def _aauthenticate_native(self, request: Any) -> tuple[Any, Any] | None:
        parsed = self._parse(request)
        if parsed is None:
            return None
        userid, password = parsed
        credentials: dict[str, Any] = {
            str(get_user_model().USERNAME_FIELD): userid,
            "password": password,
        }
        if _has_nul(userid, password):
            user = None
        else:
            user = await django_aauthenticate(request=request, **credentials)
        return self._check_user(user, userid, request)

    def _check_user(self, user: Any, userid: str, request: Any) -> tuple[Any, None]:
        if user is None:
            msg = _("Invalid username/password.")
            log_authentication_failure(request, "Basic", msg, username=userid[:150])
            raise exceptions.AuthenticationFailed(msg)
        if not user.is_active:
            msg = _("User inactive or deleted.")
            log_authentication_failure(request, "Basic", msg, username=userid[:150])
            raise exceptions.AuthenticationFailed(msg)
        return (user, None)

    def authenticate_header(self, request: Any) -> str:
        return 'Basic realm="%s"' % self.www_authenticate_realm


BasicAuthentication._native_async_base = BasicAuthentication


def _has_nul(*values: str) -> bool:
    return any("\x00" in value for value in values)


def _surely_anonymous(http_request: Any) -> bool:
    """True when Django's session user is certain to be anonymous, without loading it.

    AuthenticationMiddleware's ``request.user`` is a lazy object that reads the
    session; with no session key and nothing loaded yet, that read can only
    give ``AnonymousUser``. Skipping it saves the lazy-object machinery on every
    request without a login cookie (API clients using tokens or nothing).
    A user set any other way (a middleware, ``login()``) is not lazy or is
    already evaluated, and takes the normal path.
    """
    user = http_request.__dict__.get("user")
    # object.__getattribute__: what LazyObject.__getattribute__ does for
    # "_wrapped", without its Python frame.
    if type(user) is not SimpleLazyObject or object.__getattribute__(user, "_wrapped") is not empty:
        return False
    if "_cached_user" in http_request.__dict__:
        return False
    session = getattr(http_request, "session", None)
    if session is None or getattr(session, "_session_cache", None):
        return False
    key = session.session_key
    # No session engine issues a key with a NUL byte, and PostgreSQL refuses
    # one in a query (DataError, a 500): such a cookie cannot name a login.
    return key is None or "\x00" in key


class SessionAuthentication(BaseAuthentication):
    """Django's session (login cookie) authentication, with CSRF enforced.

    Unsafe methods need a valid CSRF token, as in a Django form; requests
    authenticated by another class are not affected.
    """

    _native_async_hooks = ("enforce_csrf",)

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        """Return the session's user, enforcing CSRF; ``None`` when not logged in."""
        if _surely_anonymous(request._request):
            return None
        user = getattr(request._request, "user", None)
        if not user or not user.is_active:
            return None
        self.enforce_csrf(request)
        return (user, None)

    async def _aauthenticate_native(self, request: Any) -> tuple[Any, None] | None:
        http_request = request._request
        if _surely_anonymous(http_request):
            return None
        auser = getattr(http_request, "auser", None)
        if auser is not None:
            user = await auser()
        else:
            user = await sync_to_async(lambda: getattr(http_request, "user", None))()
        if not user or not user.is_active:
            return None
        self.enforce_csrf(request)
        return (user, None)

    def enforce_csrf(self, request: Any) -> None:
        """Raise ``PermissionDenied`` when the request fails Django's CSRF check."""

        def dummy_get_response(request: Any) -> Any:  # pragma: no cover - never called
            return None

        check = CSRFCheck(dummy_get_response)
        # process_request populates request.META["CSRF_COOKIE"] for process_view.
        check.process_request(request)
        reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
        if reason:
            security_logger.warning(
                "csrf check failed: reason=%r addr=%s", str(reason), _client_address(request)
            )
            raise exceptions.PermissionDenied("CSRF Failed: %s" % reason)


SessionAuthentication._native_async_base = SessionAuthentication


def _no_basic_header(http_request: Any) -> bool:
    # BasicAuthentication._parse() returns None without an Authorization header.
    return "HTTP_AUTHORIZATION" not in http_request.META


# Built-in classes whose authenticate()/aauthenticate() return None, with no
# side effect, when the check holds; and the methods that answer must be
# their own (a subclass, an instance attribute or a patch takes the full path).
_SILENT_WHEN: dict[type, tuple[Any, Any, tuple[Any, ...]]] = {}
for _cls, _check, _hooks in (
    (SessionAuthentication, _surely_anonymous, ("authenticate", "aauthenticate", "_aauthenticate_native")),
    (
        BasicAuthentication,
        _no_basic_header,
        ("authenticate", "aauthenticate", "_aauthenticate_native", "_parse"),
    ),
):
    _getter = attrgetter(*_hooks)
    _SILENT_WHEN[_cls] = (_check, _getter, _getter(_cls))


def no_credentials(authenticators: Any, http_request: Any) -> bool:
    """True when each authenticator is a built-in one that finds nothing to
    authenticate in ``http_request`` (no session login, no ``Authorization``
    header), so trying them in turn would end unauthenticated.
    """
    for authenticator in authenticators:
        entry = _SILENT_WHEN.get(type(authenticator))
        if entry is None or authenticator.__dict__:
            return False
        check, hooks, expected = entry
        if hooks(type(authenticator)) != expected or not check(http_request):
            return False
    return True


class TokenAuthentication(BaseAuthentication):
    """Token authentication: ``Authorization: Token <key>``.

    The scheme is matched case-insensitively; set ``keyword`` (for example
    ``"Bearer"``) to use another one, and ``model`` to use another token model
    (it needs ``key`` and ``user`` fields). With restwell's ``Token`` model
    only a digest of each key is stored, and keys are compared in constant time.
    """

    keyword = "Token"
    model: Any = None
    _native_async_hooks = ("authenticate_credentials", "get_model", "_parse")

    def get_model(self) -> Any:
        """Return the token model (``restwell.authtoken.models.Token`` by default)."""
        if self.model is not None:
            return self.model
        from restwell.authtoken.models import Token

        return Token

    def _parse(self, request: Any) -> str | None:
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword.lower().encode():
            return None
        if len(auth) == 1:
            msg = _("Invalid token header. No credentials provided.")
            log_authentication_failure(request, self.keyword, msg)
            raise exceptions.AuthenticationFailed(msg)
        if len(auth) > 2:
            msg = _("Invalid token header. Token string should not contain spaces.")
            log_authentication_failure(request, self.keyword, msg)
            raise exceptions.AuthenticationFailed(msg)
        try:
            token = auth[1].decode()
        except UnicodeError:
            msg = _("Invalid token header. Token string should not contain invalid characters.")
            log_authentication_failure(request, self.keyword, msg)
            raise exceptions.AuthenticationFailed(msg)
        return token

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        """Authenticate from ``Authorization: <keyword> <key>``."""
        key = self._parse(request)
        if key is None:
            return None
        self._request = request
        try:
            return self.authenticate_credentials(key)
        finally:
            self._request = None

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        """Look the key up (one query) and return ``(token.user, token)``."""
        model = self.get_model()
        try:
            token = model.objects.select_related("user").get(key=key)
        except model.DoesNotExist:
            token = None
        return self._check_token(token, key)

    async def _aauthenticate_native(self, request: Any) -> tuple[Any, Any] | None:
        key = self._parse(request)
        if key is None:
            return None
        model = self.get_model()
        try:
            token = await model.objects.select_related("user").aget(key=key)
        except model.DoesNotExist:
            token = None
        self._request = request
        try:
            return self._check_token(token, key)
        finally:
            self._request = None

    def _check_token(self, token: Any, key: str) -> tuple[Any, Any]:
        request = getattr(self, "_request", None)
        if token is None or not _key_matches(token, key):
            msg = _("Invalid token.")
            log_authentication_failure(request, self.keyword, msg, token=_fingerprint(key))
            raise exceptions.AuthenticationFailed(msg)
        if not token.user.is_active:
            msg = _("User inactive or deleted.")
            log_authentication_failure(request, self.keyword, msg, token=_fingerprint(key))
            raise exceptions.AuthenticationFailed(msg)
        is_expired = getattr(token, "is_expired", None)
        if is_expired is not None and is_expired():
            msg = _("Token has expired.")
            log_authentication_failure(request, self.keyword, msg, token=_fingerprint(key))
            raise exceptions.AuthenticationFailed(msg)
        return (token.user, token)

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


TokenAuthentication._native_async_base = TokenAuthentication


def _key_matches(token: Any, key: str) -> bool:
    # The database found the row by (a digest of) the key; compare again in
    # constant time so a collation or case-folding lookup cannot let a
    # near-miss through.
    matches = getattr(token.key, "matches", None)
    if matches is not None:
        return bool(matches(key))
    return hmac.compare_digest(
        str(token.key).encode("utf-8", "surrogatepass"), key.encode("utf-8", "surrogatepass")
    )


class RemoteUserAuthentication(BaseAuthentication):
    """Trust a user name set by the web server (``REMOTE_USER`` by default).

    Needs ``django.contrib.auth.backends.RemoteUserBackend`` (or a subclass) in
    ``AUTHENTICATION_BACKENDS``. Only use it behind a server that sets and
    strips the header itself.
    """

    header = "REMOTE_USER"

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        """Return the user the backend maps the header to, if active."""
        user = authenticate(request=request, remote_user=request.META.get(self.header))
        if user and user.is_active:
            return (user, None)
        return None


__all__ = [
    "BaseAuthentication",
    "BasicAuthentication",
    "CSRFCheck",
    "RemoteUserAuthentication",
    "SessionAuthentication",
    "TokenAuthentication",
    "get_authorization_header",
    "log_authentication_failure",
]
