"""Settings for the cross-process throttle test server (tests/test_throttling.py).

Started by the test as two separate server processes; both count in the same
Redis, under a key prefix chosen per test run.
"""

import os

SECRET_KEY = "restwell-tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.throttle_redis_urls"
USE_TZ = True
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "restwell"]
MIDDLEWARE: list[str] = []
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("RESTWELL_THROTTLE_REDIS", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": os.environ.get("RESTWELL_THROTTLE_PREFIX", "restwell-throttle-test"),
    }
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["restwell.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": None},
    "DEFAULT_RENDERER_CLASSES": ["restwell.renderers.JSONRenderer"],
}
