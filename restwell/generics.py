"""Generic views: the hooks that connect a view to a queryset and a serializer.

``GenericAPIView`` adds ``get_queryset()``, ``get_object()``, ``get_serializer()``,
filtering and pagination to ``APIView``; the concrete classes below combine it
with the model mixins (``ListCreateAPIView``, ``RetrieveUpdateDestroyAPIView``, …).

Every blocking hook has an ``a``-prefixed twin (``aget_object``,
``apaginate_queryset``) for ``async def`` handlers; the twins share the sync
code for everything that does no I/O. ``filter_backends`` and
``pagination_class`` default to the current ``REST_FRAMEWORK`` settings on every
access, so ``override_settings`` reaches them.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models.query import QuerySet
from django.http import Http404
from django.shortcuts import aget_object_or_404 as _django_aget_object_or_404
from django.shortcuts import get_object_or_404 as _django_get_object_or_404

from restwell import filters, mixins, views
from restwell.settings import api_setting

__all__ = [
    "CreateAPIView",
    "DestroyAPIView",
    "GenericAPIView",
    "ListAPIView",
    "ListCreateAPIView",
    "RetrieveAPIView",
    "RetrieveDestroyAPIView",
    "RetrieveUpdateAPIView",
    "RetrieveUpdateDestroyAPIView",
    "UpdateAPIView",
    "ViewConfigurationError",
    "aget_object_or_404",
    "get_object_or_404",
]


class ViewConfigurationError(ImproperlyConfigured, AssertionError):
    """A view is missing configuration (no queryset, no serializer class, …).

    It is an ``ImproperlyConfigured``; it also subclasses ``AssertionError``
    because Django REST framework raised that, and code written against it may
    catch it (``OrderingFilter`` does).
    """


# Lookup values that cannot be converted to the field's type (a word where an
# integer pk is expected, a malformed UUID, a date beyond the year 9999) or
# that the database driver refuses before sending the query (a NUL character
# for PostgreSQL, which psycopg reports as a DataError) mean "no such object".
_BAD_LOOKUP_ERRORS = (TypeError, ValueError, OverflowError, DataError, DjangoValidationError)


def _has_nul(filter_kwargs: dict[str, Any]) -> bool:
    # PostgreSQL cannot store a NUL character, so such a value never names a
    # row; answering without a query gives the same 404 on every database.
    return any(isinstance(value, str) and "\x00" in value for value in filter_kwargs.values())


def get_object_or_404(queryset: Any, *filter_args: Any, **filter_kwargs: Any) -> Any:
    """Return the single object matching the filters, or raise ``Http404``.

    Like Django's shortcut, but a lookup value of the wrong type (``pk="abc"``
    on an integer key, a malformed UUID) or holding a NUL character also gives
    a 404.
    """
    if _has_nul(filter_kwargs):
        raise Http404
    try:
        return _django_get_object_or_404(queryset, *filter_args, **filter_kwargs)
    except _BAD_LOOKUP_ERRORS:
        raise Http404


async def aget_object_or_404(queryset: Any, *filter_args: Any, **filter_kwargs: Any) -> Any:
    """Async twin of :func:`get_object_or_404`, over Django's async ORM."""
    if _has_nul(filter_kwargs):
        raise Http404
    try:
        return await _django_aget_object_or_404(queryset, *filter_args, **filter_kwargs)
    except _BAD_LOOKUP_ERRORS:
        raise Http404


