"""Async twins: ais_valid, adata, asave (acreate / aupdate) over the async ORM."""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import path

from restwell import serializers
from restwell.response import Response
from restwell.views import APIView


class SerAsyncNote(models.Model):
    text = models.CharField(max_length=20, unique=True)

    class Meta:
        app_label = "tests"


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = SerAsyncNote
        fields = ["id", "text"]


@pytest.mark.django_db(transaction=True)
async def test_async_create_update_and_data() -> None:
    ser = NoteSerializer(data={"text": "a"})
    assert await ser.ais_valid()
    note = await ser.asave()
    assert note.pk is not None
    assert await ser.adata == {"id": note.pk, "text": "a"}

    ser = NoteSerializer(note, data={"text": "b"})
    assert await ser.ais_valid()
    await ser.asave()
    assert (await SerAsyncNote.objects.aget(pk=note.pk)).text == "b"

    ser = NoteSerializer(data={"text": "b"})
    assert not await ser.ais_valid()
    assert ser.errors == {"text": ["ser async note with this text already exists."]}
    with pytest.raises(serializers.ValidationError):
        await ser.ais_valid(raise_exception=True)


@pytest.mark.django_db(transaction=True)
async def test_async_uses_sync_override() -> None:
    class Custom(NoteSerializer):
        def create(self, validated_data):  # type: ignore[no-untyped-def]
            validated_data["text"] = validated_data["text"].upper()
            return super().create(validated_data)

    ser = Custom(data={"text": "x"})
    assert await ser.ais_valid()
    note = await ser.asave()
    assert note.text == "X"


@pytest.mark.django_db(transaction=True)
async def test_async_list_create() -> None:
    ser = NoteSerializer(data=[{"text": "l1"}, {"text": "l2"}], many=True)
    assert await ser.ais_valid()
    notes = await ser.asave()
    assert [n.text for n in notes] == ["l1", "l2"]
    assert await ser.adata == [{"id": notes[0].pk, "text": "l1"}, {"id": notes[1].pk, "text": "l2"}]



class AsyncNoteView(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    async def post(self, request):  # type: ignore[no-untyped-def]
        ser = NoteSerializer(data=request.data)
        await ser.ais_valid(raise_exception=True)
        await ser.asave()
        return Response(await ser.adata, status=201)


urlpatterns = [path("notes/", AsyncNoteView.as_view())]


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
def test_async_twins_under_asgi() -> None:
    """ais_valid / asave / adata inside an ``async def`` handler served by the ASGI stack."""
    from tests.conftest import _BlockingAsyncClient

    client = _BlockingAsyncClient()
    response = client.post("/notes/", {"text": "asgi"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"id": SerAsyncNote.objects.get().pk, "text": "asgi"}
    response = client.post("/notes/", {"text": "asgi"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"text": ["ser async note with this text already exists."]}


@pytest.mark.django_db(transaction=True)
async def test_async_uniqueness_race_is_a_validation_error() -> None:
    """C09 under async: an IntegrityError from asave() becomes a ValidationError."""
    from unittest import mock

    await SerAsyncNote.objects.acreate(text="dup")
    ser = NoteSerializer(data={"text": "dup"})
    with mock.patch("restwell.validators.qs_exists", return_value=False):
        assert await ser.ais_valid()
    with pytest.raises(serializers.ValidationError) as info:
        await ser.asave()
    assert info.value.detail == {"text": ["ser async note with this text already exists."]}
