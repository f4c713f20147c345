"""Serializer fields: each converts one value between primitive data and Python.

Django REST framework's ``rest_framework.fields`` names, implemented in private
submodules by concern: ``_base`` (``Field``, ``empty``, defaults, attribute
lookup), ``_text``, ``_numeric``, ``_datetime``, ``_choices``, ``_files``,
``_composite`` (list, dict, JSON) and ``_misc`` (read-only, hidden, method and
model fields). Import them from here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
    URLValidator,
)
from django.forms import FilePathField as DjangoFilePathField
from django.forms import ImageField as DjangoImageField

from restwell import ISO_8601
from restwell.exceptions import ErrorDetail, ValidationError
from restwell.fields._base import (
    MISSING_ERROR_MESSAGE,
    NOT_READ_ONLY_REQUIRED,
    NOT_READ_ONLY_WRITE_ONLY,
    NOT_REQUIRED_DEFAULT,
    REGEX_TYPE,
    USE_READONLYFIELD,
    BuiltinSignatureError,
    CreateOnlyDefault,
    CurrentUserDefault,
    Field,
    FieldConfigurationError,
    SkipField,
    empty,
    get_attribute,
    get_error_detail,
    is_simple_callable,
)
from restwell.fields._choices import (
    ChoiceField,
    FilePathField,
    MultipleChoiceField,
    flatten_choices_dict,
    iter_options,
    to_choices_dict,
)
from restwell.fields._composite import (
    DictField,
    HStoreField,
    JSONField,
    ListField,
    _UnvalidatedField,
)
from restwell.fields._datetime import (
    DJANGO_DURATION_FORMAT,
    DateField,
    DateTimeField,
    DurationField,
    TimeField,
)
from restwell.fields._files import FileField, ImageField
from restwell.fields._misc import HiddenField, ModelField, ReadOnlyField, SerializerMethodField
from restwell.fields._numeric import (
    BigIntegerField,
    BooleanField,
    DecimalField,
    FloatField,
    IntegerField,
)
from restwell.fields._text import (
    CharField,
    EmailField,
    IPAddressField,
    RegexField,
    SlugField,
    URLField,
    UUIDField,
)
from restwell.settings import api_settings


def __getattr__(name: str) -> Any:
    # Django REST framework's fields module exposes this validator; it lives in
    # restwell.validators, which is imported lazily to avoid an import cycle.
    if name == "ProhibitSurrogateCharactersValidator":
        from restwell.validators import ProhibitSurrogateCharactersValidator

        return ProhibitSurrogateCharactersValidator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DJANGO_DURATION_FORMAT",
    "ISO_8601",
    "MISSING_ERROR_MESSAGE",
    "NOT_READ_ONLY_REQUIRED",
    "NOT_READ_ONLY_WRITE_ONLY",
    "NOT_REQUIRED_DEFAULT",
    "REGEX_TYPE",
    "USE_READONLYFIELD",
    "BigIntegerField",
    "BooleanField",
    "BuiltinSignatureError",
    "CharField",
    "ChoiceField",
    "CreateOnlyDefault",
    "CurrentUserDefault",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DictField",
    "DjangoFilePathField",
    "DjangoImageField",
    "DjangoValidationError",
    "DurationField",
    "EmailField",
    "EmailValidator",
    "ErrorDetail",
    "Field",
    "FieldConfigurationError",
    "FileField",
    "FilePathField",
    "FloatField",
    "HStoreField",
    "HiddenField",
    "IPAddressField",
    "ImageField",
    "IntegerField",
    "JSONField",
    "ListField",
    "MaxLengthValidator",
    "MaxValueValidator",
    "MinLengthValidator",
    "MinValueValidator",
    "ModelField",
    "MultipleChoiceField",
    "ObjectDoesNotExist",
    "ProhibitNullCharactersValidator",
    "ReadOnlyField",
    "RegexField",
    "RegexValidator",
    "SerializerMethodField",
    "SkipField",
    "SlugField",
    "TimeField",
    "URLField",
    "URLValidator",
    "UUIDField",
    "ValidationError",
    "_UnvalidatedField",
    "api_settings",
    "empty",
    "flatten_choices_dict",
    "get_attribute",
    "get_error_detail",
    "is_simple_callable",
    "iter_options",
    "to_choices_dict",
]
