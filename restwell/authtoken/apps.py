"""The ``authtoken`` app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthTokenConfig(AppConfig):
    """Token authentication's app (label ``authtoken``, as in Django REST framework)."""

    name = "restwell.authtoken"
    label = "authtoken"
    verbose_name = _("Auth Token")
    default = True

    def ready(self) -> None:
        from restwell.authtoken.models import install_user_auth_token_accessor

        install_user_auth_token_accessor()


__all__ = ["AuthTokenConfig"]
