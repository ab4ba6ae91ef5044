# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test lint docs templates bench addin clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/xlcrm demo --out demo_out

lint: $(STAMP)
	$(BIN)/ruff check xlcrm tests bench udfs
	$(BIN)/ruff format --check xlcrm tests bench udfs
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

test: lint
	$(BIN)/python -m pytest -q

docs: $(STAMP)
	$(BIN)/python -m xlcrm.cli.reference --readme README.md --docs docs/cli.md

templates: $(STAMP)
	$(BIN)/xlcrm init --rebuild

addin: $(STAMP)
	$(BIN)/xlcrm addin build --out dist

bench: $(STAMP)
	$(BIN)/python bench/read_write.py
	$(BIN)/python bench/check.py
	$(BIN)/python bench/patch.py
	$(BIN)/python bench/tier.py
	$(BIN)/python bench/summary.py
	$(BIN)/python bench/diff.py

clean:
	rm -rf $(VENV) demo_out .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
