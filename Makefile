# Two entry points for a fresh machine: `make run` and `make test`. Both create the virtualenv
# in .venv on first use (Python >= 3.11, Java for the HermiT reasoner and Graphviz are needed).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run build test bench clean

# The main job: build the graph, check it, and serve it on http://127.0.0.1:8000/.
run: $(VENV)/.installed
	$(BIN)/lisllm build
	$(BIN)/lisllm validate
	$(BIN)/lisllm serve --no-build

build: $(VENV)/.installed
	$(BIN)/lisllm build

test: $(VENV)/.installed
	$(BIN)/pytest

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
