"""Tests for restwell.mixins: perform_* hooks in both modes, success headers, prefetch reset."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from django.db import models
from django.urls import path

from restwell import generics, mixins, pagination, serializers
from restwell.settings import api_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class MixTag(models.Model):
    label = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"


class MixEntry(models.Model):
    text = models.CharField(max_length=50)
    owner = models.CharField(max_length=50, default="")
    deleted = models.BooleanField(default=False)
    tags = models.ManyToManyField(MixTag, blank=True)

    class Meta:
        app_label = "tests"


class MixEntrySerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(
        slug_field="label", many=True, queryset=MixTag.objects.all(), required=False
    )

    class Meta:
        model = MixEntry
        fields = ["id", "text", "owner", "tags"]
        read_only_fields = ["owner"]


class HookedEntries(generics.ListCreateAPIView):
    """Sync perform_create override: it must apply in the async path too."""

    queryset = MixEntry.objects.filter(deleted=False).order_by("id")
    serializer_class = MixEntrySerializer

    def perform_create(self, serializer: Any) -> None:
        serializer.save(owner="hooked")


class AsyncHookedEntries(HookedEntries):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.alist(request, *args, **kwargs)

    async def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.acreate(request, *args, **kwargs)


class HookedEntry(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = MixEntrySerializer

    def get_queryset(self) -> Any:
        return MixEntry.objects.filter(deleted=False).prefetch_related("tags")

    def perform_update(self, serializer: Any) -> None:
        serializer.save(owner="updated")

    def perform_destroy(self, instance: Any) -> None:
        # A soft delete.
        instance.deleted = True
        instance.save()


class AsyncHookedEntry(HookedEntry):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.aretrieve(request, *args, **kwargs)

    async def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.aupdate(request, *args, **kwargs)

    async def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.apartial_update(request, *args, **kwargs)

    async def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.adestroy(request, *args, **kwargs)


class PlainEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = MixEntry
        fields = ["id", "text"]


class PlainEntries(generics.ListAPIView):
    queryset = MixEntry.objects.order_by("id")
    serializer_class = PlainEntrySerializer


class PagedEntries(PlainEntries):
    class pagination_class(pagination.PageNumberPagination):  # noqa: N801 - DRF's attribute name
        page_size = 1


class AsyncPlainEntries(PlainEntries):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.alist(request, *args, **kwargs)


class AsyncPagedEntries(PagedEntries):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.alist(request, *args, **kwargs)


urlpatterns = [
    path("sync/plain/", PlainEntries.as_view()),
    path("async/plain/", AsyncPlainEntries.as_view()),
    path("sync/paged/", PagedEntries.as_view()),
    path("async/paged/", AsyncPagedEntries.as_view()),
    path("sync/entries/", HookedEntries.as_view()),
    path("async/entries/", AsyncHookedEntries.as_view()),
    path("sync/entries/<int:pk>/", HookedEntry.as_view()),
    path("async/entries/<int:pk>/", AsyncHookedEntry.as_view()),
]


@pytest.fixture(params=["sync", "async"])
def prefix(request: pytest.FixtureRequest) -> str:
    return "/" + request.param


def test_perform_create_override_applies(api_client: Any, prefix: str) -> None:
    response = api_client.post(f"{prefix}/entries/", {"text": "a"}, content_type="application/json")
    assert response.status_code == 201
    entry = MixEntry.objects.get()
    assert entry.owner == "hooked"
    assert response.json() == {"id": entry.id, "text": "a", "owner": "hooked", "tags": []}
    assert "Location" not in response


def test_perform_update_override_and_fresh_prefetch(api_client: Any, prefix: str) -> None:
    """After an update the serializer re-reads relations prefetched before the save."""
    MixTag.objects.create(label="new")
    entry = MixEntry.objects.create(text="a")
    entry.tags.add(MixTag.objects.create(label="old"))
    response = api_client.put(
        f"{prefix}/entries/{entry.pk}/",
        {"text": "b", "tags": ["new"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"id": entry.pk, "text": "b", "owner": "updated", "tags": ["new"]}


def test_perform_destroy_override(api_client: Any, prefix: str) -> None:
    entry = MixEntry.objects.create(text="a")
    response = api_client.delete(f"{prefix}/entries/{entry.pk}/")
    assert response.status_code == 204
    assert response.content == b""
    assert MixEntry.objects.get(pk=entry.pk).deleted is True
    assert api_client.get(f"{prefix}/entries/{entry.pk}/").status_code == 404


def test_success_headers_use_url_field() -> None:
    mixin = mixins.CreateModelMixin()
    field = api_settings.URL_FIELD_NAME
    assert mixin.get_success_headers({field: "http://x/1/"}) == {"Location": "http://x/1/"}
    assert mixin.get_success_headers({"id": 1}) == {}
    assert mixin.get_success_headers([1, 2]) == {}


def test_partial_update_sets_partial_flag() -> None:
    seen = {}

    class Probe(mixins.UpdateModelMixin):
        def update(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            seen.update(kwargs)

    Probe().partial_update(None, pk=1)
    assert seen == {"pk": 1, "partial": True}


@pytest.mark.parametrize("kind", ["plain", "paged"])
def test_closed_list_response_frees_its_serializer_without_the_collector(api_client: Any, prefix: str, kind: str) -> None:
    first = MixEntry.objects.create(text="a")
    MixEntry.objects.create(text="b")
    response = api_client.get(f"{prefix}/{kind}/")
    assert response.status_code == 200
    items = [{"id": first.id, "text": "a"}, {"id": first.id + 1, "text": "b"}]
    if kind == "plain":
        assert response.data == items
        serializer = response.data.serializer
    else:
        assert response.json()["results"] == items[:1]
        serializer = response.data["results"].serializer
    # The test client closed the response: the child no longer points back,
    # and what a test reads stays.
    assert serializer.child.parent is None
    assert serializer.data == (items if kind == "plain" else items[:1])


@pytest.mark.parametrize("view_class", [PlainEntries, PagedEntries])
def test_list_serializer_is_freed_by_reference_counting_once_closed(view_class: type) -> None:
    from restwell.test import APIRequestFactory

    MixEntry.objects.create(text="a")
    response = view_class.as_view()(APIRequestFactory().get("/"))
    response.render()
    data = response.data if view_class is PlainEntries else response.data["results"]
    ref = weakref.ref(data.serializer)
    del data
    response.close()
    gc.disable()
    try:
        del response
        assert ref() is None
    finally:
        gc.enable()
