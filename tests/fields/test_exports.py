"""restwell.fields exposes every public name of Django REST framework 3.18's ``fields``."""

from __future__ import annotations

import restwell.fields

# The names DRF users import from rest_framework.fields (classes, helpers,
# constants and the re-exported Django names), as a committed list.
DRF_FIELDS_NAMES = [
    "BigIntegerField",
    "BooleanField",
    "BuiltinSignatureError",
    "CharField",
    "ChoiceField",
    "CreateOnlyDefault",
    "CurrentUserDefault",
    "DJANGO_DURATION_FORMAT",
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
    "FileField",
    "FilePathField",
    "FloatField",
    "HStoreField",
    "HiddenField",
    "IPAddressField",
    "ISO_8601",
    "ImageField",
    "IntegerField",
    "JSONField",
    "ListField",
    "MISSING_ERROR_MESSAGE",
    "MaxLengthValidator",
    "MaxValueValidator",
    "MinLengthValidator",
    "MinValueValidator",
    "ModelField",
    "MultipleChoiceField",
    "NOT_READ_ONLY_REQUIRED",
    "NOT_READ_ONLY_WRITE_ONLY",
    "NOT_REQUIRED_DEFAULT",
    "ObjectDoesNotExist",
    "ProhibitNullCharactersValidator",
    "ProhibitSurrogateCharactersValidator",
    "REGEX_TYPE",
    "ReadOnlyField",
    "RegexField",
    "RegexValidator",
    "SerializerMethodField",
    "SkipField",
    "SlugField",
    "TimeField",
    "URLField",
    "URLValidator",
    "USE_READONLYFIELD",
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


def test_every_drf_name_is_exposed():
    missing = [name for name in DRF_FIELDS_NAMES if not hasattr(restwell.fields, name)]
    assert missing == []


def test_all_lists_only_real_names():
    for name in restwell.fields.__all__:
        assert hasattr(restwell.fields, name), name
    public = {name for name in DRF_FIELDS_NAMES if not name.startswith("_")}
    assert public - {"ProhibitSurrogateCharactersValidator"} <= set(restwell.fields.__all__)


def test_surrogate_validator_is_the_validators_one():
    from restwell.validators import ProhibitSurrogateCharactersValidator

    assert (
        restwell.fields.ProhibitSurrogateCharactersValidator is ProhibitSurrogateCharactersValidator
    )
