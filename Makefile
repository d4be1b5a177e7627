# boardtrace: `make run` and `make test` each set up everything they need from a fresh clone.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BT := $(VENV)/bin/boardtrace
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180

.PHONY: setup run test lint typecheck unit bench browser clean

setup: $(STAMP)

# torch first and alone, so that nothing later can pull a CUDA build; then the locked tree
# (a full freeze, so --no-deps: no resolver run, nothing unpinned can slip in).
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BT) run --corpus corpus --db outputs/boardtrace.duckdb

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy pipeline/

unit: $(STAMP)
	$(VENV)/bin/pytest -q

test: lint typecheck browser unit

# Debian's Chromium for the web app's browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# Speed and quality figures (minutes to tens of minutes; see README). Not part of `make test`.
bench: run
	$(PY) bench/ingest.py
	$(PY) bench/extract.py
	$(PY) bench/search_quality.py --db outputs/boardtrace.duckdb
	$(PY) bench/search.py --source outputs/boardtrace.duckdb --sizes 10000,100000 --hnsw-max 100000
	$(PY) bench/trace_quality.py
	$(PY) bench/trace.py
	$(PY) bench/nightly.py
	$(PY) bench/web.py --db outputs/boardtrace.duckdb

clean:
	rm -rf $(VENV) outputs/*.duckdb outputs/*.wal outputs/runs outputs/registers
