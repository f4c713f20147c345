# Every target that needs Python creates .venv first, so each is the only
# command needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: test demo lint typecheck install clean drf-suite

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

demo: $(STAMP)
	cd examples/demo && ../../$(PY) manage.py migrate --noinput
	cd examples/demo && ../../$(PY) manage.py seed_demo
	cd examples/demo && ../../$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(PY) -m ruff check restwell tests examples
	$(PY) scripts/check_module_size.py

typecheck: $(STAMP)
	$(PY) -m mypy restwell

drf-suite:
	../shared/drf-suite/run.sh

clean:
	rm -rf $(VENV) build *.egg-info
