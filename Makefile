# Three Circles: `make run` to try it, `make test` to check it.
PYTHON_VERSION := 3.12
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck migrations-check pytest install chromium worker scheduler serve clean bench lock

$(VENV)/.installed: pyproject.toml requirements.lock
	@PY312=$$(for c in python$(PYTHON_VERSION) python3; do \
		if $$c -c 'import sys; sys.exit(sys.version_info[:2] < (3, 12))' 2>/dev/null; then echo $$c; break; fi; \
	done); \
	if [ -z "$$PY312" ]; then echo "Three Circles needs Python 3.12 (for example: pyenv install 3.12)"; exit 1; fi; \
	[ -x $(PY) ] || $$PY312 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	@touch $@

# After changing a dependency in pyproject.toml: pin the whole tree, with hashes.
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
		--python-version $(PYTHON_VERSION) -o requirements.lock

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo "Starting the background worker, the scheduler and the server on http://$(HOST):$(PORT)/"
	@# Links in e-mails point at the address and port chosen here, unless SITE_URL says otherwise.
	@export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py db_worker --interval 2 & WORKER=$$!; \
	$(PY) manage.py scheduler & SCHEDULER=$$!; \
	trap "kill $$WORKER $$SCHEDULER 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) manage.py db_worker

scheduler: install
	$(PY) manage.py scheduler

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djade --check $$(find templates threecircles -name '*.html')
	$(VENV)/bin/lint-imports --no-cache

typecheck: install
	$(VENV)/bin/mypy threecircles

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's Chromium for the browser tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
		|| echo "Could not install Chromium: browser tests will be SKIPPED."; \
	else \
		echo "Chromium is missing and this user cannot apt-get install it: browser tests will be SKIPPED."; \
	fi

# axe-core (accessibility checks) comes from the npm registry; skipped plainly without npm.
node_modules/axe-core/axe.min.js:
	@if command -v npm >/dev/null; then npm install --no-save --no-audit --no-fund --silent axe-core@4; \
	else echo "npm is missing: accessibility checks will be SKIPPED."; fi

# The suite runs in TEST_WORKERS processes (pytest-xdist); TEST_WORKERS=1 for one.
TEST_WORKERS ?= 2
pytest: install chromium node_modules/axe-core/axe.min.js
	$(PY) -m pytest -q -n $(TEST_WORKERS)

test: lint typecheck migrations-check pytest

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache
