"""Serializers: validate incoming data and render objects, DRF-compatible.

This module keeps Django REST framework's public names (``Serializer``,
``ModelSerializer``, ``ListSerializer``, ``HyperlinkedModelSerializer``,
every field and relational field, ``ValidationError``, ...), so
``from restwell import serializers`` followed by ``serializers.CharField()``
works as with DRF.

Fields are compiled once per serializer class: see
``restwell.serializers._serializer`` for the execution plan and
``restwell.serializers._model`` for the per-class ModelSerializer cache.
"""

from __future__ import annotations

from django.db import models

from restwell import fields as _fields_module
from restwell import relations as _relations_module
from restwell.compat import postgres_fields
from restwell.exceptions import ErrorDetail, ValidationError
from restwell.fields import *  # noqa: F403 - DRF exposes every field name here
from restwell.fields import (
    BigIntegerField,
    BooleanField,
    CharField,
    ChoiceField,
    CreateOnlyDefault,
    CurrentUserDefault,
    DateField,
    DateTimeField,
    DecimalField,
    DictField,
    DurationField,
    EmailField,
    Field,
    FileField,
    FilePathField,
    FloatField,
    HiddenField,
    HStoreField,
    ImageField,
    IntegerField,
    IPAddressField,
    JSONField,
    ListField,
    ModelField,
    MultipleChoiceField,
    ReadOnlyField,
    RegexField,
    SerializerMethodField,
    SkipField,
    SlugField,
    TimeField,
    URLField,
    UUIDField,
    empty,
    get_error_detail,
)
from restwell.relations import *  # noqa: F403
from restwell.relations import (
    Hyperlink,
    HyperlinkedIdentityField,
    HyperlinkedRelatedField,
    ManyRelatedField,
    PKOnlyObject,
    PrimaryKeyRelatedField,
    RelatedField,
    SlugRelatedField,
    StringRelatedField,
)
from restwell.serializers._base import (
    ALL_FIELDS,
    LIST_SERIALIZER_KWARGS,
    LIST_SERIALIZER_KWARGS_REMOVE,
    BaseSerializer,
    as_serializer_error,
)
from restwell.serializers._list import ListSerializer
from restwell.serializers._model import HyperlinkedModelSerializer, ModelSerializer
from restwell.serializers._nested import raise_errors_on_nested_writes
from restwell.serializers._serializer import Serializer, SerializerMetaclass
from restwell.settings import api_settings
from restwell.utils import html, model_meta, representation
from restwell.utils.field_mapping import (
    ClassLookupDict,
    get_field_kwargs,
    get_nested_relation_kwargs,
    get_relation_kwargs,
    get_url_kwargs,
)
from restwell.utils.serializer_helpers import (
    BindingDict,
    BoundField,
    JSONBoundField,
    NestedBoundField,
    ReturnDict,
    ReturnList,
)
from restwell.validators import (
    UniqueForDateValidator,
    UniqueForMonthValidator,
    UniqueForYearValidator,
    UniqueTogetherValidator,
)

__all__ = [
    "ALL_FIELDS",
    "LIST_SERIALIZER_KWARGS",
    "LIST_SERIALIZER_KWARGS_REMOVE",
    "BaseSerializer",
    "BigIntegerField",
    "BindingDict",
    "BooleanField",
    "BoundField",
    "CharField",
    "ChoiceField",
    "ClassLookupDict",
    "CreateOnlyDefault",
    "CurrentUserDefault",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DictField",
    "DurationField",
    "EmailField",
    "ErrorDetail",
    "Field",
    "FileField",
    "FilePathField",
    "FloatField",
    "HStoreField",
    "HiddenField",
    "Hyperlink",
    "HyperlinkedIdentityField",
    "HyperlinkedModelSerializer",
    "HyperlinkedRelatedField",
    "IPAddressField",
    "ImageField",
    "IntegerField",
    "JSONBoundField",
    "JSONField",
    "ListField",
    "ListSerializer",
    "ManyRelatedField",
    "ModelField",
    "ModelSerializer",
    "MultipleChoiceField",
    "NestedBoundField",
    "PKOnlyObject",
    "PrimaryKeyRelatedField",
    "ReadOnlyField",
    "RegexField",
    "RelatedField",
    "ReturnDict",
    "ReturnList",
    "Serializer",
    "SerializerMetaclass",
    "SerializerMethodField",
    "SkipField",
    "SlugField",
    "SlugRelatedField",
    "StringRelatedField",
    "TimeField",
    "URLField",
    "UUIDField",
    "UniqueForDateValidator",
    "UniqueForMonthValidator",
    "UniqueForYearValidator",
    "UniqueTogetherValidator",
    "ValidationError",
    "api_settings",
    "as_serializer_error",
    "empty",
    "get_error_detail",
    "get_field_kwargs",
    "get_nested_relation_kwargs",
    "get_relation_kwargs",
    "get_url_kwargs",
    "html",
    "model_meta",
    "models",
    "postgres_fields",
    "raise_errors_on_nested_writes",
    "representation",
]
# Everything ``from restwell.fields import *`` / ``relations import *`` brought in
# is public here too, as in DRF's module.
__all__ += [name for name in (*_fields_module.__all__, *_relations_module.__all__) if name not in __all__]
