"""Relational fields: represent related objects by pk, slug, URL or string.

``RelatedField(many=True)`` returns a :class:`ManyRelatedField` wrapping the
field (see :func:`many_init`). A list of primary keys is looked up with one
``pk__in`` query instead of one query per item.

Hyperlinks (restwell, C11): a related object whose lookup value is empty or
None renders as ``null`` instead of failing the whole response, and without a
request in the context links are relative (``/authors/1/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter
from typing import Any
from urllib import parse

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import Manager
from django.db.models.query import QuerySet
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve
from django.utils.encoding import smart_str, uri_to_iri
from django.utils.translation import gettext_lazy as _

from restwell._errors import ConfigurationError
from restwell.fields import Field, SkipField, empty, get_attribute, is_simple_callable, iter_options
from restwell.reverse import reverse
from restwell.settings import api_settings

__all__ = [
    "MANY_RELATION_KWARGS",
    "Hyperlink",
    "HyperlinkedIdentityField",
    "HyperlinkedRelatedField",
    "ManyRelatedField",
    "ObjectTypeError",
    "ObjectValueError",
    "PKOnlyObject",
    "PrimaryKeyRelatedField",
    "RelatedField",
    "SlugRelatedField",
    "StringRelatedField",
    "many_init",
    "method_overridden",
]


def _is_html_input(data: Any) -> bool:
    return hasattr(data, "getlist")


def method_overridden(method_name: str, klass: type, instance: Any) -> bool:
    """Return True when ``instance``'s class overrides ``klass.<method_name>``."""
    method = getattr(klass, method_name)
    default = getattr(method, "__func__", method)
    return default is not getattr(instance, method_name).__func__


class ObjectValueError(ValueError):
    """``queryset.get()`` failed with a ValueError (kept apart from unrelated ValueErrors)."""


class ObjectTypeError(TypeError):
    """``queryset.get()`` failed with a TypeError (kept apart from unrelated TypeErrors)."""


class Hyperlink(str):
    """A URL string that also remembers the object it points to (``.obj``, ``.name``)."""

    is_hyperlink = True
    obj: Any

    def __new__(cls, url: str, obj: Any) -> Hyperlink:
        ret = super().__new__(cls, url)
        ret.obj = obj
        return ret

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str(self), self.name)

    @property
    def name(self) -> str:
        """The text to show for the link: ``str(obj)``."""
        return str(self.obj)


class PKOnlyObject:
    """Stands in for a related object when only its ``pk`` is needed (no query)."""

    def __init__(self, pk: Any) -> None:
        self.pk = pk

    def __str__(self) -> str:
        return f"{self.pk}"


# Keyword arguments that ``many=True`` passes to the ManyRelatedField as well.
MANY_RELATION_KWARGS = (
    "read_only",
    "write_only",
    "required",
    "default",
    "initial",
    "source",
    "label",
    "help_text",
    "style",
    "error_messages",
    "allow_empty",
    "html_cutoff",
    "html_cutoff_text",
)


def _cutoff_settings(kwargs: dict[str, Any], default_text: Any) -> tuple[Any, Any]:
    cutoff = api_settings.HTML_SELECT_CUTOFF
    if cutoff is not None:
        cutoff = int(cutoff)
    return (
        kwargs.pop("html_cutoff", cutoff),
        kwargs.pop("html_cutoff_text", default_text or _(api_settings.HTML_SELECT_CUTOFF_TEXT)),
    )


def many_init(cls: type, *args: Any, **kwargs: Any) -> ManyRelatedField:
    """Build the :class:`ManyRelatedField` that ``cls(many=True, ...)`` returns."""
    list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
    for key in kwargs:
        if key in MANY_RELATION_KWARGS:
            list_kwargs[key] = kwargs[key]
    return ManyRelatedField(**list_kwargs)


