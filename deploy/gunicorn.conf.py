"""gunicorn settings for the restwell demo (WSGI): ``gunicorn -c deploy/gunicorn.conf.py demo.wsgi``.

Every value can be changed through the environment without editing this file.
"""

import multiprocessing
import os

# Inside a container the port is published by the runtime; on a host, bind to
# loopback and put a reverse proxy in front.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers suit Django's blocking ORM; two per core plus one keeps
# the CPU busy while some workers wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then, so a slow leak in any library stays bounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Load the application once in the master: faster worker starts, shared memory.
preload_app = True

# Trust X-Forwarded-* only from the proxy in front (loopback by default).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
