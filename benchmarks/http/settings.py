"""Django settings of the HTTP benchmark servers.

``BENCH_FRAMEWORK`` picks what serves the API: ``plain`` (no REST framework
at all), ``restwell`` (the ``rest_framework`` imports resolve to restwell
through its alias) or ``drf`` (the real Django REST framework, which must be
installed). ``BENCH_DB`` is the SQLite file (a copy of the ISO data the demo
loads). Everything else is the same for all three: middleware, database
options, ``REST_FRAMEWORK`` left at its defaults (session and basic
authentication, ``AllowAny``, no throttles, JSON and browsable renderers).
"""

import os
import sys
from pathlib import Path

FRAMEWORK = os.environ.get("BENCH_FRAMEWORK", "plain")
if FRAMEWORK not in ("plain", "restwell", "drf"):
    raise RuntimeError("BENCH_FRAMEWORK must be plain, restwell or drf, not %r" % FRAMEWORK)

if FRAMEWORK == "restwell":
    import restwell

    restwell.install_as_rest_framework()

ROOT = Path(__file__).resolve().parents[2]
# The demo's models (examples/demo/geodata) are the data of S3.
sys.path.insert(0, str(ROOT / "examples" / "demo"))

DEBUG = False
SECRET_KEY = "benchmark-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.http.urls"
WSGI_APPLICATION = "benchmarks.http.wsgi.application"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "geodata",
]
if FRAMEWORK != "plain":
    INSTALLED_APPS.append("rest_framework")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DB", str(ROOT / "benchmarks" / "http" / "bench.sqlite3")),
        # Persistent connections, as a production server would use; writers
        # take the lock up front so two workers never deadlock on upgrade.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
TIME_ZONE = "UTC"
REST_FRAMEWORK: dict = {}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
