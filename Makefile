# Two entry points for a fresh machine: `make run` and `make test`. Both create the virtualenv
# in .venv on first use (Python >= 3.11 and Java for the HermiT reasoner are needed).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run build test clean

run: $(VENV)/.installed
	$(BIN)/lisllm build
# lisllm validate runs here, between build and serve, once that command exists.
	$(BIN)/lisllm serve --no-build

build: $(VENV)/.installed
	$(BIN)/lisllm build

test: $(VENV)/.installed
	$(BIN)/pytest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf dist .pytest_cache
