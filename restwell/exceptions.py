"""Exceptions that views turn into error responses.

Every exception here derives from :class:`APIException`, which carries its
HTTP status in ``status_code``, its default message in ``default_detail`` and
a machine-readable ``default_code``. ``detail`` holds the message, or for
:class:`ValidationError` a list/dict of messages nested like the input, each
an :class:`ErrorDetail` (a ``str`` with a ``code``).

    APIException (500)
    ├── ValidationError (400)      invalid input; detail mirrors the data shape
    ├── ParseError (400)           malformed request body
    ├── AuthenticationFailed (401) credentials given but wrong
    ├── NotAuthenticated (401)     credentials missing
    ├── PermissionDenied (403)
    ├── NotFound (404)
    ├── MethodNotAllowed (405)
    ├── NotAcceptable (406)        no renderer satisfies Accept
    ├── RequestEntityTooLarge (413) body over the configured limit (restwell)
    ├── UnsupportedMediaType (415) no parser for Content-Type
    └── Throttled (429)            carries ``wait`` seconds

``restwell.views.exception_handler`` maps all of them (and Django's
``Http404``, ``PermissionDenied`` and ``ValidationError``) to responses.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import JsonResponse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from restwell import status
from restwell.utils.serializer_helpers import ReturnDict, ReturnList


def _get_error_details(data: Any, default_code: str | None = None) -> Any:
    """Turn nested lists/dicts of messages into the same shape of ErrorDetail."""
    if isinstance(data, (list, tuple)):
        ret = [_get_error_details(item, default_code) for item in data]
        if isinstance(data, ReturnList):
            return ReturnList(ret, serializer=data.serializer)
        return ret
    if isinstance(data, dict):
        ret_dict = {key: _get_error_details(value, default_code) for key, value in data.items()}
        if isinstance(data, ReturnDict):
            return ReturnDict(ret_dict, serializer=data.serializer)
        return ret_dict
    text = force_str(data)
    code = getattr(data, "code", default_code)
    return ErrorDetail(text, code)


def _get_codes(detail: Any) -> Any:
    if isinstance(detail, list):
        return [_get_codes(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _get_codes(value) for key, value in detail.items()}
    return detail.code


def _get_full_details(detail: Any) -> Any:
    if isinstance(detail, list):
        return [_get_full_details(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _get_full_details(value) for key, value in detail.items()}
    return {"message": detail, "code": detail.code}


class ErrorDetail(str):
    """A string error message that also carries an error ``code``."""

    code: str | None = None

    def __new__(cls, string: str | Promise, code: str | None = None) -> ErrorDetail:
        self = super().__new__(cls, string)
        self.code = code
        return self

    def __eq__(self, other: object) -> bool:
        result = super().__eq__(other)
        if result is NotImplemented:
            return NotImplemented
        try:
            return result and self.code == other.code  # type: ignore[attr-defined]
        except AttributeError:
            return result

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        if result is NotImplemented:
            return NotImplemented
        return not result

    def __repr__(self) -> str:
        return "ErrorDetail(string=%r, code=%r)" % (str(self), self.code)

    def __hash__(self) -> int:
        return hash(str(self))


class APIException(Exception):
    """Base class for errors a view reports to the client.

    Subclass it with ``status_code``, ``default_detail`` and ``default_code``.
    """

    status_code: int = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_detail: Any = _("A server error occurred.")
    default_code: str = "error"

    def __init__(self, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = self.default_detail
        if code is None:
            code = self.default_code
        self.detail = _get_error_details(detail, code)

    def __str__(self) -> str:
        return str(self.detail)

    def get_codes(self) -> Any:
        """Return only the error codes, in the shape of ``detail``."""
        return _get_codes(self.detail)

    def get_full_details(self) -> Any:
        """Return ``{"message": ..., "code": ...}`` items in the shape of ``detail``."""
        return _get_full_details(self.detail)


class ValidationError(APIException):
    """Invalid input. ``detail`` is always a list or a dict of messages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Invalid input.")
    default_code = "invalid"

    def __init__(self, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = self.default_detail
        if code is None:
            code = self.default_code
        # A bare message becomes a one-item list, so the shape is predictable.
        if isinstance(detail, tuple):
            detail = list(detail)
        elif not isinstance(detail, (dict, list)):
            detail = [detail]
        self.detail = _get_error_details(detail, code)


class ParseError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Malformed request.")
    default_code = "parse_error"


class AuthenticationFailed(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Incorrect authentication credentials.")
    default_code = "authentication_failed"


class NotAuthenticated(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Authentication credentials were not provided.")
    default_code = "not_authenticated"


class PermissionDenied(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("You do not have permission to perform this action.")
    default_code = "permission_denied"


class NotFound(APIException):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("Not found.")
    default_code = "not_found"


class MethodNotAllowed(APIException):
    status_code = status.HTTP_405_METHOD_NOT_ALLOWED
    default_detail = _('Method "{method}" not allowed.')
    default_code = "method_not_allowed"

    def __init__(self, method: str, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = force_str(self.default_detail).format(method=method)
        super().__init__(detail, code)


class NotAcceptable(APIException):
    status_code = status.HTTP_406_NOT_ACCEPTABLE
    default_detail = _("Could not satisfy the request Accept header.")
    default_code = "not_acceptable"

    def __init__(
        self, detail: Any = None, code: str | None = None, available_renderers: Any = None
    ) -> None:
        self.available_renderers = available_renderers
        super().__init__(detail, code)


class RequestEntityTooLarge(APIException):
    """The request body is larger than the configured limit (restwell)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Request body too large.")
    default_code = "request_too_large"


class UnsupportedMediaType(APIException):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_detail = _('Unsupported media type "{media_type}" in request.')
    default_code = "unsupported_media_type"

    def __init__(self, media_type: str, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = force_str(self.default_detail).format(media_type=media_type)
        super().__init__(detail, code)


class Throttled(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Request was throttled.")
    extra_detail_singular = _("Expected available in {wait} second.")
    extra_detail_plural = _("Expected available in {wait} seconds.")
    default_code = "throttled"

    def __init__(self, wait: float | None = None, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = force_str(self.default_detail)
        if wait is not None:
            wait = math.ceil(wait)
            detail = " ".join(
                (
                    force_str(detail),
                    force_str(
                        ngettext(
                            self.extra_detail_singular.format(wait=wait),
                            self.extra_detail_plural.format(wait=wait),
                            wait,
                        )
                    ),
                )
            )
        self.wait = wait
        super().__init__(detail, code)


def server_error(request: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    """A JSON ``handler500`` for API-only projects."""
    return JsonResponse({"error": "Server Error (500)"}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def bad_request(request: Any, exception: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    """A JSON ``handler400`` for API-only projects."""
    return JsonResponse({"error": "Bad Request (400)"}, status=status.HTTP_400_BAD_REQUEST)


__all__ = [
    "APIException",
    "AuthenticationFailed",
    "ErrorDetail",
    "MethodNotAllowed",
    "NotAcceptable",
    "NotAuthenticated",
    "NotFound",
    "ParseError",
    "PermissionDenied",
    "RequestEntityTooLarge",
    "Throttled",
    "UnsupportedMediaType",
    "ValidationError",
    "bad_request",
    "server_error",
]
