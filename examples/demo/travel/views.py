"""Writable endpoints owned by users.

Access policy:

- Travel notes are public: anyone may list and read them; a signed-in user
  creates notes as their own; only the owner may change or delete a note
  (others get 403). Attachments are downloaded through the note, so the same
  rule applies to them.
- Watch-lists are private: only their owner sees them at all (others get
  404, as if the list did not exist); anonymous requests get 401.
- Writes (POST, PUT, PATCH, DELETE) share the ``writes`` throttle scope: by
  default 30 a minute per user, then 429 with ``Retry-After``.
"""

from __future__ import annotations

import os
from typing import Any

from django.http import FileResponse
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from travel.models import TravelNote, WatchList
from travel.permissions import IsOwnerOrReadOnly, WriteRateThrottle
from travel.serializers import TravelNoteSerializer, WatchListSerializer


class TravelNoteViewSet(viewsets.ModelViewSet):
    """Travel notes: anyone reads, the owner writes.

    Create with `country` (alpha-2 code), optional `subdivision` (ISO 3166-2
    code of that country), `title`, `text`, `visited_on` (not in the future),
    `rating` (1 to 5) and an optional `attachment` (multipart upload, 2 MB at
    most). Filter with `?country=FR`, `?rating=5` or `?owner=demo`.
    """

    queryset = TravelNote.objects.select_related("owner", "country", "subdivision")
    serializer_class = TravelNoteSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly]
    throttle_classes = [WriteRateThrottle]
    throttle_scope = "writes"
    filterset_fields = {"country": ["exact"], "rating": ["exact", "gte"]}
    search_fields = ["title", "text", "country__name", "subdivision__name"]
    ordering_fields = ["visited_on", "rating", "created", "title"]

    def get_queryset(self) -> Any:
        """Filter on the owner's user name with `?owner=`."""
        queryset = super().get_queryset()
        owner = self.request.query_params.get("owner")
        if owner:
            queryset = queryset.filter(owner__username=owner)
        return queryset

    def perform_create(self, serializer: Any) -> None:
        serializer.save(owner=self.request.user)

    def perform_update(self, serializer: Any) -> None:
        # A replaced or cleared attachment leaves no orphan file behind.
        previous = serializer.instance.attachment
        previous_name = previous.name if previous else ""
        note = serializer.save()
        if previous_name and note.attachment.name != previous_name:
            note.attachment.storage.delete(previous_name)

    def perform_destroy(self, instance: TravelNote) -> None:
        if instance.attachment:
            instance.attachment.delete(save=False)
        instance.delete()

    @action(detail=True, methods=["get"])
    def attachment(self, request: Any, pk: Any = None) -> FileResponse:
        """Download the note's attachment (as a file, never shown inline)."""
        note = self.get_object()
        if not note.attachment:
            raise NotFound("This note has no attachment.")
        try:
            stored = note.attachment.open("rb")
        except FileNotFoundError:
            # The row outlived its file (restored database, cleaned-up volume).
            raise NotFound("The attachment of this note is no longer stored.")
        return FileResponse(
            stored, as_attachment=True, filename=os.path.basename(note.attachment.name)
        )


class WatchListViewSet(viewsets.ModelViewSet):
    """Your own watch-lists of countries: private to you.

    Create with `name` (unique among your lists) and `countries`, a list of
    alpha-2 codes.
    """

    serializer_class = WatchListSerializer
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [WriteRateThrottle]
    throttle_scope = "writes"
    search_fields = ["name"]
    ordering_fields = ["name", "created"]

    def get_queryset(self) -> Any:
        """Return the requesting user's lists only."""
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return WatchList.objects.none()
        return WatchList.objects.filter(owner=self.request.user).prefetch_related("countries")
