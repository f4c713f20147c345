"""Django settings for restwell's own test suite.

``RESTWELL_TEST_DB=postgres|mysql`` runs the suite on the local PostgreSQL or
MariaDB instead of SQLite; ``RESTWELL_TEST_REDIS=redis://…`` points the cache at Redis.
"""

import os

SECRET_KEY = "restwell-tests-not-secret"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en-us"
ROOT_URLCONF = "tests.urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
ALLOWED_HOSTS = ["*"]
STATIC_URL = "/static/"
MEDIA_ROOT = os.path.join(os.environ.get("TMPDIR", "/tmp"), "restwell-test-media")

_db = os.environ.get("RESTWELL_TEST_DB", "sqlite")
if _db == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "test",
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": "127.0.0.1",
            "PORT": "5432",
        }
    }
elif _db == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": "test",
            "USER": "root",
            "HOST": "127.0.0.1",
            "PORT": "3306",
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

_redis = os.environ.get("RESTWELL_TEST_REDIS")
if _redis:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "restwell",
    "restwell.authtoken",
    "tests",
]

# The ``tests`` app has no migrations (its models live beside the tests that use
# them), and Django creates unmigrated apps' tables before running migrations:
# on PostgreSQL and MariaDB a foreign key from a test model to ``auth.User``
# would then point at a table that does not exist yet. Syncing Django's own
# apps too creates every table first and every constraint after. restwell's
# authtoken keeps its migrations: tests/authtoken/test_migrations.py runs them.
MIGRATION_MODULES = dict.fromkeys(("admin", "auth", "contenttypes", "sessions"))

MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "debug": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
