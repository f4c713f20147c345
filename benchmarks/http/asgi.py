"""ASGI application of the benchmark servers (uvicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.http.settings")
application = get_asgi_application()
