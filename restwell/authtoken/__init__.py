"""Token authentication's app: the ``Token`` model, its admin, view and command.

Add ``"restwell.authtoken"`` (or ``"rest_framework.authtoken"`` after
``restwell.install_as_rest_framework()``) to ``INSTALLED_APPS``. The app label
is ``authtoken`` and the table ``authtoken_token``, as in Django REST
framework, so an existing token table migrates in place (keys are replaced
by their digests; see ``docs/differences.md``).
"""

from __future__ import annotations

__all__: list[str] = []
