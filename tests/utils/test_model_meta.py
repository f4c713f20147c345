"""utils.model_meta.get_field_info."""

from __future__ import annotations

from django.db import models

from restwell.utils import model_meta


class MetaTag(models.Model):
    name = models.CharField(max_length=10)

    class Meta:
        app_label = "tests"


class MetaNote(models.Model):
    text = models.TextField()
    tags = models.ManyToManyField(MetaTag, related_name="notes")
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        app_label = "tests"


class MetaAbstract(models.Model):
    class Meta:
        app_label = "tests"
        abstract = True


def test_field_info() -> None:
    info = model_meta.get_field_info(MetaNote)
    assert info.pk.name == "id"
    assert list(info.fields) == ["text"]
    assert list(info.forward_relations) == ["parent", "tags"]
    assert info.forward_relations["tags"].to_many is True
    assert info.forward_relations["parent"].to_many is False
    assert info.reverse_relations["children"].reverse is True
    assert set(info.fields_and_pk) == {"pk", "id", "text"}
    tag_info = model_meta.get_field_info(MetaTag)
    assert tag_info.reverse_relations["notes"] == model_meta.RelationInfo(None, MetaNote, True, None, False, True)


def test_is_abstract_model() -> None:
    assert model_meta.is_abstract_model(MetaAbstract) is True
    assert model_meta.is_abstract_model(MetaTag) is False
    assert model_meta.is_abstract_model(object) is False
