"""Model mixins: the create, list, retrieve, update and delete actions.

Combine them with ``GenericAPIView`` (or ``GenericViewSet``); each action calls
overridable hooks (``perform_create``, ``perform_update``, ``perform_destroy``)
so saving can be customised without rewriting the action.

Every action has an async twin with Django's ``a`` prefix (``alist``,
``acreate``, ``aretrieve``, ``aupdate``, ``apartial_update``, ``adestroy``) for
``async def`` handlers. The twins build the same responses through the same
helpers; only the I/O (validation, saving, serializing, deleting) is awaited.
A sync ``perform_*`` override without an async twin still runs, in a thread.
"""

from __future__ import annotations

import inspect
from functools import partial
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async

from restwell import status
from restwell.response import Response
from restwell.settings import api_settings

if TYPE_CHECKING:
    from restwell.generics import GenericAPIView

    # The mixins call GenericAPIView's hooks (get_serializer, get_object, …):
    # they are only ever combined with it, so the type checker sees them as
    # its subclasses. At run time they stay plain mixins.
    _GenericViewBase = GenericAPIView
else:
    _GenericViewBase = object

__all__ = [
    "CreateModelMixin",
    "DestroyModelMixin",
    "ListModelMixin",
    "RetrieveModelMixin",
    "UpdateModelMixin",
]


# -- async helpers over a serializer that may or may not offer async methods --


async def _ais_valid(serializer: Any) -> bool:
    ais_valid = getattr(serializer, "ais_valid", None)
    if ais_valid is not None:
        return await ais_valid(raise_exception=True)
    return await sync_to_async(serializer.is_valid)(raise_exception=True)


async def _adata(serializer: Any) -> Any:
    if hasattr(type(serializer), "adata"):
        value = serializer.adata
        if callable(value) and not inspect.isawaitable(value):
            value = value()
        if inspect.isawaitable(value):
            return await value
        return value
    return await sync_to_async(lambda: serializer.data)()


async def _asave(serializer: Any, **kwargs: Any) -> Any:
    asave = getattr(serializer, "asave", None)
    if asave is not None:
        return await asave(**kwargs)
    return await sync_to_async(serializer.save)(**kwargs)


def _sync_only(view: Any, base: type, name: str) -> bool:
    # True when the user's class overrides ``name`` but not its ``a`` twin:
    # the async path then calls the sync override (in a thread) so it still applies.
    cls = type(view)
    return getattr(cls, name) is not getattr(base, name) and getattr(cls, "a" + name) is getattr(
        base, "a" + name
    )


def _release_list_on_close(response: Any, serializer: Any) -> Any:
    """Let reference counting free a list serializer once ``response`` is closed.

    A ``many=True`` serializer and its child refer to each other
    (``serializer.child`` and ``child.parent``), and both hold the queryset
    and the rendered items: left alone, all the listed objects wait for
    Python's cyclic garbage collector, whose passes over them cost more than
    rendering a page of fifty objects. The server calls ``close()`` once the
    body is sent; the child's back reference is dropped then (what tests
    read after ``close()``, ``response.data`` and its ``serializer``, stays).
    """
    closers = getattr(response, "_resource_closers", None)
    child = getattr(serializer, "child", None)
    if type(closers) is list and child is not None:
        closers.append(partial(_drop_parent, child, serializer))
    return response


def _drop_parent(child: Any, parent: Any) -> None:
    state = getattr(child, "__dict__", None)
    if state is not None and state.get("parent") is parent:
        state["parent"] = None


def _reset_prefetch_cache(instance: Any) -> None:
    # After an update, relations prefetched before the save are stale; clearing
    # the cache makes the serializer read them again.
    if getattr(instance, "_prefetched_objects_cache", None):
        instance._prefetched_objects_cache = {}


class CreateModelMixin(_GenericViewBase):
    """Create a model instance from the request data (``create``/``acreate``)."""

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self._created_response(serializer.data)

    async def acreate(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        await _ais_valid(serializer)
        await self.aperform_create(serializer)
        return self._created_response(await _adata(serializer))

    def _created_response(self, data: Any) -> Response:
        headers = self.get_success_headers(data)
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    def perform_create(self, serializer: Any) -> None:
        """Save the new instance. Override to pass extra attributes, e.g. ``owner=self.request.user``."""
        serializer.save()

    async def aperform_create(self, serializer: Any) -> None:
        """Async twin of ``perform_create()``."""
        if _sync_only(self, CreateModelMixin, "perform_create"):
            await sync_to_async(self.perform_create)(serializer)
        else:
            await _asave(serializer)

    def get_success_headers(self, data: Any) -> dict[str, str]:
        """Return the headers of the 201 response: ``Location`` when the data has a URL field."""
        try:
            return {"Location": str(data[api_settings.URL_FIELD_NAME])}
        except (TypeError, KeyError):
            return {}


class ListModelMixin(_GenericViewBase):
    """List the (filtered, paginated) queryset (``list``/``alist``).

    The number of queries does not depend on the page size as long as
    ``get_queryset()`` declares the relations the serializer reads, with
    ``select_related()`` for foreign keys and ``prefetch_related()`` for
    many-to-many and reverse relations.
    """

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            serializer = self.get_serializer(page, many=True)
            return _release_list_on_close(self.get_paginated_response(serializer.data), serializer)
        serializer = self.get_serializer(queryset, many=True)
        return _release_list_on_close(Response(serializer.data), serializer)

    async def alist(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        queryset = await self.afilter_queryset(await self.aget_queryset())
        page = await self.apaginate_queryset(queryset)
        if page is not None:
            serializer = self.get_serializer(page, many=True)
            return _release_list_on_close(self.get_paginated_response(await _adata(serializer)), serializer)
        serializer = self.get_serializer(queryset, many=True)
        return _release_list_on_close(Response(await _adata(serializer)), serializer)


class RetrieveModelMixin(_GenericViewBase):
    """Return one model instance (``retrieve``/``aretrieve``)."""

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data)

    async def aretrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = await self.aget_object()
        serializer = self.get_serializer(instance)
        return Response(await _adata(serializer))


class UpdateModelMixin(_GenericViewBase):
    """Update a model instance (``update``/``partial_update`` and their async twins)."""

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        _reset_prefetch_cache(instance)
        return Response(serializer.data)

    async def aupdate(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = await self.aget_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        await _ais_valid(serializer)
        await self.aperform_update(serializer)
        _reset_prefetch_cache(instance)
        return Response(await _adata(serializer))

    def perform_update(self, serializer: Any) -> None:
        """Save the changes. Override to set extra attributes or record who changed what."""
        serializer.save()

    async def aperform_update(self, serializer: Any) -> None:
        """Async twin of ``perform_update()``."""
        if _sync_only(self, UpdateModelMixin, "perform_update"):
            await sync_to_async(self.perform_update)(serializer)
        else:
            await _asave(serializer)

    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    async def apartial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return await self.aupdate(request, *args, **kwargs)


class DestroyModelMixin(_GenericViewBase):
    """Delete a model instance (``destroy``/``adestroy``)."""

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    async def adestroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = await self.aget_object()
        await self.aperform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance: Any) -> None:
        """Delete the instance. Override for soft deletes or to refuse a delete."""
        instance.delete()

    async def aperform_destroy(self, instance: Any) -> None:
        """Async twin of ``perform_destroy()``."""
        if _sync_only(self, DestroyModelMixin, "perform_destroy"):
            await sync_to_async(self.perform_destroy)(instance)
        elif hasattr(instance, "adelete"):
            await instance.adelete()
        else:
            await sync_to_async(instance.delete)()
