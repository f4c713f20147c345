"""Describe a Django model's fields and relations the way serializers need them.

``get_field_info(Model)`` returns a :class:`FieldInfo` with the primary key, the
plain fields, and the forward and reverse relations (each a :class:`RelationInfo`).
``ModelSerializer`` builds its fields from it, once per serializer class.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["FieldInfo", "RelationInfo", "get_field_info", "is_abstract_model"]


class FieldInfo(NamedTuple):
    """What a model has: ``pk``, ``fields``, relations, and two merged views."""

    pk: Any
    fields: dict[str, Any]
    forward_relations: dict[str, RelationInfo]
    reverse_relations: dict[str, RelationInfo]
    fields_and_pk: dict[str, Any]
    relations: dict[str, RelationInfo]


class RelationInfo(NamedTuple):
    """One relation: the model field (None when reverse) and where it points."""

    model_field: Any
    related_model: Any
    to_many: bool
    to_field: Any
    has_through_model: bool
    reverse: bool


def _first_to_field(field: Any) -> Any:
    to_fields = getattr(field, "to_fields", None)
    return to_fields[0] if to_fields else None


def _concrete_pk(opts: Any) -> Any:
    # Multi-table inheritance: follow parent links up to the real primary key.
    pk = opts.pk
    while pk.remote_field is not None and pk.remote_field.parent_link:
        pk = pk.remote_field.model._meta.pk
    return pk


def get_field_info(model: Any) -> FieldInfo:
    """Return a :class:`FieldInfo` describing ``model`` (a model class or instance)."""
    opts = model._meta.concrete_model._meta
    pk = _concrete_pk(opts)

    fields: dict[str, Any] = {}
    forward: dict[str, RelationInfo] = {}
    for field in opts.fields:
        if not field.serialize:
            continue
        if field.remote_field is None:
            fields[field.name] = field
        else:
            forward[field.name] = RelationInfo(
                field, field.remote_field.model, False, _first_to_field(field), False, False
            )
    for field in opts.many_to_many:
        if field.serialize:
            through = field.remote_field.through
            forward[field.name] = RelationInfo(
                field, field.remote_field.model, True, None, not through._meta.auto_created, False
            )

    reverse: dict[str, RelationInfo] = {}
    related = list(opts.related_objects)
    for relation in related:
        if relation.field.many_to_many:
            continue
        reverse[relation.get_accessor_name()] = RelationInfo(
            None,
            relation.related_model,
            relation.field.remote_field.multiple,
            _first_to_field(relation.field),
            False,
            True,
        )
    for relation in related:
        if not relation.field.many_to_many:
            continue
        through = getattr(relation.field.remote_field, "through", None)
        reverse[relation.get_accessor_name()] = RelationInfo(
            None,
            relation.related_model,
            True,
            None,
            through is not None and not through._meta.auto_created,
            True,
        )

    fields_and_pk = {"pk": pk, pk.name: pk, **fields}
    return FieldInfo(pk, fields, forward, reverse, fields_and_pk, {**forward, **reverse})


def is_abstract_model(model: Any) -> bool:
    """Return True when ``model`` is an abstract Django model."""
    meta = getattr(model, "_meta", None)
    return bool(getattr(meta, "abstract", False))
