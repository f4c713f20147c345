"""String fields: CharField and its validated variants, UUIDField, IPAddressField."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    MinLengthValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
    URLValidator,
    ip_address_validators,
)
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext_lazy as _

from restwell.fields._base import Field, empty
from restwell.fields._fast import surrogate_validator_class
from restwell.utils.formatting import lazy_format


def _float_to_str(value: float) -> str:
    # str(0.00001) is '1e-05'; a string field should store what the client
    # meant, so exponent notation is expanded (restwell difference, case C06).
    text = float.__repr__(value)
    if "e" in text or "E" in text:
        return format(Decimal(text), "f")
    return text


class CharField(Field):
    """A text field. Numbers are accepted and converted; other types are rejected.

    ``trim_whitespace`` (default True) strips the input; restwell defaults it to
    False for fields styled ``{'input_type': 'password'}`` so passwords keep
    their spaces.
    """

    default_error_messages = {
        "invalid": _("Not a valid string."),
        "blank": _("This field may not be blank."),
        "max_length": _("Ensure this field has no more than {max_length} characters."),
        "min_length": _("Ensure this field has at least {min_length} characters."),
    }
    initial = ""

    def __init__(self, **kwargs: Any) -> None:
        self.allow_blank = kwargs.pop("allow_blank", False)
        trim = kwargs.pop("trim_whitespace", None)
        if trim is None:
            style = kwargs.get("style") or {}
            trim = style.get("input_type") != "password"
        self.trim_whitespace = trim
        self.max_length = kwargs.pop("max_length", None)
        self.min_length = kwargs.pop("min_length", None)
        super().__init__(**kwargs)
        validators = self.validators
        if self.max_length is not None:
            message = lazy_format(self.error_messages["max_length"], max_length=self.max_length)
            validators.append(MaxLengthValidator(self.max_length, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know
        if self.min_length is not None:
            message = lazy_format(self.error_messages["min_length"], min_length=self.min_length)
            validators.append(MinLengthValidator(self.min_length, message=message))  # type: ignore[arg-type]  # lazy_format is lazy text the stubs do not know
        validators.append(ProhibitNullCharactersValidator())
        validators.append(surrogate_validator_class()())

    def run_validation(self, data: Any = empty) -> Any:
        """Validate ``data``; a blank string is checked against ``allow_blank`` first."""
        if type(data) is str:
            blank = not data or (self.trim_whitespace and data.isspace())
        else:
            blank = data == "" or (self.trim_whitespace and str(data).strip() == "")
        if blank:
            if not self.allow_blank:
                self.fail("blank")
            return ""
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        """Return ``data`` as a string; ints and floats are converted, others rejected."""
        if isinstance(data, str):
            value = data
        elif isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        elif isinstance(data, float):
            value = _float_to_str(data)
        else:
            value = str(data)
        return value.strip() if self.trim_whitespace else value

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` as a string."""
        return str(value)


