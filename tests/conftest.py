"""Shared fixtures.

``api_client`` is parametrised over the sync (WSGI) and async (ASGI) stacks so
every request-path test runs in both modes without copied test modules.
"""

from __future__ import annotations