class GenericAPIView(views.APIView):
    """Base class for the generic views: an ``APIView`` bound to a queryset.

    Set ``queryset`` and ``serializer_class`` (or override ``get_queryset()`` and
    ``get_serializer_class()``); ``lookup_field`` names the model field that
    detail views filter on and ``lookup_url_kwarg`` the URL keyword carrying it.
    """

    # The queryset that list views show and detail views look objects up in.
    # Read it through get_queryset(), which re-evaluates it for each request.
    queryset: Any = None
    serializer_class: Any = None

    # The model field used to look up single objects, and the URL keyword
    # argument holding its value (defaults to ``lookup_field``).
    lookup_field = "pk"
    lookup_url_kwarg: str | None = None

    # Read from the settings when accessed, not frozen at import time.
    filter_backends: Any = api_setting("DEFAULT_FILTER_BACKENDS")
    pagination_class: Any = api_setting("DEFAULT_PAGINATION_CLASS")

    # When True, detail ``@action`` handlers of a viewset get the object loaded
    # (and its object permissions checked) before they run; see viewsets.py.
    detail_action_loads_object = False

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type:
        # Allow ``GenericAPIView[Model]`` in annotations, as Django REST framework does.
        return cls

    # -- queryset and object ------------------------------------------------

    def get_queryset(self) -> Any:
        """Return the queryset of objects this view works on.

        Override it to scope the objects to the request (for example to the
        objects the user owns) rather than reading ``self.queryset``: a model
        ``QuerySet`` attribute is evaluated once and cached, so it is cloned
        here with ``.all()`` for every request.
        """
        if self.queryset is None:
            raise ViewConfigurationError(
                "'%s' should either include a `queryset` attribute, "
                "or override the `get_queryset()` method." % self.__class__.__name__
            )
        queryset = self.queryset
        if isinstance(queryset, QuerySet):
            queryset = queryset.all()
        return queryset

    async def aget_queryset(self) -> Any:
        """Async twin of ``get_queryset()``.

        Querysets are lazy, so the base implementation is called directly. An
        overridden ``get_queryset()`` may query the database (to scope rows to
        the user, say), so without an ``aget_queryset()`` override of its own it
        runs in a worker thread.
        """
        if _overrides_sync_only(self, "get_queryset"):
            return await sync_to_async(self.get_queryset)()
        return self.get_queryset()

    def _lookup_filter(self) -> dict[str, Any]:
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        if lookup_url_kwarg not in self.kwargs:
            raise ViewConfigurationError(
                "Expected view %s to be called with a URL keyword argument "
                'named "%s". Fix your URL conf, or set the `.lookup_field` '
                "attribute on the view correctly." % (self.__class__.__name__, lookup_url_kwarg)
            )
        return {self.lookup_field: self.kwargs[lookup_url_kwarg]}

    def get_object(self) -> Any:
        """Return the object the URL points at, or raise ``Http404``.

        Filters ``get_queryset()`` through the filter backends, looks the
        object up by ``lookup_field``, and checks object permissions. Override
        it for lookups on several fields; call ``check_object_permissions``
        on any object you load yourself.
        """
        preloaded = self.__dict__.get("_restwell_detail_object")
        if preloaded is not None:
            return preloaded
        queryset = self.filter_queryset(self.get_queryset())
        obj = get_object_or_404(queryset, **self._lookup_filter())
        self.check_object_permissions(self.request, obj)
        return obj

    async def aget_object(self) -> Any:
        """Async twin of ``get_object()``, using Django's async ORM.

        A subclass that overrides only the sync ``get_object()`` keeps working:
        the override runs in a worker thread.
        """
        if _overrides_sync_only(self, "get_object"):
            return await sync_to_async(self.get_object)()
        preloaded = self.__dict__.get("_restwell_detail_object")
        if preloaded is not None:
            return preloaded
        queryset = await self.afilter_queryset(await self.aget_queryset())
        obj = await aget_object_or_404(queryset, **self._lookup_filter())
        await self._acheck_object_permissions(obj)
        return obj

    async def _acheck_object_permissions(self, obj: Any) -> None:
        checker = getattr(self, "acheck_object_permissions", None)
        if checker is not None:
            await checker(self.request, obj)
        else:
            await sync_to_async(self.check_object_permissions)(self.request, obj)

    def options(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Answer OPTIONS with the view's metadata.

        The metadata checks permissions and, for PUT, loads the object: blocking
        work that an ``async def`` view runs in a worker thread.
        """
        if _serves_async(self):
            return sync_to_async(super().options)(request, *args, **kwargs)
        return super().options(request, *args, **kwargs)

    # -- serializer ---------------------------------------------------------

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        """Return a serializer instance for validating input and shaping output.

        Passes ``get_serializer_context()`` as ``context`` unless the caller
        gives one.
        """
        serializer_class = self.get_serializer_class()
        kwargs.setdefault("context", self.get_serializer_context())
        return serializer_class(*args, **kwargs)

    def get_serializer_class(self) -> Any:
        """Return the serializer class to use (``self.serializer_class`` by default).

        Override it to pick a serializer per request, e.g. a fuller one for
        staff or a write serializer for ``self.action == "create"``.
        """
        if self.serializer_class is None:
            raise ViewConfigurationError(
                "'%s' should either include a `serializer_class` attribute, "
                "or override the `get_serializer_class()` method." % self.__class__.__name__
            )
        return self.serializer_class

    def get_serializer_context(self) -> dict[str, Any]:
        """Return the extra context given to the serializer: request, format and view."""
        return {
            "request": self.request,
            "format": self.format_kwarg,
            "view": self,
        }

    # -- filtering and pagination -------------------------------------------

    def filter_queryset(self, queryset: Any) -> Any:
        """Run ``queryset`` through every backend in ``filter_backends``.

        Called by ``list()`` and ``get_object()``; a backend that scopes rows
        therefore scopes detail lookups too.
        """
        for backend in list(self.filter_backends):
            queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    async def afilter_queryset(self, queryset: Any) -> Any:
        """Async twin of ``filter_queryset()``.

        restwell's own backends only build filters and run inline; any other
        backend (django-filter's validates its form, which may query) runs in a
        worker thread.
        """
        if _overrides_sync_only(self, "filter_queryset") or any(
            backend not in _INLINE_BACKENDS or backend()._may_query(self)
            for backend in self.filter_backends
        ):
            return await sync_to_async(self.filter_queryset)(queryset)
        return self.filter_queryset(queryset)

    @property
    def paginator(self) -> Any:
        """The paginator instance of this view, or ``None`` without ``pagination_class``."""
        if not hasattr(self, "_paginator"):
            pagination_class = self.pagination_class
            self._paginator = None if pagination_class is None else pagination_class()
        return self._paginator

    def paginate_queryset(self, queryset: Any) -> Any:
        """Return one page of ``queryset``, or ``None`` if pagination is off."""
        if self.paginator is None:
            return None
        return self.paginator.paginate_queryset(queryset, self.request, view=self)

    async def apaginate_queryset(self, queryset: Any) -> Any:
        """Async twin of ``paginate_queryset()``."""
        paginator = self.paginator
        if paginator is None:
            return None
        if _overrides_sync_only(self, "paginate_queryset"):
            return await sync_to_async(self.paginate_queryset)(queryset)
        apaginate = getattr(paginator, "apaginate_queryset", None)
        if apaginate is not None:
            return await apaginate(queryset, self.request, view=self)
        return await sync_to_async(paginator.paginate_queryset)(queryset, self.request, view=self)

    def get_paginated_response(self, data: Any) -> Any:
        """Wrap serialized page ``data`` in the paginator's response shape."""
        if self.paginator is None:
            raise ViewConfigurationError(
                "'%s' has no `pagination_class`; get_paginated_response() needs one."
                % self.__class__.__name__
            )
        return self.paginator.get_paginated_response(data)


# restwell's own filter backends do no I/O, so async views run them inline.
_INLINE_BACKENDS = frozenset((filters.OrderingFilter, filters.SearchFilter, filters.UnaccentedSearchFilter))


def _serves_async(view: Any) -> bool:
    """True when ``view`` is being served by the async request cycle."""
    flag = view.__dict__.get("_restwell_async_route")
    if flag is not None:
        return flag
    return bool(type(view).view_is_async)


def _overrides_sync_only(view: Any, name: str) -> bool:
    cls = type(view)
    sync_impl = getattr(cls, name, None)
    async_impl = getattr(cls, "a" + name, None)
    base_sync = getattr(GenericAPIView, name)
    base_async = getattr(GenericAPIView, "a" + name)
    return sync_impl is not base_sync and async_impl is base_async


# Concrete generic views: a handler per HTTP method, each delegating to a mixin.
# For an ``async def`` handler, subclass and await the ``a``-twin, e.g.
# ``async def get(self, request, *a, **kw): return await self.alist(request, *a, **kw)``.


class CreateAPIView(mixins.CreateModelMixin, GenericAPIView):
    """Create a model instance (POST)."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.create(request, *args, **kwargs)


class ListAPIView(mixins.ListModelMixin, GenericAPIView):
    """List a queryset (GET)."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.list(request, *args, **kwargs)


class RetrieveAPIView(mixins.RetrieveModelMixin, GenericAPIView):
    """Retrieve a model instance (GET)."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)


class DestroyAPIView(mixins.DestroyModelMixin, GenericAPIView):
    """Delete a model instance (DELETE)."""

    def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.destroy(request, *args, **kwargs)


class UpdateAPIView(mixins.UpdateModelMixin, GenericAPIView):
    """Update a model instance (PUT, and PATCH for a partial update)."""

    def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.update(request, *args, **kwargs)

    def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.partial_update(request, *args, **kwargs)


class ListCreateAPIView(mixins.ListModelMixin, mixins.CreateModelMixin, GenericAPIView):
    """List a queryset (GET) or create a model instance (POST)."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.list(request, *args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.create(request, *args, **kwargs)


class RetrieveUpdateAPIView(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, GenericAPIView):
    """Retrieve (GET) or update (PUT, PATCH) a model instance."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)

    def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.update(request, *args, **kwargs)

    def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.partial_update(request, *args, **kwargs)


class RetrieveDestroyAPIView(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, GenericAPIView):
    """Retrieve (GET) or delete (DELETE) a model instance."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)

    def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.destroy(request, *args, **kwargs)


class RetrieveUpdateDestroyAPIView(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    GenericAPIView,
):
    """Retrieve (GET), update (PUT, PATCH) or delete (DELETE) a model instance."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)

    def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.update(request, *args, **kwargs)

    def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.partial_update(request, *args, **kwargs)

    def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.destroy(request, *args, **kwargs)
