"""Serializers for what users write, with validation messages that say what is wrong."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.validators import UniqueTogetherValidator

from geodata.models import Country, Subdivision
from travel.models import TravelNote, WatchList

MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024


class AttachmentField(serializers.FileField):
    """An uploaded file, shown as the link that downloads it through the API.

    The link goes to the note's ``attachment`` action, so the note's
    permissions apply to its file too and no upload is served from a public
    media URL.
    """

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        return reverse(
            "note-attachment",
            kwargs={"pk": value.instance.pk},
            request=self.context.get("request"),
        )


class TravelNoteSerializer(serializers.HyperlinkedModelSerializer):
    """A travel note; ``country`` and ``subdivision`` are ISO codes (``"FR"``, ``"FR-75C"``)."""

    owner = serializers.ReadOnlyField(source="owner.username")
    country = serializers.SlugRelatedField(slug_field="alpha_2", queryset=Country.objects.all())
    subdivision = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Subdivision.objects.all(),
        required=False,
        allow_null=True,
    )
    attachment = AttachmentField(required=False, allow_null=True)

    class Meta:
        model = TravelNote
        fields = [
            "url",
            "id",
            "owner",
            "country",
            "subdivision",
            "title",
            "text",
            "visited_on",
            "rating",
            "attachment",
            "created",
            "updated",
        ]
        extra_kwargs = {"url": {"view_name": "note-detail"}}

    def validate_visited_on(self, value: Any) -> Any:
        """Refuse visits dated after today."""
        if value > timezone.localdate():
            raise serializers.ValidationError("The visit date cannot be in the future.")
        return value

    def validate_attachment(self, value: Any) -> Any:
        """Refuse attachments over the size limit."""
        if value is not None and value.size > MAX_ATTACHMENT_BYTES:
            raise serializers.ValidationError(
                "The attachment is %d bytes; the limit is %d bytes."
                % (value.size, MAX_ATTACHMENT_BYTES)
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Check that the subdivision belongs to the note's country."""
        country = attrs.get("country", getattr(self.instance, "country", None))
        if "subdivision" in attrs:
            subdivision = attrs["subdivision"]
        else:
            subdivision = getattr(self.instance, "subdivision", None)
        if subdivision is None or country is None or subdivision.country_id == country.alpha_2:
            return attrs
        raise serializers.ValidationError(
            {
                "subdivision": [
                    "%s (%s) is not a subdivision of %s (%s)."
                    % (subdivision.code, subdivision.name, country.alpha_2, country.name)
                ]
            }
        )


class WatchListSerializer(serializers.HyperlinkedModelSerializer):
    """A named list of countries, given as alpha-2 codes; names are unique per user."""

    owner = serializers.HiddenField(default=serializers.CurrentUserDefault())
    countries = serializers.SlugRelatedField(
        slug_field="alpha_2", queryset=Country.objects.all(), many=True, required=False
    )

    class Meta:
        model = WatchList
        fields = ["url", "id", "owner", "name", "countries", "created"]
        extra_kwargs = {"url": {"view_name": "watchlist-detail"}}
        validators = [
            UniqueTogetherValidator(
                queryset=WatchList.objects.all(),
                fields=["owner", "name"],
                message="You already have a watch-list with this name.",
            )
        ]
