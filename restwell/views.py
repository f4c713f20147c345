"""``APIView``: the request cycle, and the default exception handler.

One request, one path::

    dispatch / adispatch
      → initialize_request   (Request: lazy parsing via the negotiated parser)
      → initial / ainitial   (negotiation, versioning, authentication,
                              permissions, throttles)
      → handler              (get/post/…; sync or ``async def``)
      → handle_exception     (on error: EXCEPTION_HANDLER → Response)
      → finalize_response    (renderer, headers; Django renders the bytes)

The cycle is written once. ``dispatch`` and ``adispatch`` are thin shells over
shared, I/O-free steps; only authentication, permissions and throttles, which
may do I/O, have async twins (see docs/internals.md).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import connections, models, transaction
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils.cache import cc_delim_re, patch_vary_headers  # type: ignore[attr-defined]  # not in django-stubs
from django.utils.encoding import smart_str
from django.views.generic import View

from restwell import exceptions, status
from restwell._async import call_policy, overrides_sync_only
from restwell._plan import (
    call_handler,
    can_fuse,
    plan_for,
    record_original_hooks,
    run_async,
    run_sync,
)
from restwell._plan import in_thread as _in_thread
from restwell._release import release_on_close
from restwell.permissions import log_permission_denied
from restwell.request import Request
from restwell.response import Response, set_header
from restwell.schemas import DefaultSchema
from restwell.settings import api_setting, api_settings, restwell_settings
from restwell.throttling import rate_limit_headers
from restwell.utils import formatting

logger = logging.getLogger("django.request")


def get_view_name(view: Any) -> str:
    """Return the name shown for a view in the browsable API and schemas.

    ``view.name`` wins; otherwise the class name without ``View``/``ViewSet``,
    with spaces between words, plus ``view.suffix`` if set.
    """
    name = getattr(view, "name", None)
    if name is not None:
        return name
    name = view.__class__.__name__
    name = formatting.remove_trailing_string(name, "View")
    name = formatting.remove_trailing_string(name, "ViewSet")
    name = formatting.camelcase_to_spaces(name)
    suffix = getattr(view, "suffix", None)
    if suffix:
        name += " " + suffix
    return name


def get_view_description(view: Any, html: bool = False) -> str:
    """Return the description of a view: ``view.description`` or the class docstring.

    With ``html=True`` the text is rendered as Markdown when it is installed.
    """
    description = getattr(view, "description", None)
    if description is None:
        description = view.__class__.__doc__ or ""
    description = formatting.dedent(smart_str(description))
    if html:
        return formatting.markup_description(description)
    return description


def set_rollback() -> None:
    """Mark the request's atomic blocks (``ATOMIC_REQUESTS``) for rollback."""
    for db in connections.all(initialized_only=True):
        if db.settings_dict["ATOMIC_REQUESTS"] and db.in_atomic_block:
            transaction.set_rollback(True, using=db.alias)


def _django_validation_error_detail(exc: DjangoValidationError) -> Any:
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        return {
            (non_field_key if field == "__all__" else field): [
                exceptions.ErrorDetail(message, code=error.code or "invalid")
                for error in errors
                for message in error.messages
            ]
            for field, errors in exc.error_dict.items()
        }
    return [
        exceptions.ErrorDetail(message, code=error.code or "invalid")
        for error in exc.error_list
        for message in error.messages
    ]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Return the response for an exception, or ``None`` to let it propagate.

    Handles restwell's ``APIException`` family and Django's ``Http404`` and
    ``PermissionDenied``. restwell also turns a Django ``ValidationError``
    (e.g. from ``Model.full_clean()`` in ``save()``) into a 400 and an
    over-size body into a 413. Set ``EXCEPTION_HANDLER`` to customise.
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.RequestEntityTooLarge(
            "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
        )
    elif isinstance(exc, DjangoValidationError) and restwell_settings.DJANGO_VALIDATION_ERROR_AS_400:
        exc = exceptions.ValidationError(_django_validation_error_detail(exc))

    if isinstance(exc, exceptions.APIException):
        headers = {}
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait:
            headers["Retry-After"] = "%d" % max(0, wait)
        extra = getattr(exc, "headers", None)
        if extra:
            headers.update(extra)
        if isinstance(exc.detail, (list, dict)):
            data = exc.detail
        else:
            data = {"detail": exc.detail}
        set_rollback()
        return Response(data, status=exc.status_code, headers=headers)
    return None


