"""Helpers shared by the schema generators and inspectors."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["get_pk_description", "is_list_view"]


def is_list_view(path: str, method: str, view: Any) -> bool:
    """Return True if ``method`` on ``path`` lists a collection.

    A viewset says so through its ``action``; otherwise a GET on a path not
    ending in a ``{parameter}``, on a view that is not a retrieve view, is a list.
    """
    from restwell.mixins import RetrieveModelMixin

    if hasattr(view, "action"):
        return view.action == "list"
    if method.lower() != "get":
        return False
    if isinstance(view, RetrieveModelMixin):
        return False
    components = path.strip("/").split("/")
    return not (components and "{" in components[-1])


def get_pk_description(model: Any, model_field: Any) -> str:
    """Describe a primary key path parameter, e.g. "A unique integer value identifying this book."."""
    if isinstance(model_field, models.AutoField):
        value_type = _("unique integer value")
    elif isinstance(model_field, models.UUIDField):
        value_type = _("UUID string")
    else:
        value_type = _("unique value")
    return _("A {value_type} identifying this {name}.").format(
        value_type=value_type, name=model._meta.verbose_name
    )
