# Two entry points for a fresh machine (see README): `make run` and `make test`.
# `make test-fast` is the quick loop while developing: everything but the tests marked slow.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast bench check screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

test: $(VENV)/.dev
	$(BIN)/python -m pytest

# Two worker processes (pytest-xdist) halve the fast set's time; the whole suite, with the load
# test's 20 processes and the browser, measured slower that way on two cores, so it runs in one.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -n 2 -m "not slow" --hypothesis-profile=dev

# Refresh the README's pictures from the browser tests.
screenshots: $(VENV)/.dev
	GROUNDWORK_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -m browser -q

bench: $(VENV)/.dev
	$(BIN)/python -m bench

check: $(VENV)/.runtime
	$(BIN)/python -m questions check

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
