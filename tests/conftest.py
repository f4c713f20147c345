"""Shared fixtures.

``api_client`` is parametrised over the sync (WSGI handler) and async (ASGI
handler) stacks, so every request-path test runs in both modes without copied
test modules. Both expose the same blocking ``get``/``post``/… methods.
"""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import SyncToAsync, async_to_sync
from django.db import connections
from django.test import AsyncClient, Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> Any:
    """Close the connection that async tests opened in asgiref's sync thread.

    ASGI-mode tests run ORM calls in asgiref's single thread-sensitive worker
    thread, whose connection outlives them; PostgreSQL refuses to drop the test
    database while it is open.
    """
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


class _BlockingAsyncClient:
    """Drive Django's ``AsyncClient`` (the ASGI stack) with blocking calls."""

    mode = "async"

    def __init__(self, **defaults: Any) -> None:
        self._client = AsyncClient(**defaults)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._client, name)
        if name in {"get", "post", "put", "patch", "delete", "head", "options", "trace", "generic"}:

            async def call(*args: Any, **kwargs: Any) -> Any:
                # generic() is a plain function returning a coroutine.
                return await attr(*args, **kwargs)

            return async_to_sync(call)
        return attr


class _SyncClient(Client):
    mode = "sync"


@pytest.fixture(params=["sync", "async"])
def api_client(request: pytest.FixtureRequest) -> Any:
    """A Django test client on the WSGI stack or on the ASGI stack."""
    if request.param == "sync":
        return _SyncClient()
    return _BlockingAsyncClient()
