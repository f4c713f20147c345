"""Throttling: limit how often a client may call the API.

``allow_request(request, view)`` says yes or no; after a no, ``wait()`` gives
the seconds until the client may try again (the ``Retry-After`` header).

The rate throttles count requests in fixed windows held in Django's cache:
each request does one atomic ``cache.add`` (first request of a window) or
``cache.incr`` on the window's key, so the count stays exact under concurrency
and, with Django's ``RedisCache`` (or Memcached), across processes and hosts.
Rates read ``"<number>/<period>"``: the period is ``s``/``sec``/``second``,
``m``/``min``/``minute``, ``h``/``hour`` or ``d``/``day`` (plural allowed),
optionally multiplied (``"10/5m"`` is 10 per 300 seconds). Anything else
(``"5/month"``, ``"five/min"``, ``"5/"``) is an ``ImproperlyConfigured`` error,
raised when the throttle is built and reported by ``manage.py check``.

After ``allow_request``, ``get_rate_limit_headers()`` returns the
``RateLimit-*`` headers describing the window.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import math
import re
import time
from typing import Any

from asgiref.sync import sync_to_async
from django.core.cache import cache as default_cache
from django.core.checks import Error, Warning
from django.core.exceptions import ImproperlyConfigured

from restwell.settings import api_settings

_PERIODS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([A-Za-z]+)\s*$")
_RATE_HELP = (
    'Write rates as "<number>/<period>", where the period is s, sec, second, m, min, '
    'minute, h, hour, d or day, optionally with a multiplier: "100/day", "5/min", "10/5m".'
)


@functools.lru_cache(maxsize=256)
def parse_rate_string(rate: str) -> tuple[int, int]:
    """Return ``(num_requests, duration_in_seconds)`` for a rate such as ``"10/5m"``.

    Raise ``ImproperlyConfigured`` for anything that is not a valid rate.
    """
    match = _RATE_RE.match(rate) if isinstance(rate, str) else None
    if match is None:
        raise ImproperlyConfigured("Invalid throttle rate %r. %s" % (rate, _RATE_HELP))
    num, multiplier, unit = match.groups()
    seconds = _PERIODS.get(unit.lower())
    if seconds is None or (multiplier and int(multiplier) == 0):
        raise ImproperlyConfigured("Invalid throttle rate %r. %s" % (rate, _RATE_HELP))
    return int(num), seconds * (int(multiplier) if multiplier else 1)


class _ThrottleRates:
    # Reads DEFAULT_THROTTLE_RATES when accessed, so override_settings applies.
    def __get__(self, instance: Any, owner: Any = None) -> Any:
        return api_settings.DEFAULT_THROTTLE_RATES


def _safe_key(key: str) -> str:
    # Memcached refuses long keys and control characters; an attacker can
    # choose the X-Forwarded-For text that ends up in the key.
    if len(key) > 180 or any(ord(ch) <= 32 or ord(ch) == 127 for ch in key):
        return "throttle_h_" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return key


class BaseThrottle:
    """The base class of throttles: override ``allow_request``, and ``wait`` if known."""

    def allow_request(self, request: Any, view: Any) -> bool:
        """Return ``True`` if the request may proceed, ``False`` to throttle it."""
        raise NotImplementedError(".allow_request() must be overridden")

    def get_ident(self, request: Any) -> Any:
        """Identify the client by address.

        With ``NUM_PROXIES`` set, the address is taken that many hops from the
        right of ``X-Forwarded-For`` (``0``: ``REMOTE_ADDR``), so a client
        cannot choose its identity by sending the header itself.
        """
        xff = request.META.get("HTTP_X_FORWARDED_FOR")
        remote_addr = request.META.get("REMOTE_ADDR")
        num_proxies = api_settings.NUM_PROXIES
        if num_proxies is not None:
            if num_proxies == 0 or xff is None:
                return remote_addr
            addrs = xff.split(",")
            return addrs[-min(num_proxies, len(addrs))].strip()
        return "".join(xff.split()) if xff else remote_addr

    def wait(self) -> float | None:
        """Return the seconds to wait before the next request, or ``None`` if unknown."""
        return None

    def get_rate_limit_headers(self) -> dict[str, str]:
        """Return ``RateLimit-*`` headers for the last ``allow_request`` (empty if none)."""
        return {}

    async def aallow_request(self, request: Any, view: Any) -> bool:
        """The async twin of ``allow_request``; override ``allow_request`` instead."""
        func = self.allow_request
        if inspect.iscoroutinefunction(func):
            return bool(await func(request, view))
        return bool(await sync_to_async(func)(request, view))


class SimpleRateThrottle(BaseThrottle):
    """Allow ``rate`` requests per period for each cache key.

    Set ``scope`` (a key of ``DEFAULT_THROTTLE_RATES``) or ``rate`` and
    override ``get_cache_key`` to say whom to count (``None``: do not throttle).
    """

    cache: Any = default_cache
    timer: Any = time.time
    cache_format = "throttle_%(scope)s_%(ident)s"
    scope: str | None = None
    THROTTLE_RATES: Any = _ThrottleRates()

    def __init__(self) -> None:
        if not getattr(self, "rate", None):
            self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        """Return the key to count this request under, or ``None`` to skip throttling."""
        raise NotImplementedError(".get_cache_key() must be overridden")

    def get_rate(self) -> str | None:
        """Return the rate for ``scope`` from ``THROTTLE_RATES``."""
        if not getattr(self, "scope", None):
            msg = "You must set either `.scope` or `.rate` for '%s' throttle" % (
                self.__class__.__name__
            )
            raise ImproperlyConfigured(msg)
        try:
            return self.THROTTLE_RATES[self.scope]
        except KeyError:
            msg = "No default throttle rate set for '%s' scope" % self.scope
            raise ImproperlyConfigured(msg)

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        """Return ``(num_requests, duration)`` for ``rate``; ``(None, None)`` for no rate."""
        if rate is None:
            return (None, None)
        return parse_rate_string(rate)

    def _window(self) -> tuple[str, float, int]:
        duration: int = self.duration  # type: ignore[assignment]
        window = int(self.now // duration)
        window_end = (window + 1) * duration
        key = _safe_key("%s:%d:%d" % (self.key, duration, window))
        timeout = max(1, math.ceil(window_end - self.now)) + 1
        return key, window_end, timeout

    def allow_request(self, request: Any, view: Any) -> bool:
        """Count the request in the current window; ``False`` once over the rate."""
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        key, self._window_end, timeout = self._window()
        if self.cache.add(key, 1, timeout):
            count = 1
        else:
            try:
                count = self.cache.incr(key)
            except ValueError:
                # The window expired between add() and incr().
                count = 1 if self.cache.add(key, 1, timeout) else self.cache.incr(key)
        return self._decide(count)

    async def _aallow_request_native(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        key, self._window_end, timeout = self._window()
        if await self.cache.aadd(key, 1, timeout):
            count = 1
        else:
            try:
                count = await self.cache.aincr(key)
            except ValueError:
                count = 1 if await self.cache.aadd(key, 1, timeout) else await self.cache.aincr(key)
        return self._decide(count)

    def _decide(self, count: int) -> bool:
        self.count = count
        if count > self.num_requests:  # type: ignore[operator]
            return self.throttle_failure()
        return self.throttle_success()

    async def aallow_request(self, request: Any, view: Any) -> bool:
        cls = type(self)
        native = (
            cls.allow_request is SimpleRateThrottle.allow_request
            and cls.throttle_success is SimpleRateThrottle.throttle_success
            and cls.throttle_failure is SimpleRateThrottle.throttle_failure
            and getattr(cls.get_cache_key, "_restwell_pure", False)
        )
        if native:
            return await self._aallow_request_native(request, view)
        return await super().aallow_request(request, view)

    def throttle_success(self) -> bool:
        """Called when the request is within the rate; returns ``True``."""
        return True

    def throttle_failure(self) -> bool:
        """Called when the request is over the rate; returns ``False``."""
        return False

    def wait(self) -> float | None:
        """Return the seconds until the current window ends (never negative)."""
        window_end = getattr(self, "_window_end", None)
        if window_end is not None:
            return max(0.0, float(window_end - self.now))
        # No request counted yet: estimate from a DRF-style ``history`` list
        # (newest first) if one was set, spacing the remaining requests out.
        history = getattr(self, "history", None) or []
        now = getattr(self, "now", None)
        if history and now is not None:
            remaining = self.duration - (now - history[-1])  # type: ignore[operator]
        else:
            remaining = self.duration
        available = self.num_requests - len(history) + 1  # type: ignore[operator]
        if available <= 0:
            return None
        return max(0.0, remaining / float(available))  # type: ignore[operator]

    def get_rate_limit_headers(self) -> dict[str, str]:
        """Return ``RateLimit-Limit``, ``-Remaining``, ``-Reset`` and ``-Policy`` headers.

        Empty when the last ``allow_request`` did not count the request.
        """
        window_end = getattr(self, "_window_end", None)
        if window_end is None or self.num_requests is None:
            return {}
        remaining = max(0, self.num_requests - getattr(self, "count", 0))
        reset = max(0, math.ceil(window_end - self.now))
        return {
            "RateLimit-Limit": str(self.num_requests),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(reset),
            "RateLimit-Policy": "%d;w=%d" % (self.num_requests, self.duration or 0),
        }


def _pure(func: Any) -> Any:
    func._restwell_pure = True
    return func


class AnonRateThrottle(SimpleRateThrottle):
    """Throttle anonymous requests by client address (scope ``"anon"``)."""

    scope = "anon"

    @_pure
    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None  # Only throttle unauthenticated requests.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(SimpleRateThrottle):
    """Throttle by user id, or by address for anonymous requests (scope ``"user"``)."""

    scope = "user"

    @_pure
    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            ident = request.user.pk
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ScopedRateThrottle(SimpleRateThrottle):
    """Throttle each view by its ``throttle_scope`` attribute, with that scope's rate.

    Views without ``throttle_scope`` are not throttled.
    """

    scope_attr = "throttle_scope"

    def __init__(self) -> None:
        # The rate depends on the view; it is looked up in allow_request.
        pass

    def _prepare(self, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return False
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return True

    def allow_request(self, request: Any, view: Any) -> bool:
        if not self._prepare(view):
            return True
        return super().allow_request(request, view)

    async def _aallow_request_native(self, request: Any, view: Any) -> bool:
        if not self._prepare(view):
            return True
        return await super()._aallow_request_native(request, view)

    async def aallow_request(self, request: Any, view: Any) -> bool:
        cls = type(self)
        if (
            cls.allow_request is ScopedRateThrottle.allow_request
            and cls.throttle_success is SimpleRateThrottle.throttle_success
            and cls.throttle_failure is SimpleRateThrottle.throttle_failure
            and getattr(cls.get_cache_key, "_restwell_pure", False)
        ):
            return await self._aallow_request_native(request, view)
        return await BaseThrottle.aallow_request(self, request, view)

    @_pure
    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            ident = request.user.pk
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def rate_limit_headers(throttles: Any) -> dict[str, str]:
    """Return the ``RateLimit-*`` headers of the most restrictive of ``throttles``.

    The view calls it with the throttle instances that checked the request.
    """
    best: dict[str, str] = {}
    best_rank: tuple[int, int] | None = None
    for throttle in throttles:
        headers: dict[str, str] = getattr(throttle, "get_rate_limit_headers", dict)()
        if not headers:
            continue
        rank = (int(headers["RateLimit-Remaining"]), -int(headers["RateLimit-Reset"]))
        if best_rank is None or rank < best_rank:
            best, best_rank = headers, rank
    return best


def _all_subclasses(cls: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def check_throttle_rates(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Report invalid throttle rates in settings and in loaded throttle classes.

    Registered by ``restwell.checks`` (id ``restwell.E501``).
    """
    errors = []

    def check(rate: Any, where: str) -> None:
        if rate is None:
            return
        try:
            parse_rate_string(rate)
        except (ImproperlyConfigured, TypeError) as exc:
            errors.append(Error("%s: %s" % (where, exc), id="restwell.E501"))

    rates = api_settings.DEFAULT_THROTTLE_RATES or {}
    if not isinstance(rates, dict):
        errors.append(
            Error(
                "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'] must be a dict of scope to rate.",
                id="restwell.E501",
            )
        )
        rates = {}
    for scope, rate in rates.items():
        check(rate, "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'][%r]" % scope)
    for cls in _all_subclasses(SimpleRateThrottle):
        name = "%s.%s" % (cls.__module__, cls.__qualname__)
        if isinstance(cls.__dict__.get("rate"), str):
            check(cls.__dict__["rate"], "%s.rate" % name)
        own_rates = cls.__dict__.get("THROTTLE_RATES")
        if isinstance(own_rates, dict):
            for scope, rate in own_rates.items():
                check(rate, "%s.THROTTLE_RATES[%r]" % (name, scope))
    errors.extend(_check_view_scopes())
    return errors


