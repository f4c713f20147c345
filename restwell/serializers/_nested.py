"""Nested writes for ModelSerializer's default create()/update() (C08).

DRF refuses nested data in the default ``create()``/``update()`` with an
AssertionError, which a view turns into a 500 on every such request.
restwell saves the simple, unambiguous shapes instead:

* a forward foreign key / one-to-one given as a dict: the related object is
  created (on update: the current one is updated in place, or created);
* a reverse foreign key given as a list of dicts: the items are created
  pointing at the instance (on update: the existing items are replaced);
* a many-to-many given as a list of dicts: the items are created and set.

Anything else (through models, generic relations, dotted sources into a
to-many relation) still raises the DRF error from
:func:`raise_errors_on_nested_writes`.
"""

from __future__ import annotations

from typing import Any

from restwell._errors import ConfigurationError
from restwell.utils import model_meta


def raise_errors_on_nested_writes(method_name: str, serializer: Any, validated_data: Any) -> None:
    """Raise when ``validated_data`` holds nested or dotted-source data for a relation.

    Call it from a custom ``create()``/``update()`` that does not handle them.
    """
    from restwell.serializers._base import BaseSerializer

    model_field_info = model_meta.get_field_info(serializer.Meta.model)
    cls = type(serializer)
    relations = model_field_info.relations
    for field in serializer._writable_fields:
        if (
            isinstance(field, BaseSerializer)
            and field.source in validated_data
            and field.source in relations
            and isinstance(validated_data[field.source], (list, dict))
        ):
            raise ConfigurationError(
                f"The `.{method_name}()` method does not support writable nested "
                f"fields by default.\nWrite an explicit `.{method_name}()` method for "
                f"serializer `{cls.__module__}.{cls.__name__}`, or set "
                "`read_only=True` on nested serializer fields."
            )
    for field in serializer._writable_fields:
        attrs = field.source_attrs
        if (
            len(attrs) > 1
            and attrs[0] in validated_data
            and attrs[0] in relations
            and isinstance(validated_data[attrs[0]], (list, dict))
        ):
            raise ConfigurationError(
                f"The `.{method_name}()` method does not support writable dotted-source "
                f"fields by default.\nWrite an explicit `.{method_name}()` method for "
                f"serializer `{cls.__module__}.{cls.__name__}`, or set "
                "`read_only=True` on dotted-source serializer fields."
            )


def _is_item_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def split_nested(serializer: Any, validated_data: dict[str, Any], info: Any) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """Split nested relation data out of ``validated_data``.

    Returns ``(forward, deferred, supported)``: ``forward`` maps forward
    single relations to dicts (saved before the instance), ``deferred``
    maps to-many relations to lists of dicts (saved after it).
    ``supported`` is False when some nested data has a shape we do not save.
    """
    forward: dict[str, Any] = {}
    deferred: dict[str, Any] = {}
    for name in list(validated_data):
        relation = info.relations.get(name)
        value = validated_data[name]
        if relation is None or not isinstance(value, (dict, list)):
            continue
        if relation.has_through_model:
            return {}, {}, False
        if not relation.to_many and not relation.reverse and isinstance(value, dict):
            forward[name] = validated_data.pop(name)
        elif relation.to_many and _is_item_list(value) or not relation.to_many and relation.reverse and isinstance(value, dict):
            deferred[name] = validated_data.pop(name)
        else:
            return {}, {}, False
    return forward, deferred, True


def save_forward(instance_or_none: Any, model: Any, forward: dict[str, Any], info: Any, validated_data: dict[str, Any]) -> None:
    """Create (or update in place) the forward-related objects; put them in ``validated_data``."""
    for name, data in forward.items():
        related_model = info.relations[name].related_model
        current = getattr(instance_or_none, name, None) if instance_or_none is not None else None
        if current is not None:
            for attr, value in data.items():
                setattr(current, attr, value)
            current.save()
            validated_data[name] = current
        else:
            validated_data[name] = related_model._default_manager.create(**data)


def save_deferred(instance: Any, deferred: dict[str, Any], info: Any, replace: bool) -> None:
    """Save the to-many (and reverse one-to-one) nested items of ``instance``."""
    for name, items in deferred.items():
        relation = info.relations[name]
        related_model = relation.related_model
        manager = related_model._default_manager
        if relation.reverse:
            remote = _remote_field_name(instance, name)
            if isinstance(items, dict):
                if replace:
                    manager.filter(**{remote: instance}).delete()
                manager.create(**items, **{remote: instance})
                continue
            if replace:
                getattr(instance, name).all().delete()
            for item in items:
                manager.create(**item, **{remote: instance})
        else:
            created = [manager.create(**item) for item in items]
            getattr(instance, name).set(created)


def _remote_field_name(instance: Any, accessor: str) -> str:
    for relation in instance._meta.related_objects:
        if relation.get_accessor_name() == accessor:
            return relation.field.name
    raise ConfigurationError(f"Cannot find the relation behind `{accessor}` on {type(instance).__name__}.")


__all__ = ["raise_errors_on_nested_writes", "save_deferred", "save_forward", "split_nested"]
