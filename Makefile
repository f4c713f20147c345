# Every target that needs Python creates .venv first, so each is the only
# command needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: test demo lint typecheck install clean drf-suite messages browser

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The demo API's tests (examples/demo/tests) run second, with the demo's own
# settings; on the PostgreSQL and Redis passes of .ci/run they use those too.
DEMO_TEST_ENV := $(if $(filter postgres,$(RESTWELL_TEST_DB)),DATABASE_URL=postgres://postgres@127.0.0.1:5432/test) \
	$(if $(RESTWELL_TEST_REDIS),REDIS_URL=$(RESTWELL_TEST_REDIS))

test: $(STAMP)
	-@$(MAKE) --no-print-directory browser
	$(PY) -m pytest $(PYTEST_ARGS)
	cd examples/demo && $(DEMO_TEST_ENV) ../../$(PY) -m pytest

# Headless-browser tests (tests/browser/) drive Debian's chromium through
# Playwright's Python package (`playwright install` needs a download, so it is
# never used). Installs chromium with apt when it is missing and the `browser`
# extra into .venv. It never fails: without apt (or root) the browser tests skip
# and say why. `make test` calls it first.
BROWSER_APT := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || (command -v sudo >/dev/null 2>&1 && echo "sudo -n apt-get"))
browser: $(STAMP)
	@if command -v chromium >/dev/null 2>&1; then \
	  echo "browser: $$(command -v chromium) present"; \
	elif command -v apt-get >/dev/null 2>&1 && [ -n "$(BROWSER_APT)" ]; then \
	  echo "browser: installing chromium with apt-get"; \
	  ( $(BROWSER_APT) update -qq && DEBIAN_FRONTEND=noninteractive \
	    $(BROWSER_APT) install -y -qq --no-install-recommends chromium fonts-dejavu-core ) \
	    || echo "browser: apt-get could not install chromium; browser tests will skip"; \
	else \
	  echo "browser: no chromium and no usable apt-get; browser tests will skip"; \
	fi
	@[ -f $(VENV)/.browser-installed -a $(VENV)/.browser-installed -nt pyproject.toml ] \
	  || { $(PY) -m pip install -q -e ".[dev,browser]" && touch $(VENV)/.browser-installed; } \
	  || echo "browser: could not install the 'browser' extra; browser tests will skip"

# The demo API (examples/demo): ISO data loaded from pycountry, a demo user and a
# fresh token (printed once), then Django's development server on HOST:PORT.
# DATABASE_URL=postgres://… switches from SQLite to PostgreSQL.
DEMO_STAMP := $(VENV)/.installed-demo
DEMO_ENV := DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost,$(HOST)}"
$(DEMO_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install -q -e ".[dev,demo]"
	touch $@

demo: $(DEMO_STAMP)
	cd examples/demo && ../../$(PY) manage.py migrate --noinput
	cd examples/demo && ../../$(PY) manage.py load_iso_data
	cd examples/demo && ../../$(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)/
	cd examples/demo && $(DEMO_ENV) ../../$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(PY) -m ruff check restwell tests examples
	$(PY) scripts/check_module_size.py

typecheck: $(STAMP)
	$(PY) -m mypy restwell

# Re-extract the translatable strings into restwell/locale/*/django.po and
# compile them (msgfmt --check); needs GNU gettext.
messages: $(STAMP)
	$(PY) scripts/make_messages.py

# Django REST framework's own test suite run on restwell, by a harness kept
# outside this repository (DRF_SUITE says where).
DRF_SUITE ?= ../shared/drf-suite/run.sh
drf-suite:
	@[ -x "$(DRF_SUITE)" ] || { echo "drf-suite: no harness at $(DRF_SUITE); set DRF_SUITE=<path to run.sh>"; exit 2; }
	$(DRF_SUITE)

# The documentation site (mkdocs) from docs/ into site/.
.PHONY: docs
docs: $(STAMP)
	$(PY) -m pip install -q -e ".[docs]"
	$(PY) -m mkdocs build --strict

clean:
	rm -rf $(VENV) build *.egg-info site

# Benchmarks run restwell, Django REST framework and django-ninja side by side in
# one venv of their own (DRF is never installed into .venv).
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
$(BENCH_VENV)/.installed: pyproject.toml Makefile
	[ -x $(BENCH_PY) ] || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install -q --upgrade pip
	$(BENCH_PY) -m pip install -q -e . "djangorestframework==3.18.3" django-ninja matplotlib \
	  gunicorn uvicorn pycountry
	touch $@

# The HTTP benchmark (benchmarks/http) loads its servers with wrk, a Debian
# package; without it (no apt-get or no root) it falls back to a bounded Python
# client and says so in its output.
bench-wrk:
	@if command -v wrk >/dev/null 2>&1; then \
	  echo "bench: $$(command -v wrk) present"; \
	elif command -v apt-get >/dev/null 2>&1 && [ -n "$(BROWSER_APT)" ]; then \
	  echo "bench: installing wrk with apt-get"; \
	  ( $(BROWSER_APT) update -qq && DEBIAN_FRONTEND=noninteractive \
	    $(BROWSER_APT) install -y -qq --no-install-recommends wrk ) \
	    || echo "bench: apt-get could not install wrk; the HTTP benchmark uses its Python client"; \
	else \
	  echo "bench: no wrk and no usable apt-get; the HTTP benchmark uses its Python client"; \
	fi

.PHONY: bench bench-wrk
bench: $(BENCH_VENV)/.installed bench-wrk
	$(BENCH_PY) benchmarks/run.py --drf-python $(BENCH_PY)
	$(BENCH_PY) -m benchmarks.overhead --json benchmarks/results-overhead.json
	$(BENCH_PY) -m benchmarks.http.run
	$(BENCH_PY) benchmarks/chart.py
