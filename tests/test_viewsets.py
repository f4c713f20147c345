"""Tests for restwell.viewsets: action binding, extra actions, async viewsets, the detail-object hook."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test import RequestFactory
from django.urls import include, path

from restwell import mixins, permissions, routers, serializers, viewsets
from restwell.decorators import action
from restwell.response import Response

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class VsNote(models.Model):
    text = models.CharField(max_length=50)
    locked = models.BooleanField(default=False)

    class Meta:
        app_label = "tests"


class VsNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = VsNote
        fields = ["id", "text"]


class NotLocked(permissions.BasePermission):
    message = "This note is locked."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return not obj.locked


class NoteViewSet(viewsets.ModelViewSet):
    queryset = VsNote.objects.order_by("id")
    serializer_class = VsNoteSerializer
    permission_classes = [NotLocked]
    authentication_classes: list[Any] = []

    @action(detail=True, methods=["post"])
    def shout(self, request: Any, pk: Any = None) -> Response:
        note = self.get_object()
        return Response({"text": note.text.upper(), "action": self.action})

    @action(detail=True, methods=["post"], detail_action_loads_object=True)
    def unsafe_shout(self, request: Any, pk: Any = None) -> Response:
        # Loads the object itself, bypassing get_object(): the hook has
        # already checked the object's permissions before this runs.
        note = VsNote.objects.get(pk=pk)
        return Response({"text": note.text.upper()})

    @action(detail=False, url_path="count-all", url_name="count")
    def count(self, request: Any) -> Response:
        return Response({"count": self.get_queryset().count()})


class AsyncNoteViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = VsNote.objects.order_by("id")
    serializer_class = VsNoteSerializer
    permission_classes = [NotLocked]
    authentication_classes: list[Any] = []
    detail_action_loads_object = True

    async def list(self, request: Any) -> Response:
        return await self.alist(request)

    async def retrieve(self, request: Any, pk: Any = None) -> Response:
        return await self.aretrieve(request, pk=pk)

    async def create(self, request: Any) -> Response:
        return await self.acreate(request)

    @action(detail=True, methods=["post"])
    async def shout(self, request: Any, pk: Any = None) -> Response:
        note = await self.aget_object()
        return Response({"text": note.text.upper(), "action": self.action})


class PlainViewSet(viewsets.ViewSet):
    def list(self, request: Any) -> Response:
        return Response({"action": self.action, "urls": self.get_extra_action_url_map()})

    @action(detail=False)
    def extra(self, request: Any) -> Response:
        return Response({"reverse": self.reverse_action("list")})


router = routers.SimpleRouter()
router.register("notes", NoteViewSet, basename="note")
router.register("async-notes", AsyncNoteViewSet, basename="async-note")
router.register("plain", PlainViewSet, basename="plain")

urlpatterns = [path("api/", include((router.urls, "api"), namespace="api"))]


@pytest.fixture(params=["notes", "async-notes"])
def base(request: pytest.FixtureRequest) -> str:
    """The same resource served by a sync viewset and by an ``async def`` viewset."""
    return f"/api/{request.param}/"


def test_list_create_retrieve(api_client: Any, base: str) -> None:
    response = api_client.post(base, {"text": "hi"}, content_type="application/json")
    assert response.status_code == 201
    note_id = response.json()["id"]
    assert response.json() == {"id": note_id, "text": "hi"}
    assert api_client.get(base).json() == [{"id": note_id, "text": "hi"}]
    assert api_client.get(f"{base}{note_id}/").json() == {"id": note_id, "text": "hi"}


def test_detail_action_uses_object_permissions(api_client: Any, base: str) -> None:
    note = VsNote.objects.create(text="hey")
    response = api_client.post(f"{base}{note.pk}/shout/")
    assert response.status_code == 200
    assert response.json() == {"text": "HEY", "action": "shout"}
    VsNote.objects.filter(pk=note.pk).update(locked=True)
    response = api_client.post(f"{base}{note.pk}/shout/")
    assert response.status_code == 403


def test_detail_action_hook_checks_permissions_before_handler(api_client: Any) -> None:
    """``detail_action_loads_object`` loads the object and checks object permissions first."""
    note = VsNote.objects.create(text="hey", locked=True)
    response = api_client.post(f"/api/notes/{note.pk}/unsafe_shout/")
    assert response.status_code == 403
    assert response.json() == {"detail": "This note is locked."}
    response = api_client.post("/api/notes/999999/unsafe_shout/")
    assert response.status_code == 404


def test_async_viewset_get_object_is_preloaded(api_client: Any) -> None:
    note = VsNote.objects.create(text="hey", locked=True)
    assert api_client.post(f"/api/async-notes/{note.pk}/shout/").status_code == 403


def test_head_is_mapped_to_get(api_client: Any) -> None:
    VsNote.objects.create(text="x")
    response = api_client.head("/api/notes/")
    assert response.status_code == 200
    assert response.content == b""


def test_options_sets_metadata_action(api_client: Any) -> None:
    response = api_client.options("/api/notes/")
    assert response.status_code == 200
    assert response.json()["name"] == "Note List"


def test_unmapped_method_is_405(api_client: Any) -> None:
    response = api_client.delete("/api/notes/")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}


def test_extra_action_url_map_and_reverse_action(api_client: Any) -> None:
    body = api_client.get("/api/plain/").json()
    assert body == {"action": "list", "urls": {"Extra": "http://testserver/api/plain/extra/"}}
    body = api_client.get("/api/plain/extra/").json()
    assert body == {"reverse": "http://testserver/api/plain/"}


def test_get_extra_actions() -> None:
    names = sorted(a.__name__ for a in NoteViewSet.get_extra_actions())
    assert names == ["count", "shout", "unsafe_shout"]


def test_undecorated_wrapper_name_is_reported() -> None:
    def decorate(func: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

        return wrapper

    class Bad(viewsets.ViewSet):
        @action(detail=False)
        @decorate
        def things(self, request: Any) -> Response:
            return Response()

    with pytest.raises(ImproperlyConfigured, match="functools.wraps"):
        Bad.get_extra_actions()


def test_as_view_argument_errors() -> None:
    with pytest.raises(TypeError, match="The `actions` argument must be provided"):
        NoteViewSet.as_view()
    with pytest.raises(TypeError, match="Don't do that"):
        NoteViewSet.as_view({"get": "list"}, get="list")
    with pytest.raises(TypeError, match="received an invalid keyword 'nope'"):
        NoteViewSet.as_view({"get": "list"}, nope=1)
    with pytest.raises(TypeError, match="mutually exclusive"):
        NoteViewSet.as_view({"get": "list"}, name="x", suffix="y")


def test_mixed_sync_and_async_handlers_are_rejected() -> None:
    class Mixed(viewsets.ViewSet):
        def list(self, request: Any) -> Response:
            return Response()

        async def create(self, request: Any) -> Response:
            return Response()

    with pytest.raises(ImproperlyConfigured, match="both sync and async handlers"):
        Mixed.as_view({"get": "list", "post": "create"})


def test_async_route_gives_coroutine_view() -> None:
    import inspect

    view = AsyncNoteViewSet.as_view({"get": "list"})
    assert inspect.iscoroutinefunction(view)
    assert not inspect.iscoroutinefunction(NoteViewSet.as_view({"get": "list"}))
    assert view.actions == {"get": "list"}
    assert view.cls is AsyncNoteViewSet


def test_initialize_request_sets_action() -> None:
    view = NoteViewSet.as_view({"get": "list", "post": "create"})
    response = view(RequestFactory().post("/", {"text": "a"}))
    assert response.status_code == 201
    assert response.renderer_context["view"].action == "create"


class TaggingViewSet(AsyncNoteViewSet):
    """Overrides only the sync initial(): it still runs for async routes."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        request.tagged = VsNote.objects.count()

    async def list(self, request: Any) -> Response:
        return Response({"tagged": request.tagged})


def test_sync_initial_override_applies_to_async_routes() -> None:
    VsNote.objects.create(text="a")
    view = TaggingViewSet.as_view({"get": "list"})
    from asgiref.sync import async_to_sync

    response = async_to_sync(view)(RequestFactory().get("/"))
    assert response.data == {"tagged": 1}
