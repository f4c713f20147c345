"""Helpers for the async request path."""

from __future__ import annotations

import inspect
from typing import Any

from asgiref.sync import sync_to_async


async def call_policy(obj: Any, method: str, *args: Any) -> Any:
    """Call ``obj.<method>(*args)`` without blocking the event loop.

    Prefers an ``a``-prefixed twin (``ahas_permission``), then an ``async def``
    sync-named method (adrf's convention), and otherwise runs the sync method
    in a thread, because it may touch the database.
    """
    async_twin = getattr(obj, "a" + method, None)
    if async_twin is not None:
        return await async_twin(*args)
    func = getattr(obj, method)
    if inspect.iscoroutinefunction(func):
        return await func(*args)
    return await sync_to_async(func)(*args)


def overrides_sync_only(obj: Any, base: type, name: str) -> bool:
    """True when ``type(obj)`` overrides the sync hook ``name`` but not ``a<name>``.

    The async cycle then runs the user's sync override (in a thread) so that it
    keeps taking effect, instead of silently using the base async twin.
    """
    cls = type(obj)
    sync_overridden = getattr(cls, name) is not getattr(base, name)
    async_overridden = getattr(cls, "a" + name) is not getattr(base, "a" + name)
    return sync_overridden and not async_overridden
