"""Brute-force protection for login and token views: per-account and per-IP lockout.

After ``LOCKOUT_ACCOUNT_FAILURES`` failed logins for one user name, or
``LOCKOUT_IP_FAILURES`` from one client address, within ``LOCKOUT_PERIOD``
seconds (``RESTWELL`` settings), further attempts are refused with a 429 and
a ``Retry-After`` until the period that started with the first failure ends,
even with the right password. A successful login clears the account's count.
:func:`reset_lockout` unlocks an account or an address at once (for support
staff or a password-reset flow). Counts live in Django's default cache.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any

from django.core.cache import cache
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from restwell import exceptions

security_logger = logging.getLogger("restwell.security")

_DEFAULTS = {"LOCKOUT_ACCOUNT_FAILURES": 5, "LOCKOUT_IP_FAILURES": 20, "LOCKOUT_PERIOD": 900}


def _setting(name: str) -> Any:
    from restwell.settings import restwell_settings

    try:
        return getattr(restwell_settings, name)
    except AttributeError:
        return _DEFAULTS[name]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _keys(username: str | None, ip: str | None) -> list[tuple[str, int]]:
    keys = []
    if username:
        keys.append(
            (
                "restwell_lockout_user_" + _digest(username.casefold()),
                _setting("LOCKOUT_ACCOUNT_FAILURES"),
            )
        )
    if ip:
        keys.append(("restwell_lockout_ip_" + _digest(ip), _setting("LOCKOUT_IP_FAILURES")))
    return keys


def client_ip(request: Any) -> str | None:
    """The client address used for lockout (the throttles' ``get_ident`` rules)."""
    from restwell.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)


def check_lockout(request: Any, username: str | None) -> None:
    """Raise ``Throttled`` (429) if the account or the client address is locked out."""
    now = time.time()
    for key, limit in _keys(username, client_ip(request)):
        if not limit:
            continue
        count = cache.get(key)
        if count is not None and count >= limit:
            until = cache.get(key + ":until") or (now + _setting("LOCKOUT_PERIOD"))
            security_logger.warning(
                "login refused (locked out): addr=%s username=%r",
                client_ip(request) or "-",
                (username or "")[:150],
            )
            raise exceptions.Throttled(
                wait=max(1, math.ceil(until - now)),
                detail=force_str(_("Too many failed login attempts.")),
            )


def register_failure(request: Any, username: str | None) -> None:
    """Count one failed login for the account and the client address."""
    period = int(_setting("LOCKOUT_PERIOD"))
    now = time.time()
    for key, _limit in _keys(username, client_ip(request)):
        if cache.add(key, 1, period):
            cache.set(key + ":until", now + period, period)
        else:
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, period)
                cache.set(key + ":until", now + period, period)
    security_logger.warning(
        "login failed: addr=%s username=%r", client_ip(request) or "-", (username or "")[:150]
    )


def register_success(request: Any, username: str | None) -> None:
    """Clear the account's failure count after a successful login."""
    reset_lockout(username=username)


def reset_lockout(username: str | None = None, ip: str | None = None) -> None:
    """Unlock an account (by user name) and/or a client address now."""
    for key, _limit in _keys(username, ip):
        cache.delete_many([key, key + ":until"])


__all__ = ["check_lockout", "client_ip", "register_failure", "register_success", "reset_lockout"]
