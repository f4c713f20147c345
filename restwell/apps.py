from __future__ import annotations

from django.apps import AppConfig


class RestwellConfig(AppConfig):
    """The ``restwell`` app (also installable as ``"rest_framework"``).

    The label is ``rest_framework`` so that projects moving from Django REST
    framework keep their app label, and so companion packages that look the
    app up by label find it.
    """

    name = "restwell"
    label = "rest_framework"
    verbose_name = "restwell"
    default = True

    def ready(self) -> None:
        # Register the system checks.
        from restwell import checks  # noqa: F401