class EmailField(CharField):
    """A string holding a valid email address."""

    default_error_messages = {"invalid": _("Enter a valid email address.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(EmailValidator(message=self.error_messages["invalid"]))


class RegexField(CharField):
    """A string that must match ``regex`` (a pattern string or compiled pattern)."""

    default_error_messages = {"invalid": _("This value does not match the required pattern.")}

    def __init__(self, regex: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(regex, message=self.error_messages["invalid"]))


_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
_UNICODE_SLUG_RE = re.compile(r"^[-\w]+\Z", re.UNICODE)


class SlugField(CharField):
    """A string of letters, numbers, underscores and hyphens (Unicode letters if allowed)."""

    default_error_messages = {
        "invalid": _(
            'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'
        ),
        "invalid_unicode": _(
            'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'
        ),
    }

    def __init__(self, allow_unicode: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_unicode = allow_unicode
        if allow_unicode:
            validator = RegexValidator(
                _UNICODE_SLUG_RE, message=self.error_messages["invalid_unicode"]
            )
        else:
            validator = RegexValidator(_SLUG_RE, message=self.error_messages["invalid"])
        self.validators.append(validator)


class _SingleLabelURLValidator(URLValidator):
    # Django's URLValidator demands a dotted host (or "localhost"); service
    # names such as http://api:8000/ are legitimate on internal networks. A URL
    # Django refuses is tried again with ".test" appended to a single-label
    # host, so every other rule (scheme, label syntax, port) stays Django's.
    def __call__(self, value: Any) -> None:
        try:
            super().__call__(value)
        except DjangoValidationError:
            dotted = _dotted_host_variant(value)
            if dotted is None:
                raise
            super().__call__(dotted)


def _dotted_host_variant(value: Any) -> str | None:
    if not isinstance(value, str) or "://" not in value:
        return None
    scheme, rest = value.split("://", 1)
    end = len(rest)
    for sep in "/?#":
        index = rest.find(sep)
        if index != -1:
            end = min(end, index)
    netloc, tail = rest[:end], rest[end:]
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    if not host or "." in host or "[" in host:
        return None
    return f"{scheme}://{userinfo}{at}{host}.test{colon}{port}{tail}"


class URLField(CharField):
    """A string holding an absolute http(s)/ftp(s) URL.

    As in Django, the host must be a dotted domain name, ``localhost`` or an IP
    address. Pass ``require_tld=False`` to also accept single-label hosts such
    as ``http://api:8000/`` (restwell addition).
    """

    default_error_messages = {"invalid": _("Enter a valid URL.")}

    def __init__(self, require_tld: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.require_tld = require_tld
        validator_class = URLValidator if require_tld else _SingleLabelURLValidator
        self.validators.append(validator_class(message=self.error_messages["invalid"]))


class UUIDField(Field):
    """A UUID, accepted as a string or integer, output in ``format``.

    ``format`` is one of ``'hex_verbose'`` (default), ``'hex'``, ``'int'``, ``'urn'``.
    """

    valid_formats = ("hex_verbose", "hex", "int", "urn")

    default_error_messages = {"invalid": _("Must be a valid UUID.")}

    def __init__(self, **kwargs: Any) -> None:
        self.uuid_format = kwargs.pop("format", "hex_verbose")
        if self.uuid_format not in self.valid_formats:
            raise ValueError(
                'Invalid format for uuid representation. Must be one of "{}"'.format(
                    '", "'.join(self.valid_formats)
                )
            )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        """Return a ``uuid.UUID`` from a UUID, a UUID string or an integer."""
        if isinstance(data, uuid.UUID):
            return data
        try:
            if isinstance(data, bool):
                raise ValueError
            if isinstance(data, int):
                return uuid.UUID(int=data)
            if isinstance(data, str):
                return uuid.UUID(hex=data)
        except ValueError:
            pass
        self.fail("invalid", value=data)

    def to_representation(self, value: Any) -> Any:
        """Return ``value`` in the configured format."""
        if self.uuid_format == "hex_verbose":
            return str(value)
        return getattr(value, self.uuid_format)


class IPAddressField(CharField):
    """An IPv4 or IPv6 address; ``protocol`` is ``'both'``, ``'IPv4'`` or ``'IPv6'``."""

    default_error_messages = {"invalid": _("Enter a valid IPv4 or IPv6 address.")}

    def __init__(self, protocol: str = "both", **kwargs: Any) -> None:
        self.protocol = protocol.lower()
        self.unpack_ipv4 = self.protocol == "both"
        super().__init__(**kwargs)
        self.validators.extend(ip_address_validators(protocol, self.unpack_ipv4))

    def to_internal_value(self, data: Any) -> Any:
        """Return the address as a string, IPv6 addresses in their compressed form."""
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        if ":" in data and self.protocol in ("both", "ipv6"):
            try:
                return clean_ipv6_address(data, self.unpack_ipv4)
            except DjangoValidationError:
                self.fail("invalid", value=data)
        return super().to_internal_value(data)


__all__ = [
    "CharField",
    "EmailField",
    "IPAddressField",
    "RegexField",
    "SlugField",
    "URLField",
    "UUIDField",
]