class RelatedField(Field):
    """Base class of the relational fields.

    Writable relational fields need a ``queryset`` (or an overridden
    :meth:`get_queryset`); read-only ones must not have one.
    """

    queryset: Any = None
    html_cutoff: Any = None
    html_cutoff_text: Any = None

    def __init__(self, **kwargs: Any) -> None:
        self.queryset = kwargs.pop("queryset", self.queryset)
        self.html_cutoff, self.html_cutoff_text = _cutoff_settings(kwargs, self.html_cutoff_text)
        if (
            self.queryset is None
            and not kwargs.get("read_only")
            and not method_overridden("get_queryset", RelatedField, self)
        ):
            raise ConfigurationError(
                "Relational field must provide a `queryset` argument, "
                "override `get_queryset`, or set read_only=`True`."
            )
        if self.queryset is not None and kwargs.get("read_only"):
            raise ConfigurationError(
                "Relational fields should not provide a `queryset` argument, when setting read_only=`True`."
            )
        kwargs.pop("many", None)
        kwargs.pop("allow_empty", None)
        super().__init__(**kwargs)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if kwargs.pop("many", False):
            return cls.many_init(*args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> Any:
        """Return the field used for ``many=True``: a :class:`ManyRelatedField`.

        Override to return a custom list field, e.g.
        ``kwargs["child_relation"] = cls(); return MyManyField(*args, **kwargs)``.
        """
        return many_init(cls, *args, **kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        # An empty string from an HTML select means "no object".
        if isinstance(data, str) and data == "":
            data = None
        return super().run_validation(data)

    def get_queryset(self) -> Any:
        """Return the queryset that input values are looked up in.

        Override to restrict it per request, e.g. using ``self.context["request"]``.
        """
        queryset = self.queryset
        if isinstance(queryset, (QuerySet, Manager)):
            queryset = queryset.all()
        return queryset

    def use_pk_only_optimization(self) -> bool:
        """Return True when rendering needs only the related pk (no query)."""
        return False

    def get_attribute(self, instance: Any) -> Any:
        source_attrs = self.source_attrs
        if source_attrs and self.use_pk_only_optimization():
            # try/except rather than contextlib.suppress: this runs once per
            # rendered object, and the context manager costs more than the read.
            try:
                owner = get_attribute(instance, source_attrs[:-1]) if len(source_attrs) > 1 else instance
                value = owner.serializable_value(source_attrs[-1])
                if is_simple_callable(value):
                    value = value()
                return PKOnlyObject(pk=getattr(value, "pk", value))
            except AttributeError:
                pass
        return super().get_attribute(instance)

    def get_choices(self, cutoff: int | None = None) -> dict[Any, Any]:
        """Return ``{representation: display text}`` for the queryset's objects."""
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {self.to_representation(item): self.display_value(item) for item in queryset}

    @property
    def choices(self) -> dict[Any, Any]:
        return self.get_choices()

    @property
    def grouped_choices(self) -> dict[Any, Any]:
        return self.choices

    def iter_options(self) -> Any:
        """Yield the options of an HTML select, stopping at ``html_cutoff``."""
        return iter_options(
            self.get_choices(cutoff=self.html_cutoff), cutoff=self.html_cutoff, cutoff_text=self.html_cutoff_text
        )

    def display_value(self, instance: Any) -> str:
        """Return the text shown for ``instance`` in an HTML select."""
        return str(instance)


class StringRelatedField(RelatedField):
    """A read-only field rendering the related object as ``str(obj)``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return str(value)


# A lookup value the database cannot hold, so no row can match it: an integer
# beyond 64 bits (SQLite's driver raises OverflowError), or a string with a NUL
# character (psycopg refuses it with a DataError before sending the query).
_UNSTORABLE = (OverflowError, DataError)


class PrimaryKeyRelatedField(RelatedField):
    """Represent the related object by its primary key (optionally through ``pk_field``)."""

    default_error_messages = {
        "required": _("This field is required."),
        "does_not_exist": _('Invalid pk "{pk_value}" - object does not exist.'),
        "incorrect_type": _("Incorrect type. Expected pk value, received {data_type}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.pk_field = kwargs.pop("pk_field", None)
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return True

    def to_internal_value(self, data: Any) -> Any:
        if self.pk_field is not None:
            data = self.pk_field.to_internal_value(data)
        batch = self.__dict__.get("_rw_batch")
        if batch is not None and data is not None and not isinstance(data, (bool, dict, list)):
            # Prefetched by a many=True list serializer: one query for the whole list.
            model_pk, found = batch
            try:
                obj = found.get(model_pk.to_python(data))
            except (DjangoValidationError, TypeError, ValueError):
                obj = None
            if obj is not None:
                return obj
        queryset = self.get_queryset()
        try:
            if isinstance(data, bool):
                raise TypeError
            return queryset.get(pk=data)
        except (ObjectDoesNotExist, *_UNSTORABLE):
            self.fail("does_not_exist", pk_value=data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)

    def to_representation(self, value: Any) -> Any:
        if self.pk_field is not None:
            return self.pk_field.to_representation(value.pk)
        return value.pk

    def _many_to_internal_value(self, data: list[Any]) -> list[Any] | None:
        # One ``pk__in`` query for a whole list; None means "use the per-item path".
        if self.pk_field is not None or type(self).to_internal_value is not PrimaryKeyRelatedField.to_internal_value:
            return None
        queryset = self.get_queryset()
        if not isinstance(queryset, QuerySet) or queryset.query.is_sliced:
            return None
        pk_model_field = queryset.model._meta.pk
        keys = []
        for item in data:
            if isinstance(item, (bool, dict, list)):
                self.fail("incorrect_type", data_type=type(item).__name__)
            try:
                keys.append(pk_model_field.to_python(item))
            except (DjangoValidationError, TypeError, ValueError):
                self.fail("incorrect_type", data_type=type(item).__name__)
        if not keys:
            return []
        try:
            found = {obj.pk: obj for obj in queryset.filter(pk__in=set(keys))}
        except (TypeError, ValueError, *_UNSTORABLE):
            # The per-item path names the offending key.
            return None
        result = []
        for item, key in zip(data, keys, strict=True):
            obj = found.get(key)
            if obj is None:
                self.fail("does_not_exist", pk_value=item)
            result.append(obj)
        return result


class HyperlinkedRelatedField(RelatedField):
    """Represent the related object by the URL of its detail view (``view_name``)."""

    lookup_field = "pk"
    view_name: str | None = None

    default_error_messages = {
        "required": _("This field is required."),
        "no_match": _("Invalid hyperlink - No URL match."),
        "incorrect_match": _("Invalid hyperlink - Incorrect URL match."),
        "does_not_exist": _("Invalid hyperlink - Object does not exist."),
        "incorrect_type": _("Incorrect type. Expected URL string, received {data_type}."),
    }

    def __init__(self, view_name: str | None = None, **kwargs: Any) -> None:
        if view_name is not None:
            self.view_name = view_name
        if self.view_name is None:
            raise ConfigurationError("The `view_name` argument is required.")
        self.lookup_field = kwargs.pop("lookup_field", self.lookup_field)
        self.lookup_url_kwarg = kwargs.pop("lookup_url_kwarg", self.lookup_field)
        self.format = kwargs.pop("format", None)
        self.reverse = reverse
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return self.lookup_field == "pk"

    def get_object(self, view_name: str, view_args: Any, view_kwargs: dict[str, Any]) -> Any:
        """Return the object a resolved URL points to, or raise ``ObjectDoesNotExist``."""
        lookup_value = view_kwargs[self.lookup_url_kwarg]
        queryset = self.get_queryset()
        try:
            return queryset.get(**{self.lookup_field: lookup_value})
        except ValueError as exc:
            raise ObjectValueError(str(exc)).with_traceback(exc.__traceback__) from None
        except TypeError as exc:
            raise ObjectTypeError(str(exc)).with_traceback(exc.__traceback__) from None

    def get_url(self, obj: Any, view_name: str, request: Any, format: str | None) -> str | None:
        """Return the URL of ``obj``, or None for an unsaved object.

        May raise ``NoReverseMatch`` when ``view_name``/``lookup_field`` do not
        match the URL conf.
        """
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        lookup_value = getattr(obj, self.lookup_field)
        return self.reverse(view_name, kwargs={self.lookup_url_kwarg: lookup_value}, request=request, format=format)

    def to_internal_value(self, data: Any) -> Any:
        request = self.context.get("request")
        if not isinstance(data, str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            if data.startswith(("http:", "https:")):
                data = parse.urlparse(data).path  # ValueError: "http://[::1"
                prefix = get_script_prefix()
                if data.startswith(prefix):
                    data = "/" + data[len(prefix) :]
            # UnicodeError: a lone surrogate ("\udc80") cannot be encoded.
            data = uri_to_iri(parse.unquote(data))
            match = resolve(data)
        except (Resolver404, ValueError):  # UnicodeError is a ValueError
            self.fail("no_match")
        try:
            expected = request.versioning_scheme.get_versioned_viewname(  # type: ignore[union-attr]
                self.view_name, request
            )
        except AttributeError:
            expected = self.view_name
        if match.view_name != expected:
            self.fail("incorrect_match")
        try:
            return self.get_object(match.view_name, match.args, match.kwargs)
        except (ObjectDoesNotExist, ObjectValueError, ObjectTypeError, *_UNSTORABLE):
            self.fail("does_not_exist")

    def to_representation(self, value: Any) -> Any:
        context = self.context
        request = context.get("request")
        format = context.get("format")
        if format and self.format and self.format != format:
            format = self.format
        try:
            url = self.get_url(value, self.view_name or "", request, format)
        except NoReverseMatch:
            lookup_value = getattr(value, self.lookup_field, None)
            if lookup_value in ("", None) and value not in ("", None):
                # C11: one row with an empty slug must not fail the whole list.
                return None
            msg = (
                "Could not resolve URL for hyperlinked relationship using "
                f'view name "{self.view_name}". You may have failed to include the related '
                "model in your API, or incorrectly configured the "
                "`lookup_field` attribute on this field."
            )
            if value in ("", None):
                value_string = {"": "the empty string", None: "None"}[value]
                msg += (
                    " WARNING: The value of the field on the model instance "
                    f"was {value_string}, which may be why it didn't match any "
                    "entries in your URL conf."
                )
            raise ImproperlyConfigured(msg) from None
        if url is None:
            return None
        return Hyperlink(url, value)


class HyperlinkedIdentityField(HyperlinkedRelatedField):
    """A read-only field holding the URL of the object itself (``source="*"``)."""

    def __init__(self, view_name: str | None = None, **kwargs: Any) -> None:
        if view_name is None:
            raise ConfigurationError("The `view_name` argument is required.")
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(view_name, **kwargs)

    def use_pk_only_optimization(self) -> bool:
        # The object itself is the value; there is no related pk to shortcut to.
        return False


class SlugRelatedField(RelatedField):
    """Represent the related object by a unique attribute (``slug_field``)."""

    default_error_messages = {
        "does_not_exist": _("Object with {slug_name}={value} does not exist."),
        "invalid": _("Invalid value."),
    }

    def __init__(self, slug_field: str | None = None, **kwargs: Any) -> None:
        if slug_field is None:
            raise ConfigurationError("The `slug_field` argument is required.")
        self.slug_field = slug_field
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        queryset = self.get_queryset()
        try:
            return queryset.get(**{self.slug_field: data})
        except (ObjectDoesNotExist, *_UNSTORABLE):
            self.fail("does_not_exist", slug_name=self.slug_field, value=smart_str(data))
        except (TypeError, ValueError):
            self.fail("invalid")

    def to_representation(self, obj: Any) -> Any:
        return attrgetter(self.slug_field.replace("__", "."))(obj)


class ManyRelatedField(Field):
    """The list field that ``RelatedField(many=True)`` becomes; wraps ``child_relation``.

    You rarely use it directly: pass ``many=True`` to a relational field.
    """

    initial: Any = []
    default_empty_html: Any = []
    default_error_messages = {
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This list may not be empty."),
    }
    html_cutoff: Any = None
    html_cutoff_text: Any = None

    def __init__(self, child_relation: Any = None, *args: Any, **kwargs: Any) -> None:
        self.child_relation = child_relation
        self.allow_empty = kwargs.pop("allow_empty", True)
        self.html_cutoff, self.html_cutoff_text = _cutoff_settings(kwargs, self.html_cutoff_text)
        if child_relation is None:
            raise ConfigurationError("`child_relation` is a required argument.")
        super().__init__(*args, **kwargs)
        self.child_relation.bind(field_name="", parent=self)

    def get_value(self, dictionary: Any) -> Any:
        if _is_html_input(dictionary):
            if self.field_name not in dictionary and getattr(self.root, "partial", False):
                return empty
            return dictionary.getlist(self.field_name)
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        # A JSON object is not a list, though iterating it would yield its keys.
        if isinstance(data, (str, Mapping)) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        child = self.child_relation
        batch = getattr(child, "_many_to_internal_value", None)
        if batch is not None:
            items = list(data)
            result = batch(items)
            if result is not None:
                return result
            data = items
        return [child.to_internal_value(item) for item in data]

    def get_attribute(self, instance: Any) -> Any:
        # An unsaved instance cannot have related objects yet.
        if hasattr(instance, "pk") and instance.pk is None:
            return []
        try:
            relationship = get_attribute(instance, self.source_attrs)
        except (KeyError, AttributeError) as exc:
            if self.default is not empty:
                return self.get_default()
            if self.allow_null:
                return None
            if not self.required:
                raise SkipField() from None
            msg = (
                f"Got {type(exc).__name__} when attempting to get a value for field "
                f"`{self.field_name}` on serializer `{self.parent.__class__.__name__}`.\nThe serializer "
                "field might be named incorrectly and not match "
                f"any attribute or key on the `{instance.__class__.__name__}` instance.\n"
                f"Original exception text was: {exc}."
            )
            raise type(exc)(msg) from exc
        return relationship.all() if hasattr(relationship, "all") else relationship

    def to_representation(self, iterable: Any) -> list[Any]:
        to_repr = self.child_relation.to_representation
        return [to_repr(value) for value in iterable]

    def get_choices(self, cutoff: int | None = None) -> dict[Any, Any]:
        """Return the child relation's choices."""
        return self.child_relation.get_choices(cutoff)

    @property
    def choices(self) -> dict[Any, Any]:
        return self.get_choices()

    @property
    def grouped_choices(self) -> dict[Any, Any]:
        return self.choices

    def iter_options(self) -> Any:
        """Yield the options of an HTML multiple select, stopping at ``html_cutoff``."""
        return iter_options(
            self.get_choices(cutoff=self.html_cutoff), cutoff=self.html_cutoff, cutoff_text=self.html_cutoff_text
        )

