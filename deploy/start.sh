#!/bin/sh
# Container entry point: bring the schema and the ISO data up to date (both are
# idempotent), then hand the process over to gunicorn, or to the command given.
set -eu
python manage.py migrate --noinput
python manage.py load_iso_data
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
exec gunicorn --config /app/deploy/gunicorn.conf.py demo.wsgi
