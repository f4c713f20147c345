"""Filter backends for list views: search and ordering from query parameters.

Add them to a view with ``filter_backends = [SearchFilter, OrderingFilter]``
(or project-wide with ``DEFAULT_FILTER_BACKENDS``). Backends only build
queryset filters; they do no I/O, so the same backend serves sync and async
views. django-filter's ``DjangoFilterBackend`` plugs in the same way.

``SearchFilter`` reads ``?search=``: terms are split on whitespace and commas,
quoted phrases stay together, and every term must match one of
``search_fields`` (AND across terms, OR across fields). A NUL character, an
invalid regular expression, one prone to catastrophic backtracking, or more
than ``max_search_terms`` terms is a 400 naming the parameter, never a
database error.

``OrderingFilter`` reads ``?ordering=a,-b`` and by default allows only the
fields the view's serializer shows (readable, not ``write_only``), so clients
cannot sort by hidden columns and infer their values. Fields that are not
database columns (a model method or ``cached_property`` behind a read-only
field) and lists of related objects are not offered; requested terms that the
queryset cannot order by are ignored like unknown ones.
"""

from __future__ import annotations

import operator
import re
import warnings
from functools import reduce
from typing import Any

from django.core.exceptions import FieldDoesNotExist, FieldError, ImproperlyConfigured
from django.db import DatabaseError, connections, models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.template import loader
from django.utils.encoding import force_str
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import ValidationError
from restwell.settings import api_setting

try:  # The stdlib's regex parser, to spot nested quantifiers (see _regex_problem).
    from re import _parser as _re_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    _re_parser = None

__all__ = [
    "BaseFilterBackend",
    "OrderingFilter",
    "SearchFilter",
    "UnaccentedSearchFilter",
    "search_smart_split",
]


def search_smart_split(search_terms: str) -> list[str]:
    """Split a search string into terms.

    Whitespace and commas separate terms; a quoted phrase (``"red car"``) is
    one term, unquoted, even if it contains commas.
    """
    terms: list[str] = []
    for chunk in smart_split(search_terms):
        chunk = chunk.strip(",")
        if _is_quoted(chunk):
            terms.append(unescape_string_literal(chunk))
            continue
        for part in chunk.split(","):
            part = part.strip()
            if _is_quoted(part):
                # A quoted phrase followed by a comma ("red car",blue) is still one term.
                terms.append(unescape_string_literal(part))
            elif part:
                terms.append(part)
    return terms


def _is_quoted(term: str) -> bool:
    return len(term) > 1 and term[0] in ('"', "'") and term[0] == term[-1]


def _shows_many(field: Any) -> bool:
    # A list of related objects (``many=True``): ordering by it would repeat
    # each row once per related object.
    from restwell.relations import ManyRelatedField
    from restwell.serializers import ListSerializer

    return isinstance(field, (ManyRelatedField, ListSerializer))


def _can_order_by(queryset: Any, term: str) -> bool:
    # order_by() resolves the names at once (no query), raising FieldError for
    # anything that is not a column, relation or annotation.
    order_by = getattr(queryset, "order_by", None)
    if order_by is None:
        return True
    try:
        order_by(term)
    except FieldError:
        return False
    return True


