"""System check: hyperlinked fields whose ``view_name`` matches no URL pattern (C11).

A typo in ``view_name`` otherwise shows up only as a 500 on every request
that renders the serializer; ``manage.py check`` reports it up front.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning
from django.urls import get_resolver


def _known_view_name(view_name: str) -> bool:
    resolver = get_resolver()
    *namespaces, name = view_name.split(":")
    for namespace in namespaces:
        if namespace in resolver.namespace_dict:
            resolver = resolver.namespace_dict[namespace][1]
            continue
        instances = resolver.app_dict.get(namespace)
        if not instances or instances[0] not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[instances[0]][1]
    return name in resolver.reverse_dict


def _all_subclasses(cls: type) -> list[type]:
    seen: list[type] = []
    stack: list[type] = list(cls.__subclasses__())
    while stack:
        sub = stack.pop()
        if sub not in seen:
            seen.append(sub)
            stack.extend(sub.__subclasses__())
    return seen


def _hyperlinked_fields(serializer: Any) -> list[tuple[str, Any]]:
    from restwell.relations import HyperlinkedRelatedField, ManyRelatedField

    found = []
    for name, field in serializer.fields.items():
        target = field.child_relation if isinstance(field, ManyRelatedField) else field
        if isinstance(target, HyperlinkedRelatedField):
            found.append((name, target))
    return found


def check_hyperlinked_view_names(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """Warn about each user serializer field whose ``view_name`` is not a URL name."""
    from restwell.serializers._serializer import Serializer

    try:
        get_resolver().url_patterns  # noqa: B018 - import the URLconf first
    except Exception:  # noqa: BLE001 - Django's own URL check reports a broken URLconf
        return []
    messages = []
    for cls in _all_subclasses(Serializer):
        module = cls.__module__ or ""
        if module.startswith("restwell.") or module.startswith("rest_framework."):
            continue
        try:
            fields = _hyperlinked_fields(cls())
        except Exception:  # noqa: BLE001, S112 - serializers needing arguments are skipped
            continue
        for name, field in fields:
            view_name = field.view_name
            if isinstance(view_name, str) and not _known_view_name(view_name):
                messages.append(
                    Warning(
                        f"{module}.{cls.__name__}.{name}: view_name '{view_name}' does not match "
                        "any URL pattern name.",
                        hint="Fix the view_name, or add the view to the URLconf "
                        "(namespaced URLs need 'namespace:name').",
                        obj=cls,
                        id="restwell.W101",
                    )
                )
    return messages


__all__ = ["check_hyperlinked_view_names"]
