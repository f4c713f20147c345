"""WSGI application of the benchmark servers (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.http.settings")
application = get_wsgi_application()
