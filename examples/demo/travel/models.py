"""What users write: travel notes about places, and watch-lists of countries."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from geodata.models import Country, Subdivision


def attachment_path(note: TravelNote, filename: str) -> str:
    """Store each user's attachments in a folder of their own."""
    return "notes/%s/%s" % (note.owner_id, filename)


class TravelNote(models.Model):
    """A user's note about a visit to a country (and optionally one of its subdivisions)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travel_notes"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="travel_notes")
    subdivision = models.ForeignKey(
        Subdivision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="travel_notes",
    )
    title = models.CharField(max_length=120)
    text = models.TextField(blank=True)
    visited_on = models.DateField()
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    attachment = models.FileField(upload_to=attachment_path, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return self.title


class WatchList(models.Model):
    """A user's named, private list of countries."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_lists"
    )
    name = models.CharField(max_length=80)
    countries = models.ManyToManyField(Country, related_name="watch_lists", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unique_watch_list_name")
        ]

    def __str__(self) -> str:
        return self.name
