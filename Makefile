# Two entry points for a fresh machine: `make run` and `make test`. Both create the virtualenv in
# .venv on first use (Python >= 3.11) and install the system programs they use through
# scripts/install-system-deps (Graphviz; for the tests also Chromium, Virtuoso and a system Java).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run build test bench clean

# The main job: build the graph, check it, and serve it on http://127.0.0.1:$(PORT)/.
run: $(VENV)/.installed
	bash scripts/install-system-deps run
	$(BIN)/lisllm build
	$(BIN)/lisllm validate
	$(BIN)/lisllm serve --no-build --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/lisllm build

test: $(VENV)/.installed
	bash scripts/install-system-deps test
	$(BIN)/ruff check
	$(BIN)/pytest $(PYTEST_ARGS)

# The benchmark suite (about 20 minutes on 2 cores): writes benchmarks/RESULTS.md and scaling.png.
bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf dist .pytest_cache