class BaseFilterBackend:
    """Base class of filter backends: implement ``filter_queryset()``."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        """Return ``queryset`` filtered for this request."""
        raise NotImplementedError(".filter_queryset() must be overridden.")

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """Return the OpenAPI query parameters this backend reads."""
        return []


# Longest regular expression a client may send to a ``$`` (regex) search field.
MAX_SEARCH_REGEX_LENGTH = 100

_NUL_MESSAGE = _("Null characters are not allowed.")
_BAD_REGEX_MESSAGE = _("Invalid regular expression: {error}.")
_DB_BAD_REGEX_MESSAGE = _("Invalid regular expression.")
_SLOW_REGEX_MESSAGE = _(
    "Regular expression not allowed: it repeats a group that itself repeats, "
    "which can take exponential time."
)
_LONG_REGEX_MESSAGE = _("Regular expression too long: at most {max_length} characters.")
_TOO_MANY_TERMS_MESSAGE = _("Too many search terms: at most {max_terms} are allowed.")


def _has_nested_repeat(parsed: Any, inside_repeat: bool = False) -> bool:
    for op, value in parsed:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = value
            unbounded = high is _re_parser.MAXREPEAT or high > 1
            if inside_repeat and unbounded:
                return True
            if _has_nested_repeat(sub, inside_repeat or unbounded):
                return True
        elif name == "SUBPATTERN":
            if _has_nested_repeat(value[-1], inside_repeat):
                return True
        elif name == "BRANCH":
            if any(_has_nested_repeat(branch, inside_repeat) for branch in value[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            if _has_nested_repeat(value[1], inside_repeat):
                return True
        elif name in ("GROUPREF", "GROUPREF_EXISTS"):
            return True  # backreferences make matching non-regular; refuse them
    return False


def _regex_problem(term: str) -> str | None:
    # Database regex engines (PostgreSQL, MySQL, SQLite's Python callback)
    # backtrack; nested unbounded repeats such as (a+)+ take exponential time.
    if len(term) > MAX_SEARCH_REGEX_LENGTH:
        return str(_LONG_REGEX_MESSAGE).format(max_length=MAX_SEARCH_REGEX_LENGTH)
    try:
        with warnings.catch_warnings():
            # Python warns about syntax whose meaning will change ("[[");
            # engines disagree on it, so it is refused like an error.
            warnings.simplefilter("error")
            re.compile(term)
            parsed = _re_parser.parse(term) if _re_parser is not None else None
    except (re.error, OverflowError, RecursionError, Warning) as exc:
        return str(_BAD_REGEX_MESSAGE).format(error=exc)
    if parsed is not None and _has_nested_repeat(parsed):
        return str(_SLOW_REGEX_MESSAGE)
    return None


# How to ask each database whether it accepts a pattern (SQLite uses Python's re).
_REGEX_PROBES = {
    "postgresql": "SELECT '' ~ %s",
    "mysql": "SELECT '' REGEXP %s",
    "oracle": "SELECT 1 FROM DUAL WHERE REGEXP_LIKE('', %s)",
}


def _database_rejects(term: str, using: str) -> bool:
    # The database's regex dialect differs from Python's (PostgreSQL refuses
    # named groups, "a{2", …); probing it in a savepoint turns what would be a
    # DataError (a 500) in the list query into a 400, and leaves an enclosing
    # transaction usable.
    connection = connections[using]
    probe = _REGEX_PROBES.get(connection.vendor)
    if probe is None:
        return False
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(probe, [term])
    except DatabaseError:
        return True
    return False


class SearchFilter(BaseFilterBackend):
    """Filter by ``?search=`` over the view's ``search_fields``.

    A field name may start with a prefix choosing the lookup: ``^`` starts
    with, ``=`` exact, ``@`` full-text search (PostgreSQL), ``$`` regular
    expression; without one the lookup is ``icontains``. A field may also end
    with an explicit lookup (``"text__iendswith"``). ``%`` and ``_`` in terms
    match literally.
    """

    # Read from the SEARCH_PARAM setting when accessed.
    search_param: Any = api_setting("SEARCH_PARAM")
    template = "rest_framework/filters/search.html"
    lookup_prefixes = {
        "^": "istartswith",
        "=": "iexact",
        "@": "search",
        "$": "iregex",
    }
    default_lookup = "icontains"
    # Each term adds a condition per search field: SQLite refuses a query
    # nested deeper than 1000 levels, and every database slows down; a search
    # box never needs this many words. ``None`` lifts the limit.
    max_search_terms: int | None = 50
    search_title = _("Search")
    search_description = _("A search term.")

    def get_search_fields(self, view: Any, request: Any) -> Any:
        """Return the fields to search: ``view.search_fields``. Override to vary them per request."""
        return getattr(view, "search_fields", None)

    def get_search_terms(self, request: Any) -> list[str]:
        """Return the search terms of ``?search=``.

        A NUL character, or more than ``max_search_terms`` distinct terms, is a 400.
        """
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            raise ValidationError({self.search_param: [_NUL_MESSAGE]}, code="null_characters_not_allowed")
        # A repeated term adds nothing to the filter; keep the first of each.
        terms = list(dict.fromkeys(search_smart_split(value)))
        limit = self.max_search_terms
        if limit is not None and len(terms) > limit:
            message = str(_TOO_MANY_TERMS_MESSAGE).format(max_terms=limit)
            raise ValidationError({self.search_param: [message]}, code="max_search_terms")
        return terms

    def construct_search(self, field_name: str, queryset: Any) -> str:
        """Return the ORM lookup (``"title__icontains"``) for one search field."""
        lookup = self.lookup_prefixes.get(field_name[0])
        if lookup:
            return LOOKUP_SEP.join([field_name[1:], lookup])
        # Keep an explicit trailing lookup ("text__iendswith") when the path
        # resolves to a field that knows it; otherwise add the default lookup.
        opts = queryset.model._meta
        previous_field = None
        for part in field_name.split(LOOKUP_SEP):
            if part == "pk":
                part = opts.pk.name
            try:
                field = opts.get_field(part)
            except FieldDoesNotExist:
                if previous_field is not None and previous_field.get_lookup(part):
                    return field_name
            else:
                previous_field = field
                if hasattr(field, "path_infos"):
                    opts = field.path_infos[-1].to_opts
        return LOOKUP_SEP.join([field_name, self.default_lookup])

    def must_call_distinct(self, queryset: Any, search_fields: Any) -> bool:
        """Return True if a search field crosses a many-to-many relation (rows would repeat)."""
        annotations = queryset.query.annotations if isinstance(queryset, models.QuerySet) else {}
        for search_field in search_fields:
            opts = queryset.model._meta
            if search_field[0] in self.lookup_prefixes:
                search_field = search_field[1:]
            if search_field in annotations:
                continue
            for part in search_field.split(LOOKUP_SEP):
                field = opts.get_field(part)
                if not hasattr(field, "get_path_info"):
                    # A transform or lookup on a plain field: no more relations.
                    break
                path_info = field.get_path_info()
                opts = path_info[-1].to_opts
                if any(path.m2m for path in path_info):
                    return True
        return False

    def _check_regex_terms(self, queryset: Any, orm_lookups: list[str], terms: list[str]) -> None:
        if not any(lookup.endswith(("__regex", "__iregex")) for lookup in orm_lookups):
            return
        using = getattr(queryset, "db", None)
        for term in terms:
            problem = _regex_problem(term)
            if problem is None and using is not None and _database_rejects(term, using):
                problem = str(_DB_BAD_REGEX_MESSAGE)
            if problem:
                raise ValidationError({self.search_param: [problem]}, code="invalid_regex")

    def _may_query(self, view: Any) -> bool:
        # Regex fields are checked against the database (see _database_rejects).
        fields = getattr(view, "search_fields", None) or ()
        return any(str(f).startswith("$") or "regex" in str(f) for f in fields)

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        search_fields = self.get_search_fields(view, request)
        search_terms = self.get_search_terms(request)
        if not search_fields or not search_terms:
            return queryset

        orm_lookups = [self.construct_search(str(field), queryset) for field in search_fields]
        self._check_regex_terms(queryset, orm_lookups, search_terms)

        # Each term must match at least one field.
        condition = reduce(
            operator.and_,
            (
                reduce(operator.or_, (models.Q(**{lookup: term}) for lookup in orm_lookups))
                for term in search_terms
            ),
        )
        filtered = queryset.filter(condition)
        if self.must_call_distinct(filtered, search_fields):
            # Filter with EXISTS rather than .distinct(): no duplicate rows, and
            # it works with any ordering and on every database.
            matches = filtered.filter(pk=models.OuterRef("pk"))
            filtered = queryset.filter(models.Exists(matches))
        return filtered

    def to_html(self, request: Any, queryset: Any, view: Any) -> str:
        """Render the search box of the browsable API."""
        if not getattr(view, "search_fields", None):
            return ""
        context = {
            "param": self.search_param,
            "term": request.query_params.get(self.search_param, ""),
        }
        return loader.get_template(self.template).render(context)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": force_str(self.search_description),
                "schema": {"type": "string"},
            }
        ]


class UnaccentedSearchFilter(SearchFilter):
    """A ``SearchFilter`` that ignores accents (``"jeremy"`` finds ``"Jérémy"``).

    Needs PostgreSQL with the ``unaccent`` extension and ``django.contrib.postgres``
    installed. Full-text (``@``) fields stay accent-sensitive.
    """

    lookup_prefixes = {
        "^": "unaccent__istartswith",
        "=": "unaccent__iexact",
        "@": "search",
        "$": "unaccent__iregex",
    }
    default_lookup = "unaccent__icontains"


class OrderingFilter(BaseFilterBackend):
    """Order by ``?ordering=field,-other``, restricted to the allowed fields.

    Allowed fields are ``ordering_fields`` (on the view or the backend), or
    ``"__all__"`` for every model field and annotation; without it, the fields
    the serializer shows. Unknown fields are ignored; the view's ``ordering``
    is the default.
    """

    # Read from the ORDERING_PARAM setting when accessed.
    ordering_param: Any = api_setting("ORDERING_PARAM")
    ordering_fields: Any = None
    ordering_title = _("Ordering")
    ordering_description = _("Which field to use when ordering the results.")
    template = "rest_framework/filters/ordering.html"

    def _may_query(self, view: Any) -> bool:
        return False

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> Any:
        """Return the ordering for this request: valid requested fields, else the default."""
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            ordering = self.remove_invalid_fields(queryset, fields, view, request)
            if ordering:
                return ordering
        return self.get_default_ordering(view)

    def get_default_ordering(self, view: Any) -> Any:
        """Return ``view.ordering`` as a tuple (``None`` if unset)."""
        ordering = getattr(view, "ordering", None)
        if isinstance(ordering, str):
            return (ordering,)
        return ordering

    def get_default_valid_fields(self, queryset: Any, view: Any, context: Any = None) -> list[Any]:
        """Return ``(name, label)`` for each readable serializer field that maps to a model column."""
        if hasattr(view, "get_serializer_class"):
            try:
                serializer_class = view.get_serializer_class()
            except AssertionError:
                # The default get_serializer_class() found no serializer_class.
                serializer_class = None
        else:
            serializer_class = getattr(view, "serializer_class", None)
        if serializer_class is None:
            raise ImproperlyConfigured(
                "Cannot use %s on a view which does not have either a "
                "'serializer_class', an overriding 'get_serializer_class' "
                "or 'ordering_fields' attribute." % self.__class__.__name__
            )

        model = queryset.model
        # Model properties are not columns; ``pk`` is, though it is a property.
        properties = {
            name
            for name in dir(model)
            if name != "pk" and isinstance(getattr(model, name, None), property)
        }
        serializer = serializer_class(context=context or {})
        return [
            (field.source.replace(".", "__") or name, field.label)
            for name, field in serializer.fields.items()
            if not getattr(field, "write_only", False)
            and field.source != "*"
            and field.source not in properties
            and not _shows_many(field)
        ]

    def get_valid_fields(self, queryset: Any, view: Any, context: Any = None) -> list[Any]:
        """Return the ``(name, label)`` pairs clients may order by."""
        valid_fields = getattr(view, "ordering_fields", self.ordering_fields)
        if valid_fields is None:
            return self.get_default_valid_fields(queryset, view, context or {})
        if valid_fields == "__all__":
            fields = [(field.name, field.verbose_name) for field in queryset.model._meta.fields]
            fields += [(key, key.title().split("__")) for key in queryset.query.annotations]
            return fields
        return [(item, item) if isinstance(item, str) else item for item in valid_fields]

    def remove_invalid_fields(self, queryset: Any, fields: Any, view: Any, request: Any) -> list[str]:
        """Keep the requested ordering terms that name an allowed field.

        A term the queryset cannot order by (an allowed serializer field that
        reads a model method rather than a column) is dropped too.
        """
        valid = {item[0] for item in self.get_valid_fields(queryset, view, {"request": request})}
        return [
            term
            for term in fields
            if term.removeprefix("-") in valid and _can_order_by(queryset, term)
        ]

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*ordering)
        return queryset

    def get_template_context(self, request: Any, queryset: Any, view: Any) -> dict[str, Any]:
        """Return the context of the browsable API's ordering control."""
        current = self.get_ordering(request, queryset, view)
        context: dict[str, Any] = {
            "request": request,
            "current": current[0] if current else None,
            "param": self.ordering_param,
        }
        options = []
        for key, label in self.get_valid_fields(queryset, view, context):
            options.append((key, "%s - %s" % (label, _("ascending"))))
            options.append(("-" + key, "%s - %s" % (label, _("descending"))))
        context["options"] = options
        return context

    def to_html(self, request: Any, queryset: Any, view: Any) -> str:
        """Render the ordering control of the browsable API."""
        context = self.get_template_context(request, queryset, view)
        return loader.get_template(self.template).render(context)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": force_str(self.ordering_description),
                "schema": {"type": "string"},
            }
        ]
