# E-Kinerja. The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON312 ?= $(shell command -v python3.12 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.12*/bin/python 2>/dev/null | head -n1)
VENV := .venv
PY := $(VENV)/bin/python
PG_TEST_PORT ?= 54329
PG_TEST_DIR ?= /tmp/ekinerja-pg-test-$(PG_TEST_PORT)
PYTEST_WORKERS ?= 2
ADDR ?= 127.0.0.1:8000
ONLY ?=
DEV_ENV := DJANGO_DEBUG=1

.PHONY: help install run test lint format check test-sqlite test-postgres test-e2e bench clean

help:
	@echo "make run    - pasang, migrasi, isi demo (sekali), jalankan server + worker di http://$(ADDR)"
	@echo "make test   - pasang, lalu ruff, check, makemigrations --check, uji SQLite, PostgreSQL, peramban"
	@echo "make bench  - tolok ukur (ONLY=nama untuk satu), di SQLite dan PostgreSQL"

$(PY):
	@test -n "$(PYTHON312)" || { echo "Python 3.12 tidak ditemukan (pyenv 3.12.1 atau python3.12)."; exit 1; }
	$(PYTHON312) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
	@$(DEV_ENV) $(PY) manage.py collectstatic --noinput -v0

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEV_ENV) $(PY) manage.py seed_demo --if-empty
	$(DEV_ENV) $(PY) manage.py refresh_statistics -v0
	$(DEV_ENV) PY=$(PY) ADDR=$(ADDR) scripts/serve.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(DEV_ENV) $(PY) manage.py check --fail-level WARNING
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	$(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) -m "not e2e"

test-postgres: install
	@url=$$(PG_EXTRA_OPTS="-c autovacuum=off" scripts/pgcluster.sh start $(PG_TEST_DIR) $(PG_TEST_PORT)) && \
	trap 'scripts/pgcluster.sh stop $(PG_TEST_DIR)' EXIT && \
	echo "PostgreSQL sementara: $$url" && \
	DATABASE_URL=$$url $(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) -m "not e2e"

test-e2e: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m e2e tests/e2e

test: lint check test-sqlite test-postgres test-e2e

bench: install
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY),)

clean:
	rm -rf $(VENV) node_modules staticfiles var bench/.work
