# Public participation community platform. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_SETTINGS_MODULE ?= participation.settings.dev

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed-base: requirements/base.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.lock
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-base requirements/test.lock
	$(PIP) install --quiet -r requirements/test.lock
	touch $@

.PHONY: install
install: $(VENV)/.installed-base ## Create .venv and install the locked runtime dependencies

.PHONY: install-test
install-test: $(VENV)/.installed-test ## Add the locked test and lint tools to .venv

# uv keeps the versions already locked unless told to change them (docs/dependencies.md).
UV ?= uv
UV_COMPILE := $(UV) pip compile pyproject.toml --generate-hashes --python-version 3.11.5 \
	--python-platform linux --custom-compile-command "make lock" --quiet

.PHONY: lock
lock: ## Regenerate requirements/*.lock (pinned, with hashes) from pyproject.toml; needs uv
	$(UV_COMPILE) -o requirements/base.lock
	$(UV_COMPILE) --extra test -c requirements/base.lock -o requirements/test.lock

.PHONY: migrate
migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

.PHONY: demo
demo: migrate ## Load (or refresh) the demo content; safe to run again
	$(PY) manage.py load_demo_content

.PHONY: run
run: demo ## Set up everything and serve the site with demo content, a Celery worker and beat
	$(PY) scripts/run_dev.py

# Two processes (pytest-xdist); the slowest tests are listed at the end. `--dist load`, not
# loadfile: pytest-django runs every test inside a transaction before any transactional test
# (live_server, real workers), whose flush empties the rows the data migrations made (groups,
# permissions). Handing out whole files broke that order per process: a file with one
# transactional test, then any later file needing the Editors group on that process, failed.
# Tests run in a random order (pytest-randomly); the seed is printed at the start and the end of
# the run. Replay an order with `make test SEED=<seed>` (README: "Tests in random order").
PYTEST_ARGS ?= -n auto --dist load --durations=15
SEED ?=

.PHONY: test
test: install-test ## Run the whole test suite in random order (SEED=<n> replays one; uses DATABASE_URL / REDIS_URL when set)
	DJANGO_SETTINGS_MODULE=participation.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS) $(if $(SEED),--randomly-seed=$(SEED))

.PHONY: lint
lint: install-test ## ruff check, ruff format --check, and lint-imports (imports only point down)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

.PHONY: format
format: install-test ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: checks
checks: install ## Django checks: check, makemigrations --check, check --deploy (production settings)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=participation.settings.production SECRET_KEY=$$(openssl rand -hex 40) \
		ALLOWED_HOSTS=participation.example.org $(PY) manage.py check --deploy --fail-level WARNING

.PHONY: node
node: ## Install axe-core (npm) for the accessibility tests
	npm ci --no-audit --no-fund

.PHONY: ci
ci: ## Run what CI runs (.ci/run): services, browser, checks, the whole suite
	bash .ci/run

.PHONY: bench
bench: install ## Run the benchmarks and write bench/results.json (see docs/performance.md)
	$(PY) bench/run.py

.PHONY: messages
messages: install ## Update and compile the Welsh message catalogue
	$(PY) manage.py makemessages -l cy --ignore=.venv --ignore=node_modules --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# Backups (docs/operations.md): the database (pg_dump, custom format) and the media (the local
# folder or the bucket) together in backups/<UTC time>/; settings from the environment as for the
# site. pg_dump/pg_restore must be at least the server's major version (postgresql-client-15).
BACKUP_DIR ?= backups

.PHONY: backup
backup: ## Back up the database (pg_dump) and the media (folder or bucket) into backups/<UTC time>/
	$(PY) scripts/backup.py --output-dir $(BACKUP_DIR)

.PHONY: restore
restore: ## Restore BACKUP=backups/<time> into an empty database and media storage (FORCE=1 replaces)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<time> [FORCE=1]" >&2; exit 2; }
	$(PY) scripts/restore.py "$(BACKUP)" $(if $(FORCE),--force)

.PHONY: clean
clean: ## Remove the local database, broker folders and e-mail files in var/
	rm -rf var