class APIView(View):
    """A Django class-based view with negotiation, parsing, authentication,
    permissions, throttling, versioning and error handling.

    Policy attributes default to the ``REST_FRAMEWORK`` settings, read when
    accessed, so ``override_settings`` reaches them. Define ``get``/``post``/…
    as plain methods, or all of them as ``async def`` to run natively under ASGI.
    """

    # Policies (each reads its setting when accessed; assign to override).
    renderer_classes: Any = api_setting("DEFAULT_RENDERER_CLASSES")
    parser_classes: Any = api_setting("DEFAULT_PARSER_CLASSES")
    authentication_classes: Any = api_setting("DEFAULT_AUTHENTICATION_CLASSES")
    throttle_classes: Any = api_setting("DEFAULT_THROTTLE_CLASSES")
    permission_classes: Any = api_setting("DEFAULT_PERMISSION_CLASSES")
    content_negotiation_class: Any = api_setting("DEFAULT_CONTENT_NEGOTIATION_CLASS")
    metadata_class: Any = api_setting("DEFAULT_METADATA_CLASS")
    versioning_class: Any = api_setting("DEFAULT_VERSIONING_CLASS")

    # Allow dependency injection of other settings to make testing easier.
    settings: Any = api_settings

    schema: Any = DefaultSchema()

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        """Return the view function (CSRF-exempt: SessionAuthentication enforces CSRF)."""
        queryset = getattr(cls, "queryset", None)
        if isinstance(queryset, models.query.QuerySet):

            def force_evaluation() -> None:
                raise RuntimeError(
                    "Do not evaluate the `.queryset` attribute directly, "
                    "as the result will be cached and reused between requests. "
                    "Use `.all()` or call `.get_queryset()` instead."
                )

            queryset._fetch_all = force_evaluation  # type: ignore[method-assign]

        view = super().as_view(**initkwargs)
        view.cls = cls  # type: ignore[attr-defined]
        view.initkwargs = initkwargs  # type: ignore[attr-defined]
        # Authentication and permissions are the view's business, so Django's
        # LoginRequiredMiddleware (5.1+) must not redirect API requests to a login page.
        view.login_required = False  # type: ignore[attr-defined]
        # Session authentication checks CSRF itself, only for authenticated
        # requests; every other request is CSRF-exempt. The flag is what
        # csrf_exempt() sets, on the view itself rather than on a wrapper
        # that would add a call to every request.
        view.csrf_exempt = True  # type: ignore[attr-defined]
        return view

    @property
    def allowed_methods(self) -> list[str]:
        """The HTTP methods this view implements, upper-cased."""
        return [m.upper() for m in self.http_method_names if hasattr(self, m)]

    @property
    def default_response_headers(self) -> dict[str, str]:
        headers = {"Allow": ", ".join(self.allowed_methods)}
        if len(self.renderer_classes) > 1:
            headers["Vary"] = "Accept"
        return headers

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Raise ``MethodNotAllowed`` for a method the view does not implement."""
        raise exceptions.MethodNotAllowed(request.method)

    def permission_denied(self, request: Any, message: Any = None, code: Any = None) -> None:
        """Raise 401 if no authenticator accepted the request, else 403."""
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated()
        raise exceptions.PermissionDenied(detail=message, code=code)

    def throttled(self, request: Any, wait: float | None) -> None:
        """Raise ``Throttled`` (429) with the seconds to wait."""
        raise exceptions.Throttled(wait)

    def get_authenticate_header(self, request: Any) -> str | None:
        """Return the ``WWW-Authenticate`` value for 401 responses, from the first authenticator."""
        authenticators = self.get_authenticators()
        if authenticators:
            return authenticators[0].authenticate_header(request)
        return None

    def get_parser_context(self, http_request: Any) -> dict[str, Any]:
        """Return the context handed to parsers."""
        return {
            "view": self,
            "args": getattr(self, "args", ()),
            "kwargs": getattr(self, "kwargs", {}),
        }

    def get_renderer_context(self) -> dict[str, Any]:
        """Return the context handed to renderers."""
        return {
            "view": self,
            "args": getattr(self, "args", ()),
            "kwargs": getattr(self, "kwargs", {}),
            "request": getattr(self, "request", None),
        }

    def get_exception_handler_context(self) -> dict[str, Any]:
        """Return the context handed to the exception handler."""
        return {
            "view": self,
            "args": getattr(self, "args", ()),
            "kwargs": getattr(self, "kwargs", {}),
            "request": getattr(self, "request", None),
        }

    def get_view_name(self) -> str:
        """Return the view name shown in the browsable API."""
        func = self.settings.VIEW_NAME_FUNCTION
        return func(self)

    def get_view_description(self, html: bool = False) -> str:
        """Return the description shown in the browsable API (HTML when ``html``)."""
        func = self.settings.VIEW_DESCRIPTION_FUNCTION
        return func(self, html)

    # -- API policy instantiation ----------------------------------------

    def get_format_suffix(self, **kwargs: Any) -> str | None:
        """Return the format suffix (``.json``) captured by the URL conf, if any."""
        kwarg = self.settings.FORMAT_SUFFIX_KWARG
        if kwarg:
            return kwargs.get(kwarg)
        return None

    def get_renderers(self) -> list[Any]:
        """Instantiate the renderers this view can use."""
        return [renderer() for renderer in self.renderer_classes]

    def get_parsers(self) -> list[Any]:
        """Instantiate the parsers this view accepts."""
        return [parser() for parser in self.parser_classes]

    def get_authenticators(self) -> list[Any]:
        """Instantiate the authenticators this view tries."""
        return [auth() for auth in self.authentication_classes]

    def get_permissions(self) -> list[Any]:
        """Instantiate the permissions this view requires."""
        return [permission() for permission in self.permission_classes]

    def get_throttles(self) -> list[Any]:
        """Instantiate the throttles this view applies."""
        return [throttle() for throttle in self.throttle_classes]

    def get_content_negotiator(self) -> Any:
        """Instantiate the content negotiation class (once per view instance)."""
        if not getattr(self, "_negotiator", None):
            self._negotiator = self.content_negotiation_class()
        return self._negotiator

    def get_exception_handler(self) -> Any:
        """Return the exception handler (``EXCEPTION_HANDLER``)."""
        return self.settings.EXCEPTION_HANDLER

    # -- API policy implementation ---------------------------------------

    def perform_content_negotiation(self, request: Any, force: bool = False) -> tuple[Any, str]:
        """Pick the renderer and media type; ``force`` falls back to the first renderer."""
        renderers = self.get_renderers()
        conneg = self.get_content_negotiator()
        try:
            return conneg.select_renderer(request, renderers, self.format_kwarg)
        except Exception:
            if force:
                return (renderers[0], renderers[0].media_type)
            raise

    def perform_authentication(self, request: Any) -> None:
        """Authenticate now rather than lazily on first access to ``request.user``.

        Override with ``pass`` to keep authentication lazy.
        """
        request.user  # noqa: B018

    async def aperform_authentication(self, request: Any) -> None:
        """The async twin of ``perform_authentication``."""
        if "_user" not in request.__dict__:
            await request._aauthenticate()

    def check_permissions(self, request: Any) -> None:
        """Raise if any permission refuses the request."""
        for permission in self.get_permissions():
            if not permission.has_permission(request, self):
                self._deny(request, permission)

    async def acheck_permissions(self, request: Any) -> None:
        """The async twin of ``check_permissions``."""
        for permission in self.get_permissions():
            if not await call_policy(permission, "has_permission", request, self):
                self._deny(request, permission)

    def check_object_permissions(self, request: Any, obj: Any) -> None:
        """Raise if any permission refuses access to ``obj``."""
        for permission in self.get_permissions():
            if not permission.has_object_permission(request, self, obj):
                self._deny(request, permission)

    async def acheck_object_permissions(self, request: Any, obj: Any) -> None:
        """The async twin of ``check_object_permissions``."""
        for permission in self.get_permissions():
            if not await call_policy(permission, "has_object_permission", request, self, obj):
                self._deny(request, permission)

    def _deny(self, request: Any, permission: Any) -> None:
        log_permission_denied(request, self, permission)
        self.permission_denied(
            request,
            message=getattr(permission, "message", None),
            code=getattr(permission, "code", None),
        )

    def check_throttles(self, request: Any) -> None:
        """Raise ``Throttled`` if any throttle refuses the request."""
        throttles = self.get_throttles()
        if not throttles:
            return  # the default (no DEFAULT_THROTTLE_CLASSES): nothing to record
        durations = []
        for throttle in throttles:
            if not throttle.allow_request(request, self):
                durations.append(throttle.wait())
        self._after_throttles(request, throttles, durations)

    async def acheck_throttles(self, request: Any) -> None:
        """The async twin of ``check_throttles``."""
        throttles = self.get_throttles()
        durations = []
        for throttle in throttles:
            if not await call_policy(throttle, "allow_request", request, self):
                durations.append(throttle.wait())
        self._after_throttles(request, throttles, durations)

    def _after_throttles(self, request: Any, throttles: list[Any], durations: list[Any]) -> None:
        if throttles:
            # RateLimit-* go on every response, the 429 included (finalize_response
            # copies self.headers onto whatever response the request ends with).
            self.headers.update(rate_limit_headers(throttles))
        if durations:
            # Filter out None: a throttle may not know when it frees up.
            known = [d for d in durations if d is not None]
            self.throttled(request, max(known, default=None))

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        """Return ``(version, versioning_scheme)`` for the request."""
        versioning_class = self.versioning_class
        if versioning_class is None:
            return (None, None)
        scheme = versioning_class()
        return (scheme.determine_version(request, *args, **kwargs), scheme)

    # -- Dispatch methods ------------------------------------------------

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Request:
        """Wrap the ``HttpRequest`` in a ``Request``."""
        parser_context = self.get_parser_context(request)
        return Request(
            request,
            parsers=self.get_parsers(),
            authenticators=self.get_authenticators(),
            negotiator=self.get_content_negotiator(),
            parser_context=parser_context,
        )

    def _negotiate(self, request: Any, *args: Any, **kwargs: Any) -> None:
        # The I/O-free half of initial(), shared by both modes.
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Run everything that must happen before the handler is called."""
        self._negotiate(request, *args, **kwargs)
        self.perform_authentication(request)
        self.check_permissions(request)
        self.check_throttles(request)

    async def ainitial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """The async twin of ``initial``; sync-only overrides of its steps still run."""
        self._negotiate(request, *args, **kwargs)
        for step in ("perform_authentication", "check_permissions", "check_throttles"):
            if overrides_sync_only(self, APIView, step):
                await _in_thread(getattr(self, step), request)
            else:
                await getattr(self, "a" + step)(request)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        """Attach the renderer and context to the response and add view headers."""
        if not isinstance(response, HttpResponseBase):
            raise TypeError(
                "Expected a `Response`, `HttpResponse` or `StreamingHttpResponse` "
                "to be returned from the view, but received a `%s`" % type(response)
            )
        if isinstance(response, Response):
            if not getattr(request, "accepted_renderer", None):
                neg = self.perform_content_negotiation(request, force=True)
                request.accepted_renderer, request.accepted_media_type = neg
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()

        # Add to the Vary header rather than replace it.
        vary_headers = self.headers.pop("Vary", None)
        if vary_headers == "Accept" and "Vary" not in response:
            # The common case, set directly: patch_vary_headers would parse,
            # de-duplicate and re-join the same single value.
            set_header(response, "Vary", vary_headers)
        elif vary_headers is not None:
            patch_vary_headers(response, cc_delim_re.split(vary_headers.strip()))
        for key, value in self.headers.items():
            set_header(response, key, value)
        return response

    def handle_exception(self, exc: Exception) -> Any:
        """Turn an exception into a response with the exception handler, or re-raise it."""
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            # A 401 must carry WWW-Authenticate; without a scheme to name, it is a 403.
            auth_header = self.get_authenticate_header(self.request)
            if auth_header:
                exc.auth_header = auth_header  # type: ignore[union-attr]  # read by the handler
            else:
                exc.status_code = status.HTTP_403_FORBIDDEN

        exception_handler = self.get_exception_handler()
        context = self.get_exception_handler_context()
        response = exception_handler(exc, context)
        if response is None:
            return self.raise_uncaught_exception(exc)
        response.exception = True
        return response

    def raise_uncaught_exception(self, exc: Exception) -> Any:
        """Re-raise an exception no handler took, or answer a generic JSON 500.

        Under ``DEBUG`` or ``DEBUG_PROPAGATE_EXCEPTIONS`` the exception propagates
        (Django shows its debug page). Otherwise restwell logs it on
        ``django.request``, signals ``got_request_exception`` (error reporters
        and the test client see it) and answers ``{"detail": "A server error
        occurred."}`` with no traceback, SQL or exception text.
        """
        if settings.DEBUG or settings.DEBUG_PROPAGATE_EXCEPTIONS or not (
            restwell_settings.JSON_SERVER_ERRORS
        ):
            raise exc
        request = getattr(self, "request", None)
        http_request = getattr(request, "_request", request)
        logger.error(
            "Internal Server Error: %s",
            getattr(http_request, "path", "?"),
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"status_code": 500, "request": http_request},
        )
        got_request_exception.send(sender=type(self), request=http_request)
        set_rollback()
        return Response(
            {"detail": exceptions.ErrorDetail(str(exceptions.APIException.default_detail), "error")},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
            exception=True,
        )

    def _begin(self, request: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Request:
        self.args = args
        self.kwargs = kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        self.headers = self.default_response_headers  # deprecate?
        return request

    def _handler_for(self, request: Any) -> Any:
        method = request.method.lower()
        if method in self.http_method_names:
            return getattr(self, method, self.http_method_not_allowed)
        return self.http_method_not_allowed

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Run the request cycle (returns a coroutine for an async view)."""
        plan = plan_for(type(self))
        if plan.is_async:
            return self.adispatch(request, *args, **kwargs)
        if can_fuse(plan, self):
            return run_sync(self, plan, request, args, kwargs)
        request = self._begin(request, args, kwargs)
        try:
            self.initial(request, *args, **kwargs)
            handler = self._handler_for(request)
            response = handler(request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        release_on_close(self, request, self.response)
        return self.response

    async def adispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """The async request cycle, for views whose handlers are ``async def``."""
        plan = plan_for(type(self))
        if can_fuse(plan, self):
            return await run_async(self, plan, request, args, kwargs)
        request = self._begin(request, args, kwargs)
        try:
            if overrides_sync_only(self, APIView, "initial"):
                await _in_thread(self.initial, request, *args, **kwargs)
            else:
                await self.ainitial(request, *args, **kwargs)
            response = await call_handler(self._handler_for(request), request, args, kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        release_on_close(self, request, self.response)
        return self.response

    def options(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Describe the view (``metadata_class``) in answer to an OPTIONS request."""
        if self.metadata_class is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        data = self.metadata_class().determine_metadata(request, self)
        return Response(data, status=status.HTTP_200_OK)


record_original_hooks(APIView)

__all__ = [
    "APIView",
    "exception_handler",
    "get_view_description",
    "get_view_name",
    "set_rollback",
]

