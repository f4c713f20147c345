"""Admin for tokens, addressed by user id (the key is a digest and never shown)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from restwell.authtoken.models import TokenProxy

User = get_user_model()


class TokenChangeList(ChangeList):
    """Link each row to its user's id, as ``TokenAdmin.get_object`` expects."""

    def url_for_result(self, result: Any) -> str:
        pk = result.user.pk
        return reverse(
            "admin:%s_%s_change" % (self.opts.app_label, self.opts.model_name),
            args=(quote(pk),),
            current_app=self.model_admin.admin_site.name,
        )


@admin.register(TokenProxy)
class TokenAdmin(admin.ModelAdmin):
    """Tokens per user. A new token's key is shown once, in a message, after saving."""

    list_display = ("user", "name", "created", "expires")
    list_filter = ("created",)
    fields = ("user",)
    search_fields = ("user__%s" % User.USERNAME_FIELD,)
    search_help_text = _("Username")
    ordering = ("user__%s" % User.USERNAME_FIELD,)
    actions = None  # the changelist maps ids to users, which actions cannot follow

    def get_changelist(self, request: Any, **kwargs: Any) -> type[ChangeList]:
        return TokenChangeList

    def get_object(self, request: Any, object_id: str, from_field: Any = None) -> Any:
        """Return the newest token of the user whose id is ``object_id``."""
        queryset = self.get_queryset(request)
        field = User._meta.pk
        try:
            object_id = field.to_python(object_id)
            user = User.objects.get(**{field.name: object_id})
        except (User.DoesNotExist, ValidationError, ValueError):
            return None
        return queryset.filter(user=user).order_by("-created").first()

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                _(
                    "The new token is %(key)s. Copy it now: it is stored as a digest and "
                    "cannot be shown again."
                )
                % {"key": obj.key},
            )


__all__ = ["TokenAdmin", "TokenChangeList"]