def _iter_view_classes(patterns: Any) -> Any:
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _iter_view_classes(pattern.url_patterns)
            continue
        callback = getattr(pattern, "callback", None)
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if isinstance(view_class, type):
            yield view_class, getattr(callback, "initkwargs", None) or {}


def _check_view_scopes() -> list[Error]:
    # A view whose throttle_scope has no rate fails every request with a 500;
    # report it at startup instead.
    from django.conf import settings
    from django.urls import get_resolver

    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    try:
        patterns = get_resolver().url_patterns
    except Exception:  # Django's own URL check reports a broken URLconf.
        return []
    errors = []
    seen = set()
    for view_class, initkwargs in _iter_view_classes(patterns):
        try:
            throttle_classes = initkwargs.get("throttle_classes", view_class.throttle_classes)
        except Exception:
            continue
        for throttle_class in throttle_classes or ():
            if not (
                isinstance(throttle_class, type) and issubclass(throttle_class, ScopedRateThrottle)
            ):
                continue
            attr = throttle_class.scope_attr
            scope = initkwargs.get(attr, getattr(view_class, attr, None))
            if not scope or (view_class, throttle_class, scope) in seen:
                continue
            seen.add((view_class, throttle_class, scope))
            rates = throttle_class.THROTTLE_RATES or {}
            if scope not in rates:
                errors.append(
                    Error(
                        "%s.%s has %s = %r, but %s has no rate for that scope."
                        % (
                            view_class.__module__,
                            view_class.__qualname__,
                            attr,
                            scope,
                            throttle_class.__name__,
                        ),
                        hint="Add %r to REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'] "
                        "(or to the throttle's THROTTLE_RATES)." % scope,
                        id="restwell.E502",
                    )
                )
    return errors


def check_num_proxies(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Deploy check: without ``NUM_PROXIES``, client addresses come from a forgeable header.

    Registered by ``restwell.checks`` for ``manage.py check --deploy`` (id ``restwell.W501``).
    """
    from django.apps import apps

    if api_settings.NUM_PROXIES is not None:
        return []
    if not (api_settings.DEFAULT_THROTTLE_CLASSES or apps.is_installed("restwell.authtoken")):
        return []
    return [
        Warning(
            "REST_FRAMEWORK['NUM_PROXIES'] is not set, so throttles and the login lockout "
            "identify clients by the X-Forwarded-For header when it is present, and a "
            "client can forge it to escape its limits.",
            hint="Set NUM_PROXIES to the number of proxies in front of the application "
            "(0 when clients connect directly).",
            id="restwell.W501",
        )
    ]


__all__ = [
    "AnonRateThrottle",
    "BaseThrottle",
    "ScopedRateThrottle",
    "SimpleRateThrottle",
    "UserRateThrottle",
    "check_num_proxies",
    "check_throttle_rates",
    "parse_rate_string",
    "rate_limit_headers",
]
