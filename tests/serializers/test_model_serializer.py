"""ModelSerializer: per-class field cache, nested writes (C08), uniqueness (C09), saving."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.db import models

from restwell import serializers
from restwell.fields import CurrentUserDefault


class SerModelAlbum(models.Model):
    title = models.CharField(max_length=50, null=True)

    class Meta:
        app_label = "tests"


class SerModelTrack(models.Model):
    album = models.ForeignKey(SerModelAlbum, related_name="tracks", on_delete=models.CASCADE)
    name = models.CharField(max_length=50)

    class Meta:
        app_label = "tests"


class SerModelBooking(models.Model):
    room = models.IntegerField()
    day = models.DateField()
    note = models.CharField(max_length=20, blank=True)

    class Meta:
        app_label = "tests"
        unique_together = ("room", "day")


class SerModelItem(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    number = models.IntegerField()

    class Meta:
        app_label = "tests"
        unique_together = ("owner", "number")


class SerModelPost(models.Model):
    title = models.CharField(max_length=20, unique_for_month="published")
    published = models.DateField()

    class Meta:
        app_label = "tests"


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = SerModelTrack
        fields = ["id", "name"]


class AlbumSerializer(serializers.ModelSerializer):
    tracks = TrackSerializer(many=True)

    class Meta:
        model = SerModelAlbum
        fields = ["id", "title", "tracks"]


class BookingSerializer(serializers.ModelSerializer):
    class Meta:
        model = SerModelBooking
        fields = ["id", "room", "day", "note"]


class ItemSerializer(serializers.ModelSerializer):
    owner = serializers.HiddenField(default=CurrentUserDefault())

    class Meta:
        model = SerModelItem
        fields = ["id", "owner", "number"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = SerModelPost
        fields = ["id", "title", "published"]


def test_fields_built_once_per_class() -> None:
    BookingSerializer().fields  # noqa: B018 - warm the cache
    with mock.patch("restwell.serializers._model_build.model_meta.get_field_info") as walk:
        first, second = BookingSerializer(), BookingSerializer()
        assert list(first.fields) == ["id", "room", "day", "note"]
        assert first.fields["room"] is not second.fields["room"]
        assert first.fields["room"].parent is first
        walk.assert_not_called()


def test_overridden_builder_hook_runs_per_instance() -> None:
    calls = []

    class Custom(BookingSerializer):
        def build_standard_field(self, field_name, model_field):  # type: ignore[no-untyped-def]
            calls.append(field_name)
            return super().build_standard_field(field_name, model_field)

    Custom().fields  # noqa: B018
    Custom().fields  # noqa: B018
    assert calls.count("room") == 2


@pytest.mark.django_db
def test_c08_nested_create_works() -> None:
    """C08: the default create() saves simple nested data instead of failing with a 500."""
    ser = AlbumSerializer(data={"title": "A", "tracks": [{"name": "t1"}]})
    assert ser.is_valid(), ser.errors
    album = ser.save()
    assert list(album.tracks.values_list("name", flat=True)) == ["t1"]
    assert ser.data == {"id": album.pk, "title": "A", "tracks": [{"id": album.tracks.get().pk, "name": "t1"}]}


@pytest.mark.django_db
def test_c08_patch_semantics() -> None:
    """C08: nested items sent in a PATCH are validated in full; {} changes nothing; null is refused."""
    album = SerModelAlbum.objects.create(title="A")
    ser = AlbumSerializer(album, data={"tracks": [{}]}, partial=True)
    assert not ser.is_valid()
    assert ser.errors == {"tracks": {0: {"name": ["This field is required."]}}}
    ser = AlbumSerializer(album, data={}, partial=True)
    assert ser.is_valid()
    assert ser.validated_data == {}
    ser.save()
    album.refresh_from_db()
    assert album.title == "A"


@pytest.mark.django_db
def test_c09_unique_together_partial_updates() -> None:
    """C09: a conflicting PATCH is a 400; a note-only PATCH and a self-PUT pass."""
    SerModelBooking.objects.create(room=1, day=datetime.date(2024, 5, 1))
    b = SerModelBooking.objects.create(room=1, day=datetime.date(2024, 5, 2))
    ser = BookingSerializer(b, data={"day": "2024-05-01"}, partial=True)
    assert not ser.is_valid()
    assert ser.errors == {"non_field_errors": ["The fields room, day must make a unique set."]}
    assert BookingSerializer(b, data={"note": "x"}, partial=True).is_valid()
    assert BookingSerializer(b, data={"room": 1, "day": "2024-05-02", "note": ""}).is_valid()


@pytest.mark.django_db
def test_c09_hidden_current_user_member() -> None:
    """C09: HiddenField(CurrentUserDefault) takes part in unique_together."""
    alice = User.objects.create(username="alice")
    bob = User.objects.create(username="bob")
    request = mock.Mock(user=alice)
    ser = ItemSerializer(data={"number": 7}, context={"request": request})
    assert ser.is_valid(), ser.errors
    ser.save()
    ser = ItemSerializer(data={"number": 7}, context={"request": request})
    assert not ser.is_valid()
    assert ser.errors == {"non_field_errors": ["The fields owner, number must make a unique set."]}
    ser = ItemSerializer(data={"number": 7}, context={"request": mock.Mock(user=bob)})
    assert ser.is_valid(), ser.errors


@pytest.mark.django_db(transaction=True)
def test_c09_race_becomes_validation_error() -> None:
    """C09: an IntegrityError from a uniqueness race in save() is a 400, never a 500."""
    alice = User.objects.create(username="alice")
    request = mock.Mock(user=alice)
    SerModelItem.objects.create(owner=alice, number=7)
    ser = ItemSerializer(data={"number": 7}, context={"request": request})
    with mock.patch("restwell.validators.qs_exists", return_value=False):
        assert ser.is_valid(), ser.errors
    with pytest.raises(serializers.ValidationError) as info:
        ser.save()
    assert info.value.detail == {"non_field_errors": ["The fields owner, number must make a unique set."]}
    assert SerModelItem.objects.count() == 1


@pytest.mark.django_db
def test_c09_unique_for_month_patch_without_date() -> None:
    """C09 / DRF#6341: a PATCH that leaves the unique_for_month fields out passes."""
    post = SerModelPost.objects.create(title="t", published=datetime.date(2024, 5, 1))
    ser = PostSerializer(post, data={"title": "x"}, partial=True)
    assert ser.is_valid(), ser.errors
    SerModelPost.objects.create(title="dup", published=datetime.date(2024, 5, 3))
    ser = PostSerializer(post, data={"title": "dup"}, partial=True)
    assert not ser.is_valid()
    assert ser.errors == {"title": ['This field must be unique for the "published" month.']}


def test_meta_errors_are_configuration_errors() -> None:
    from django.core.exceptions import ImproperlyConfigured

    class Both(serializers.ModelSerializer):
        class Meta:
            model = SerModelBooking
            fields = ["room"]
            exclude = ["day"]

    with pytest.raises(ImproperlyConfigured, match="Cannot set both 'fields' and 'exclude'"):
        Both().fields  # noqa: B018
