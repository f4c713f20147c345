"""Tests for restwell.throttling: rate strings (case C17), atomic counting, headers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import path

from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.throttling import (
    AnonRateThrottle,
    BaseThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
    check_throttle_rates,
    parse_rate_string,
    rate_limit_headers,
)
from restwell.views import APIView

pytestmark = [pytest.mark.urls(__name__)]

factory = APIRequestFactory()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def anon_request(addr="10.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": addr}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    request = factory.get("/", **extra)
    request.user = AnonymousUser()
    return request


def make_throttle(rate, now=0.0):
    class Throttle(AnonRateThrottle):
        pass

    Throttle.rate = rate
    Throttle.timer = lambda self: now
    return Throttle


# -- C17: rate strings --------------------------------------------------------


@pytest.mark.parametrize(
    "rate, expected",
    [
        ("5/s", (5, 1)),
        ("5/sec", (5, 1)),
        ("5/second", (5, 1)),
        ("5/m", (5, 60)),
        ("5/min", (5, 60)),
        ("5/minute", (5, 60)),
        ("5/h", (5, 3600)),
        ("5/hour", (5, 3600)),
        ("5/d", (5, 86400)),
        ("5/day", (5, 86400)),
        ("100/days", (100, 86400)),
        ("10/5m", (10, 300)),
        ("10/30s", (10, 30)),
    ],
)
def test_rate_strings(rate, expected):
    """C17: s/sec/second = 1 s, m/min/minute = 60 s, h = 3600 s, d = 86400 s; "10/5m" = 300 s."""
    assert parse_rate_string(rate) == expected
    assert make_throttle(rate)().parse_rate(rate) == expected


@pytest.mark.parametrize(
    "rate", ["5/month", "five/min", "5/", "/min", "5/0m", "5 per min", "-1/min"]
)
def test_invalid_rate_strings_fail_at_construction(rate):
    """C17: "5/month", "five/min" and "5/" are configuration errors, not silent rates."""
    throttle_class = make_throttle(rate)
    with pytest.raises(ImproperlyConfigured) as info:
        throttle_class()
    assert str(info.value).startswith("Invalid throttle rate %r." % rate)
    throttle_class.rate = None  # keep the system check of later tests clean


def test_invalid_rates_fail_the_system_check():
    """C17: a bad rate in settings is reported at startup (manage.py check)."""
    rates = {"anon": "5/month", "user": "five/min", "burst": "5/", "ok": "10/5m"}
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": rates}):
        errors = [
            e
            for e in run_checks()
            if e.id == "restwell.E501" and e.msg.startswith("REST_FRAMEWORK")
        ]
    assert sorted(e.msg.split(":")[0] for e in errors) == [
        "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon']",
        "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['burst']",
        "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['user']",
    ]


def test_system_check_sees_throttle_class_rates():
    class BadClassRate(UserRateThrottle):
        rate = "3/fortnight"

    errors = check_throttle_rates()
    assert any("BadClassRate.rate" in e.msg for e in errors)
    BadClassRate.rate = None  # keep later checks clean


@pytest.mark.urls("tests.test_throttling")
def test_system_check_reports_a_view_scope_without_a_rate():
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"other": "1/min"}}):
        errors = [e for e in run_checks() if e.id == "restwell.E502"]
    assert [e.msg for e in errors] == [
        "tests.test_throttling.%s has throttle_scope = 'burst', but "
        "FixedTimeScopedThrottle has no rate for that scope." % name
        for name in ("ScopedView", "AsyncScopedView")
    ]
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"burst": "1/min"}}):
        assert [e for e in run_checks() if e.id == "restwell.E502"] == []


def test_lowering_a_rate_never_gives_a_negative_retry_after():
    """C17: 2000/day lowered to 200/day while 500 requests are counted: 429, wait >= 0."""
    request = anon_request()
    high = make_throttle("2000/day", now=1000.0)
    for _ in range(500):
        assert high().allow_request(request, None) is True
    low = make_throttle("200/day", now=1000.0)()
    assert low.allow_request(request, None) is False
    assert low.wait() == 86400 - 1000.0
    later = make_throttle("200/day", now=86399.0)()
    assert later.allow_request(request, None) is False
    assert later.wait() == 1.0


def test_wait_is_never_negative_from_a_history_list():
    throttle = make_throttle("1/min")()
    throttle.now = 100.0
    throttle.history = [0.0]  # older than the period
    assert throttle.wait() == 0.0
    throttle.history = [100.0, 100.0, 100.0]
    assert throttle.wait() is None


# -- Counting ----------------------------------------------------------------


def test_requests_are_counted_per_window():
    request = anon_request()
    throttle_class = make_throttle("3/min", now=0.0)
    results = [throttle_class().allow_request(request, None) for _ in range(4)]
    assert results == [True, True, True, False]
    throttle_class.timer = lambda self: 60.0
    assert throttle_class().allow_request(request, None) is True


def test_counting_is_atomic_under_concurrency():
    request = anon_request()
    throttle_class = make_throttle("5/min", now=30.0)
    barrier = threading.Barrier(20)

    def hit(_):
        barrier.wait()
        return throttle_class().allow_request(request, None)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(hit, range(20)))
    assert results.count(True) == 5


def test_rate_limit_headers():
    request = anon_request()
    throttle_class = make_throttle("3/min", now=10.0)
    first = throttle_class()
    first.allow_request(request, None)
    assert first.get_rate_limit_headers() == {
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "2",
        "RateLimit-Reset": "50",
        "RateLimit-Policy": "3;w=60",
    }
    throttles = [throttle_class() for _ in range(3)]
    for t in throttles:
        t.allow_request(request, None)
    assert throttles[-1].get_rate_limit_headers()["RateLimit-Remaining"] == "0"
    assert rate_limit_headers([first, throttles[-1], BaseThrottle()])["RateLimit-Remaining"] == "0"
    assert BaseThrottle().get_rate_limit_headers() == {}


def test_no_rate_means_no_throttling():
    class Unlimited(SimpleRateThrottle):
        scope = "anon"
        THROTTLE_RATES = {"anon": None}

    throttle = Unlimited()
    assert throttle.allow_request(anon_request(), None) is True
    assert throttle.get_rate_limit_headers() == {}


def test_scope_errors():
    class NoScope(SimpleRateThrottle):
        pass

    with pytest.raises(ImproperlyConfigured, match="You must set either `.scope` or `.rate`"):
        NoScope()

    class UnknownScope(SimpleRateThrottle):
        scope = "nope"

    with pytest.raises(ImproperlyConfigured, match="No default throttle rate set for 'nope' scope"):
        UnknownScope()


@pytest.mark.django_db
def test_user_and_anon_cache_keys():
    user = User.objects.create_user("alice")
    request = factory.get("/", REMOTE_ADDR="10.0.0.9")
    request.user = user
    with override_settings(
        REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"user": "1/min", "anon": "1/min"}}
    ):
        assert UserRateThrottle().get_cache_key(request, None) == "throttle_user_%s" % user.pk
        assert AnonRateThrottle().get_cache_key(request, None) is None
        assert (
            AnonRateThrottle().get_cache_key(anon_request("10.0.0.9"), None)
            == "throttle_anon_10.0.0.9"
        )


def test_deploy_check_warns_about_forgeable_client_addresses():
    def ids(**settings):
        with override_settings(REST_FRAMEWORK=settings):
            return [
                e.id for e in run_checks(include_deployment_checks=True) if e.id == "restwell.W501"
            ]

    # restwell.authtoken is installed in the test settings (its lockout counts by address).
    assert ids() == ["restwell.W501"]
    assert ids(NUM_PROXIES=0) == []
    assert ids(NUM_PROXIES=1) == []


@pytest.mark.parametrize(
    "num_proxies, xff, ident",
    [
        (None, "1.1.1.1, 2.2.2.2", "1.1.1.1,2.2.2.2"),
        (0, "1.1.1.1, 2.2.2.2", "3.3.3.3"),
        (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),
        (2, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (5, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (1, None, "3.3.3.3"),
    ],
)
def test_get_ident_num_proxies(num_proxies, xff, ident):
    with override_settings(REST_FRAMEWORK={"NUM_PROXIES": num_proxies}):
        assert BaseThrottle().get_ident(anon_request("3.3.3.3", xff)) == ident


def test_hostile_forwarded_for_does_not_break_the_cache_key():
    request = anon_request(xff="a" * 5000 + "\x00")
    throttle = make_throttle("1/min")()
    assert throttle.allow_request(request, None) is True
    assert throttle.allow_request(request, None) is False


def test_async_allow_request_counts_in_the_same_window():
    request = anon_request()
    throttle_class = make_throttle("2/min", now=5.0)
    results = [async_to_sync(throttle_class().aallow_request)(request, None) for _ in range(3)]
    assert results == [True, True, False]


def test_async_allow_request_runs_sync_override():
    class Custom(BaseThrottle):
        def allow_request(self, request, view):
            return request.method == "GET"

    assert async_to_sync(Custom().aallow_request)(anon_request(), None) is True


# -- Views ---------------------------------------------------------------------


class FixedTimeScopedThrottle(ScopedRateThrottle):
    # Mid-window, so the test cannot straddle a window boundary.
    def timer(self):
        return 30.0


class ScopedView(APIView):
    throttle_classes = [FixedTimeScopedThrottle]
    throttle_scope = "burst"

    def get(self, request):
        return Response({"ok": True})


class AsyncScopedView(ScopedView):
    async def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("scoped/", ScopedView.as_view()), path("ascoped/", AsyncScopedView.as_view())]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/scoped/", "/ascoped/"])
@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"burst": "2/min"}})
def test_view_is_throttled_with_retry_after(api_client, url):
    assert api_client.get(url).status_code == 200
    assert api_client.get(url).status_code == 200
    response = api_client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "Request was throttled. Expected available in 30 seconds."}


# -- Redis, across processes ---------------------------------------------------

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("RESTWELL_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server on port %d exited: %s" % (port, proc.stderr.read().decode()))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server on port %d did not start" % port)


@pytest.mark.skipif(
    not _redis_reachable(),
    reason="Redis is not reachable at %s (set RESTWELL_TEST_REDIS)" % REDIS_URL,
)
def test_redis_throttle_is_exact_across_two_server_processes():
    """Two gunicorn processes share one Redis: of 50 concurrent requests at 5/min, exactly 5 pass."""
    import requests

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.throttle_redis_settings",
        RESTWELL_THROTTLE_REDIS=REDIS_URL,
        RESTWELL_THROTTLE_PREFIX="restwell-test-" + uuid.uuid4().hex,
        PYTHONPATH=str(PROJECT_ROOT),
    )
    ports = [_free_port(), _free_port()]
    procs = [
        subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:%d" % port,
                "--workers", "1", "--worker-class", "gthread", "--threads", "25",
                "django.core.wsgi:get_wsgi_application()",
            ],
            env=env,
            cwd=str(PROJECT_ROOT),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]  # fmt: skip
    try:
        for port, proc in zip(ports, procs, strict=True):
            _wait_until_up(port, proc)
        # A window must not end during the burst, or a second window would open.
        if time.time() % 60 > 45:
            time.sleep(61 - time.time() % 60)
        barrier = threading.Barrier(50)

        def hit(i):
            session = requests.Session()
            barrier.wait()
            return session.get("http://127.0.0.1:%d/ping/" % ports[i % 2], timeout=30)

        with ThreadPoolExecutor(max_workers=50) as pool:
            responses = list(pool.map(hit, range(50)))
        statuses = [r.status_code for r in responses]
        assert (statuses.count(200), statuses.count(429)) == (5, 45), statuses
        for response in responses:
            if response.status_code == 429:
                assert 0 <= int(response.headers["Retry-After"]) <= 60
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)
            proc.stderr.close()
