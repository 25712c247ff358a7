# Two entry points for a fresh machine (see README): `make run` and `make test`.
# `make test-fast` is the quick loop while developing: everything but the tests marked slow.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
# Locks resolve from PyPI itself (whatever indexes a machine's pip or uv config adds), for
# Python 3.11 on any platform; every file of each pinned release gets its hash.
UV_COMPILE := $(BIN)/uv pip compile --quiet --no-config --default-index https://pypi.org/simple \
	--python-version 3.11 --universal --generate-hashes --custom-compile-command "make lock"

.PHONY: run test test-fast lint axe bench check screenshots lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The venv follows the lock files: a changed lock reinstalls (hash-checked) on the next make.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

test: lint axe
	$(BIN)/python -m pytest

# axe-core for the accessibility browser test (tests/test_browser_a11y.py), from the npm
# registry at the version and hash package-lock.json pins. Without npm the test skips (CI
# installs npm, and there the test must run).
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility browser test will skip (apt-get install npm)"; fi

# The static checks alone (make test runs them first); settings in pyproject.toml.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/check_import_cycles.py

# Rewrite the lock files from the pinned *.in files (runtime first: it constrains the dev lock).
lock: $(VENV)/.dev
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt

# Two worker processes (pytest-xdist) halve the fast set's time; the whole suite, with the load
# test's 20 processes and the browser, measured slower that way on two cores, so it runs in one.
# Bytecode is cached (__pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set:
# compiling and assertion-rewriting every test module again took each worker about 3 s.
test-fast: $(VENV)/.dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2 -m "not slow" --hypothesis-profile=dev

# Refresh the README's pictures from the browser tests.
screenshots: $(VENV)/.dev axe
	GROUNDWORK_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -m browser -q

bench: $(VENV)/.dev
	$(BIN)/python -m bench

check: $(VENV)/.runtime
	$(BIN)/python -m questions check

clean:
	rm -rf $(VENV) node_modules .pytest_cache .hypothesis .ruff_cache .mypy_cache .import_linter_cache .grimp_cache
