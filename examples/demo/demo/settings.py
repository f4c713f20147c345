"""Settings of the restwell demo API.

The apps are written as a Django REST framework project (they import
``rest_framework``); the one line below makes those imports resolve to
restwell, and lets drf-spectacular and django-filter run on it unchanged.

Environment:

- ``DATABASE_URL``: any URL dj-database-url reads (default: SQLite file
  ``demo.sqlite3`` beside ``manage.py``), e.g.
  ``postgres://postgres@127.0.0.1:5432/test``.
- ``REDIS_URL``: use Redis as the cache, so throttle counts are shared by
  every worker process (default: a per-process memory cache).
- ``DJANGO_DEBUG`` (default ``1``), ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``
  (comma-separated), ``DEMO_WRITE_RATE`` (default ``30/minute``),
  ``DEMO_MEDIA_ROOT``, ``DEMO_STATIC_ROOT``, ``DEMO_NUM_PROXIES`` (default ``0``).
- ``DJANGO_HTTPS=1`` when served over HTTPS (secure cookies, redirect, HSTS),
  with ``DJANGO_BEHIND_TLS_PROXY=1`` when a proxy terminates TLS.
"""

import restwell

restwell.install_as_rest_framework()

import os  # noqa: E402
from pathlib import Path  # noqa: E402

import dj_database_url  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-secret" if DEBUG else "")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "geodata",
    "travel",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "demo.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "demo.wsgi.application"
ASGI_APPLICATION = "demo.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default="sqlite:///%s" % (BASE_DIR / "demo.sqlite3"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("DEMO_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("DEMO_MEDIA_ROOT", str(BASE_DIR / "media"))
LOGIN_REDIRECT_URL = "/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_RATES": {"writes": os.environ.get("DEMO_WRITE_RATE", "30/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Clients are told apart by their address; behind N reverse proxies, set
    # DEMO_NUM_PROXIES=N so X-Forwarded-For is read, and cannot be forged.
    "NUM_PROXIES": int(os.environ.get("DEMO_NUM_PROXIES", "0")),
}

# Served over HTTPS (DJANGO_HTTPS=1): secure cookies, redirects and HSTS.
if os.environ.get("DJANGO_HTTPS") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "3600"))
    if os.environ.get("DJANGO_BEHIND_TLS_PROXY") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SPECTACULAR_SETTINGS = {
    "TITLE": "restwell demo API",
    "DESCRIPTION": (
        "ISO 3166 countries and subdivisions, ISO 4217 currencies and ISO 639-3 "
        "languages from pycountry, and travel notes and watch-lists owned by users."
    ),
    "VERSION": "1.0.0",
    # Swagger UI and ReDoc come from drf-spectacular-sidecar: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}
