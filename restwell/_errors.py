"""Errors for mistakes in how restwell is configured or used in code."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured, AssertionError):
    """A configuration or usage mistake, reported with the fix in the message.

    It is an ``ImproperlyConfigured`` (restwell never relies on ``assert``,
    which ``python -O`` strips) and also an ``AssertionError``, because Django
    REST framework raised ``AssertionError`` for the same mistakes and code
    written for it may catch that.
    """
