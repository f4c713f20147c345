"""S0: framework overhead of a minimal JSON endpoint, timed in-process.

Each framework serves ``{"hello": "world"}`` through Django's own WSGI handler
(same middleware, same settings): a plain ``JsonResponse`` view, restwell's
``APIView`` and Django REST framework's ``APIView`` with their default
authentication, permission and throttle classes, and django-ninja. The figure
is the median cost per request over several repeats, and its ratio to the
plain view. Frameworks that are not installed are reported as missing.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from typing import Any

N_REQUESTS = 2000
REPEATS = 7


def configure() -> None:
    from django.conf import settings

    if settings.configured:
        return
    apps = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "restwell",
    ]
    try:
        import rest_framework  # noqa: F401

        have_drf = not getattr(rest_framework, "__name__", "").startswith("restwell")
    except ImportError:
        have_drf = False
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=apps,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        REST_FRAMEWORK={"DEFAULT_RENDERER_CLASSES": []},  # set per framework below
    )
    settings.REST_FRAMEWORK = {}
    _ = have_drf
    import django

    django.setup()


urlpatterns: list[Any] = []
AVAILABLE: dict[str, str] = {}


def build_urls() -> None:
    from django.http import JsonResponse
    from django.urls import path

    def plain(request: Any) -> JsonResponse:
        return JsonResponse({"hello": "world"})

    urlpatterns.append(path("plain/", plain))
    AVAILABLE["plain Django JsonResponse"] = "/plain/"

    from restwell.response import Response as RWResponse
    from restwell.views import APIView as RWAPIView

    class RestwellHello(RWAPIView):
        def get(self, request: Any) -> Any:
            return RWResponse({"hello": "world"})

    urlpatterns.append(path("restwell/", RestwellHello.as_view()))
    AVAILABLE["restwell APIView"] = "/restwell/"

    try:
        from rest_framework.response import Response as DRFResponse
        from rest_framework.views import APIView as DRFAPIView
    except ImportError:
        pass
    else:
        if not DRFAPIView.__module__.startswith("restwell"):

            class DRFHello(DRFAPIView):
                def get(self, request: Any) -> Any:
                    return DRFResponse({"hello": "world"})

            urlpatterns.append(path("drf/", DRFHello.as_view()))
            AVAILABLE["Django REST framework APIView"] = "/drf/"

    try:
        from ninja import NinjaAPI
    except ImportError:
        pass
    else:
        api = NinjaAPI(urls_namespace="bench")

        @api.get("/hello")
        def ninja_hello(request: Any) -> dict[str, str]:
            return {"hello": "world"}

        urlpatterns.append(path("ninja/", api.urls))
        AVAILABLE["django-ninja"] = "/ninja/hello"


def _environ(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def _check(handler: Any, path: str) -> None:
    statuses: list[str] = []

    def start_response(status: str, headers: Any) -> None:
        statuses.append(status)

    body = b"".join(handler(_environ(path), start_response))
    if not statuses[-1].startswith("200") or b"world" not in body:
        raise RuntimeError("%s answered %s %r" % (path, statuses[-1], body[:200]))


def _batch(handler: Any, path: str, n: int) -> float:
    def start_response(status: str, headers: Any) -> None:
        pass

    start = time.perf_counter()
    for _ in range(n):
        for _chunk in handler(_environ(path), start_response):
            pass
    return (time.perf_counter() - start) / n


def time_paths(handler: Any, paths: dict[str, str]) -> dict[str, float]:
    """Median seconds per request for each path.

    The frameworks take turns batch by batch, so a change in machine load
    during the run weighs on all of them alike.
    """
    for path in paths.values():
        _check(handler, path)
        _batch(handler, path, 200)  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in paths}
    batch = max(1, N_REQUESTS // 10)
    for _ in range(REPEATS * 10):
        for name, path in paths.items():
            samples[name].append(_batch(handler, path, batch))
    return {name: statistics.median(values) for name, values in samples.items()}


def run() -> dict[str, Any]:
    configure()
    build_urls()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    results = time_paths(handler, AVAILABLE)
    base = results["plain Django JsonResponse"]
    return {
        "scenario": "S0 framework overhead (in-process, WSGI handler)",
        "unit": "microseconds per request",
        "rows": [
            {"name": name, "us": round(sec * 1e6, 1), "ratio_to_plain": round(sec / base, 2)}
            for name, sec in results.items()
        ],
    }


if __name__ == "__main__":
    result = run()
    print(result["scenario"])
    for row in result["rows"]:
        print("  %-32s %8.1f µs  %5.2f× plain" % (row["name"], row["us"], row["ratio_to_plain"]))
