"""Values the database refuses at save time: a 400 that says so, and nothing half-written.

Validation cannot see everything a database will refuse (a NUL in PostgreSQL
text or JSON, a duration beyond SQLite's 64-bit microseconds, a related row
deleted between validation and saving). Saving such data must still answer
400, never 500, and leave no partial rows behind.
"""

from __future__ import annotations

import pytest
from django.db import connection, models
from django.urls import path

from restwell import serializers
from restwell.generics import ListCreateAPIView

# Autocommit, as in production: a refused statement breaks an enclosing
# transaction on PostgreSQL, and the tests look at the table afterwards.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]


class PendTag(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"


class PendItem(models.Model):
    title = models.CharField(max_length=20)
    data = models.JSONField(default=dict)
    duration = models.DurationField(null=True)
    tags = models.ManyToManyField(PendTag, blank=True)

    class Meta:
        app_label = "tests"


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PendItem
        fields = ["id", "title", "data", "duration", "tags"]


class ItemList(ListCreateAPIView):
    queryset = PendItem.objects.all()
    serializer_class = ItemSerializer


class AsyncItemList(ItemList):
    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)

    async def post(self, request, *args, **kwargs):
        return await self.acreate(request, *args, **kwargs)


class RacyItemList(ItemList):
    def perform_create(self, serializer):
        # Another client deletes the tags between validation and saving.
        PendTag.objects.all().delete()
        serializer.save()


class AsyncRacyItemList(AsyncItemList):
    async def aperform_create(self, serializer):
        await PendTag.objects.all().adelete()
        await serializer.asave()


urlpatterns = [
    path("items/", ItemList.as_view()),
    path("aitems/", AsyncItemList.as_view()),
    path("racy/", RacyItemList.as_view()),
    path("aracy/", AsyncRacyItemList.as_view()),
]


def _post(client, url, body):
    return client.generic(
        "POST", url, body, content_type="application/json", headers={"Accept": "application/json"}
    )



REFUSED = {"non_field_errors": ["This object could not be saved: the database cannot store one of its values."]}


@pytest.mark.parametrize("url", ["/items/", "/aitems/"])
@pytest.mark.parametrize(
    "body",
    [b'{"title": "a", "data": {"k": "\\u0000"}}', b'{"title": "a", "data": {"\\u0000": 1}}'],
)
def test_json_values_with_nul(api_client, url, body):
    response = _post(api_client, url, body)
    if connection.vendor == "postgresql":
        # jsonb cannot hold U+0000.
        assert response.status_code == 400
        assert response.json() == REFUSED
        assert PendItem.objects.count() == 0
    else:
        assert response.status_code == 201
        assert PendItem.objects.get().data in ({"k": "\x00"}, {"\x00": 1})


@pytest.mark.parametrize("url", ["/items/", "/aitems/"])
def test_duration_beyond_the_database_range(api_client, url):
    response = _post(api_client, url, b'{"title": "a", "duration": "999999999 00:00:00"}')
    if connection.vendor == "sqlite":
        # SQLite keeps durations as 64-bit microseconds: about 106 751 991 days at most.
        assert response.status_code == 400
        assert response.json() == REFUSED
        assert PendItem.objects.count() == 0
    else:
        assert response.status_code == 201
        assert response.json()["duration"] == "999999999 00:00:00"


# The related row disappears between validation and saving; the foreign key is
# checked when the transaction commits.
@pytest.mark.parametrize("url", ["/racy/", "/aracy/"])
def test_failed_many_to_many_save_leaves_no_row(api_client, url):
    tag = PendTag.objects.create(name="t")
    response = _post(api_client, url, ('{"title": "x", "tags": [%d]}' % tag.pk).encode())
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This object could not be saved because it conflicts with an existing one."]
    }
    assert list(PendItem.objects.values_list("title", flat=True)) == []
