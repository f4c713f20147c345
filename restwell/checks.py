"""System checks for restwell's configuration (``manage.py check``).

Ids keep Django REST framework's where one exists (``rest_framework.W001``);
restwell's own checks use ``restwell.*`` ids.
"""

from __future__ import annotations

import difflib
import sys
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility)
def pagination_system_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    errors = []
    from restwell.settings import api_settings

    if api_settings.PAGE_SIZE and not api_settings.DEFAULT_PAGINATION_CLASS:
        errors.append(
            Warning(
                "You have specified a default PAGE_SIZE pagination rest_framework setting, "
                "without specifying also a DEFAULT_PAGINATION_CLASS.",
                hint="The default for DEFAULT_PAGINATION_CLASS is None. "
                "In previous versions this was PageNumberPagination. "
                "If you wish to define PAGE_SIZE globally whilst defining "
                "pagination_class on a per-view basis you may silence this check.",
                id="rest_framework.W001",
            )
        )
    return errors


@register(Tags.compatibility)
def unknown_settings_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """A misspelt key is silently ignored by Django REST framework; report it."""
    from restwell.settings import DEFAULTS, RESTWELL_DEFAULTS

    errors = []
    for setting_name, known in (("REST_FRAMEWORK", DEFAULTS), ("RESTWELL", RESTWELL_DEFAULTS)):
        user = getattr(settings, setting_name, None) or {}
        if not isinstance(user, dict):
            errors.append(
                Error(
                    "%s must be a dict, not %s." % (setting_name, type(user).__name__),
                    id="restwell.E001",
                )
            )
            continue
        for key in sorted(set(user) - set(known)):
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.8)
            hint = "Did you mean %r?" % close[0] if close else "Remove it or fix its name."
            errors.append(
                Error(
                    "Unknown key %r in settings.%s." % (key, setting_name),
                    hint=hint,
                    id="restwell.E001",
                )
            )
    return errors


@register(Tags.compatibility)
def real_drf_imported_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Django REST framework's own modules next to restwell's split class identity."""
    module = sys.modules.get("rest_framework")
    if module is not None and not getattr(module, "__name__", "").startswith("restwell"):
        return [
            Error(
                "The real 'rest_framework' package was imported, not restwell's alias.",
                hint="Call restwell.install_as_rest_framework() at the top of settings.py, "
                "before anything imports rest_framework.",
                id="restwell.E002",
            )
        ]
    return []


@register(Tags.compatibility)
def throttle_rates_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Invalid throttle rates ("5/month", "five/min") fail at startup (restwell.E501, E502)."""
    from restwell.throttling import check_throttle_rates

    return check_throttle_rates(app_configs, **kwargs)


@register(Tags.urls)
def hyperlinked_view_names_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """C11: a hyperlinked field's view_name must name a URL pattern (owned by serializers)."""
    from restwell.serializers._checks import check_hyperlinked_view_names

    return check_hyperlinked_view_names(app_configs)


@register(Tags.security, deploy=True)
def num_proxies_deploy_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Throttles keyed on a forgeable X-Forwarded-For (restwell.W501)."""
    from restwell.throttling import check_num_proxies

    return check_num_proxies(app_configs, **kwargs)


@register(Tags.security, deploy=True)
def open_default_permission_deploy_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """DRF's default permission lets anyone call every view that sets none (restwell.W102).

    restwell keeps ``AllowAny`` as the default because changing it would break
    DRF code that relies on it; ``check --deploy`` says so instead.
    """
    from restwell.permissions import AllowAny
    from restwell.settings import api_settings

    classes = list(api_settings.DEFAULT_PERMISSION_CLASSES)
    if classes and all(cls is AllowAny for cls in classes):
        return [
            Warning(
                "DEFAULT_PERMISSION_CLASSES is AllowAny: every view that does not set "
                "permission_classes can be called, and written to, by anyone.",
                hint="Set REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES'] to "
                "['rest_framework.permissions.IsAuthenticated'] (or IsAuthenticatedOrReadOnly) "
                "and open views one by one, or silence restwell.W102 if the API is public.",
                id="restwell.W102",
            )
        ]
    return []
