"""S0: framework overhead of a minimal JSON endpoint, timed in-process.

Each framework serves ``{"hello": "world"}`` through Django's own WSGI handler
(same middleware, same settings): a plain ``JsonResponse`` view, restwell's
``APIView`` and Django REST framework's ``APIView`` with their default
authentication, permission and throttle classes, and django-ninja. The figure
is the median cost per request over several repeats, and its ratio to the
plain view. Frameworks that are not installed are reported as missing.

Each request is served as a WSGI server serves it: the body is iterated and
``close()`` is called (Django's ``request_finished`` runs there). Each
endpoint is the first pattern of a URL conf of its own, so no framework pays
for trying the others' patterns.

    python -m benchmarks.overhead [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import types
from typing import Any

from benchmarks._wsgi import wsgi_environ

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
# Display name -> (URL path, name of the URL conf module that serves it).
AVAILABLE: dict[str, tuple[str, str]] = {}


def _register(name: str, url: str, patterns: list[Any]) -> None:
    # A module of its own per endpoint, so that each is its URL conf's first pattern.
    module_name = "%s._urls_%d" % (__name__, len(AVAILABLE))
    module = types.ModuleType(module_name)
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    sys.modules[module_name] = module
    AVAILABLE[name] = (url, module_name)


def build_urls() -> None:
    from django.http import JsonResponse
    from django.urls import path

    def plain(request: Any) -> JsonResponse:
        return JsonResponse({"hello": "world"})

    _register("plain Django JsonResponse", "/plain/", [path("plain/", plain)])

    from restwell.response import Response as RWResponse
    from restwell.views import APIView as RWAPIView

    class RestwellHello(RWAPIView):
        def get(self, request: Any) -> Any:
            return RWResponse({"hello": "world"})

    _register("restwell APIView", "/restwell/", [path("restwell/", RestwellHello.as_view())])

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

            _register("Django REST framework APIView", "/drf/", [path("drf/", DRFHello.as_view())])

    try:
        from ninja import NinjaAPI
    except ImportError:
        pass
    else:
        api = NinjaAPI(urls_namespace="bench")

        @api.get("/hello")
        def ninja_hello(request: Any) -> dict[str, str]:
            return {"hello": "world"}

        _register("django-ninja", "/ninja/hello", [path("ninja/", api.urls)])


def _check(handler: Any, path: str) -> None:
    statuses: list[str] = []

    def start_response(status: str, headers: Any) -> None:
        statuses.append(status)

    response = handler(wsgi_environ("GET", path), start_response)
    body = b"".join(response)
    response.close()
    if not statuses[-1].startswith("200") or b"world" not in body:
        raise RuntimeError("%s answered %s %r" % (path, statuses[-1], body[:200]))


def _batch(handler: Any, path: str, n: int) -> float:
    def start_response(status: str, headers: Any) -> None:
        pass

    start = time.perf_counter()
    for _ in range(n):
        response = handler(wsgi_environ("GET", path), start_response)
        for _chunk in response:
            pass
        response.close()
    return (time.perf_counter() - start) / n


def time_paths(handler: Any, paths: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Median seconds per request for each endpoint.

    The frameworks take turns batch by batch, so a change in machine load
    during the run weighs on all of them alike.
    """
    from django.conf import settings

    for path, urlconf in paths.values():
        settings.ROOT_URLCONF = urlconf
        _check(handler, path)
        _batch(handler, path, 200)  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in paths}
    batch = max(1, N_REQUESTS // 10)
    for _ in range(REPEATS * 10):
        for name, (path, urlconf) in paths.items():
            settings.ROOT_URLCONF = urlconf
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the result to this JSON file")
    args = parser.parse_args()
    result = run()
    print(result["scenario"])
    for row in result["rows"]:
        print("  %-32s %8.1f µs  %5.2f× plain" % (row["name"], row["us"], row["ratio_to_plain"]))
    if args.json:
        result["date"] = time.strftime("%Y-%m-%d")
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2)
            out.write("\n")


if __name__ == "__main__":
    main()
