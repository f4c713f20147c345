"""ListSerializer: what ``Serializer(many=True)`` returns."""

from __future__ import annotations

import copy
import inspect
import warnings
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from restwell._errors import ConfigurationError
from restwell.exceptions import ErrorDetail, ValidationError
from restwell.fields import empty
from restwell.serializers._base import (
    _COMMIT_MESSAGE,
    BaseSerializer,
    SerializerUsageError,
    as_serializer_error,
)
from restwell.settings import api_settings
from restwell.utils import html
from restwell.utils.serializer_helpers import ReturnDict, ReturnList


def _deprecation_warning() -> type[Warning]:
    try:
        from restwell.deprecation import RemovedInDRF320Warning
    except ImportError:  # pragma: no cover - deprecation module not present
        return DeprecationWarning
    return RemovedInDRF320Warning


class ListSerializer(BaseSerializer):
    """Validate and render a list of items with one ``child`` serializer.

    Errors come back as ``{"<index>": {...}}`` for the failing items only
    (``LIST_SERIALIZER_ERRORS_AS_DICT``; set it to False for the older list
    shape). One child instance serves every item, so its compiled plan is
    built once per list.
    """

    child: Any = None
    many = True
    _empty_validated: Any = []

    default_error_messages = {
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This list may not be empty."),
        "max_length": _("Ensure this field has no more than {max_length} elements."),
        "min_length": _("Ensure this field has at least {min_length} elements."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.child = kwargs.pop("child", None) or copy.deepcopy(type(self).child)
        self.allow_empty = kwargs.pop("allow_empty", True)
        self.max_length = kwargs.pop("max_length", None)
        self.min_length = kwargs.pop("min_length", None)
        if self.child is None:
            raise ConfigurationError("`child` is a required argument.")
        if inspect.isclass(self.child):
            raise ConfigurationError("`child` has not been instantiated.")
        super().__init__(*args, **kwargs)
        self.child.bind(field_name="", parent=self)

    def get_initial(self) -> Any:
        if hasattr(self, "initial_data"):
            return self.to_representation(self.initial_data)
        return []

    def get_value(self, dictionary: Any) -> Any:
        # Lists in HTML forms use "name[0]field" keys.
        if html.is_html_input(dictionary):
            return html.parse_html_list(dictionary, prefix=self.field_name or "", default=empty)
        return dictionary.get(self.field_name, empty)

    def run_validation(self, data: Any = empty) -> Any:
        """Validate every item, then the list validators and ``validate()``."""
        is_empty_value, data = self.validate_empty_values(data)
        if is_empty_value:
            return data
        value = self.to_internal_value(data)
        try:
            self.run_validators(value)
            value = self.validate(value)
            if value is None:
                raise SerializerUsageError(".validate() should return the validated data")
        except (ValidationError, DjangoValidationError) as exc:
            raise ValidationError(detail=as_serializer_error(exc)) from exc
        return value

    def run_child_validation(self, data: Any) -> Any:
        """Validate one item with the child serializer.

        Override for multiple updates, e.g. set ``self.child.instance`` to the
        matching object before calling ``super().run_child_validation(data)``.
        """
        return self.child.run_validation(data)

    def _list_error(self, key: str, **kwargs: Any) -> ValidationError:
        message = self.error_messages[key].format(**kwargs)
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code=key)

    def to_internal_value(self, data: Any) -> Any:
        """Return the list of validated items; errors are keyed by item index."""
        if html.is_html_input(data):
            data = html.parse_html_list(data, default=[])
        if not isinstance(data, list):
            raise self._list_error("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            raise self._list_error("empty")
        if self.max_length is not None and len(data) > self.max_length:
            raise self._list_error("max_length", max_length=self.max_length)
        if self.min_length is not None and len(data) < self.min_length:
            raise self._list_error("min_length", min_length=self.min_length)

        ret = []
        errors: dict[Any, Any] = {}
        run_child = self.run_child_validation
        with _batched_lookups(self.child, data):
            for index, item in enumerate(data):
                try:
                    ret.append(run_child(item))
                except ValidationError as exc:
                    errors[index] = exc.detail
        if errors:
            if not api_settings.LIST_SERIALIZER_ERRORS_AS_DICT:
                warnings.warn(
                    "The list-based error format for `ListSerializer` is "
                    "deprecated and will be removed in DRF 3.20. Set "
                    '`REST_FRAMEWORK["LIST_SERIALIZER_ERRORS_AS_DICT"]` to '
                    "`True` to use the dictionary-based error format.",
                    _deprecation_warning(),
                    stacklevel=4,
                )
                raise ValidationError([errors.get(index, {}) for index in range(len(data))])
            raise ValidationError(errors)
        return ret

    def to_representation(self, data: Any) -> list[Any]:
        """Return the list of item representations (``data`` may be a related manager)."""
        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        child = self.child
        # The child's generated render function, looked up once for the whole
        # list instead of once per item through child.to_representation().
        reader = getattr(child, "_fast_reader", None)
        render = reader() if reader is not None else None
        if render is not None:
            return [render(child, item) for item in iterable]
        to_repr = child.to_representation
        return [to_repr(item) for item in iterable]

    def validate(self, attrs: Any) -> Any:
        """Check the validated list as a whole; return it or raise."""
        return attrs

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError(
            "Serializers with many=True do not support multiple update by "
            "default, only multiple create. For updates it is unclear how to "
            "deal with insertions and deletions. If you need to support "
            "multiple update, use a `ListSerializer` class and override "
            "`.update()` so you can specify the behavior exactly."
        )

    def create(self, validated_data: Any) -> Any:
        """Create every item with the child's ``create()``."""
        return [self.child.create(attrs) for attrs in validated_data]

    async def acreate(self, validated_data: Any) -> Any:
        """Create every item with the child's ``acreate()``."""
        return [await self.child.acreate(attrs) for attrs in validated_data]

    def _save_data(self, kwargs: dict[str, Any]) -> Any:
        if "commit" in kwargs:
            raise SerializerUsageError(_COMMIT_MESSAGE)
        return [{**attrs, **kwargs} for attrs in self.validated_data]

    def __repr__(self) -> str:
        from restwell.utils import representation

        return representation.list_repr(self, indent=1)

    @property
    def data(self) -> ReturnList:
        return ReturnList(super().data, serializer=self)

    @property
    def errors(self) -> Any:
        ret = super().errors
        if isinstance(ret, list) and len(ret) == 1 and getattr(ret[0], "code", None) == "null":
            ret = {api_settings.NON_FIELD_ERRORS_KEY: [ErrorDetail("No data provided", code="null")]}
        if isinstance(ret, dict):
            return ReturnDict(ret, serializer=self)
        return ReturnList(ret, serializer=self)


class _batched_lookups:  # noqa: N801 - used as a context manager
    """Prefetch the objects that a list's primary-key relation fields name.

    One ``pk__in`` query per relation field for the whole list; the child's
    fields then find their objects in the cache instead of querying per item.
    """

    def __init__(self, child: Any, data: list[Any]) -> None:
        self.fields: list[Any] = []
        if len(data) < 2 or not hasattr(type(child), "fields"):
            return
        untouched = "fields" not in getattr(child, "__dict__", {"fields": None})
        fields = getattr(child, "fields", None)
        if fields is None:
            return
        if untouched:
            # Only read here: the child's generated code may still be the
            # class's (see Serializer._generated).
            child.__dict__["_rw_untouched"] = True
        from restwell.relations import PrimaryKeyRelatedField

        for field in fields.values():
            if (
                isinstance(field, PrimaryKeyRelatedField)
                and not field.read_only
                and type(field).to_internal_value is PrimaryKeyRelatedField.to_internal_value
                and field.pk_field is None
            ):
                values = [item.get(field.field_name) for item in data if isinstance(item, dict)]
                cache = _prefetch(field, values)
                if cache is not None:
                    field.__dict__["_rw_batch"] = cache
                    self.fields.append(field)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        for field in self.fields:
            field.__dict__.pop("_rw_batch", None)


def _prefetch(field: Any, values: list[Any]) -> tuple[Any, dict[Any, Any]] | None:
    from django.db.models.query import QuerySet

    queryset = field.get_queryset()
    if not isinstance(queryset, QuerySet) or queryset.query.is_sliced:
        return None
    pk_field = queryset.model._meta.pk
    keys = set()
    for value in values:
        if value is None or isinstance(value, (bool, dict, list)):
            continue
        try:
            keys.add(pk_field.to_python(value))
        except (DjangoValidationError, TypeError, ValueError):
            continue
    if len(keys) < 2:
        return None
    try:
        return pk_field, {obj.pk: obj for obj in queryset.filter(pk__in=keys)}
    except (TypeError, ValueError):
        return None


__all__ = ["ListSerializer"]
