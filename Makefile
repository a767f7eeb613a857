# LeadCards developer commands. Two are all a new machine needs (Python 3.11+ and make):
#   make run    create .venv, install LeadCards, start the app
#   make test   install the test tools, run the whole suite headless
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test test-packaging lint check bench bundle clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "LeadCards needs Python 3.11 or newer: run make with PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --editable .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	@touch $@

$(VENV)/.installed-bundle: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --editable '.[bundle]'
	@touch $@

$(VENV)/.installed-lint: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --editable '.[lint]'
	@touch $@

run: $(VENV)/.installed-run
	$(BIN)/leadcards

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Builds the sdist and wheel and runs the wheel in a fresh virtual environment.
test-packaging: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m packaging tests/test_packaging.py

lint: $(VENV)/.installed-lint
	$(BIN)/ruff check leadcards tests bench packaging
	$(BIN)/ruff format --check leadcards tests bench packaging
	$(BIN)/mypy

check: lint test

bench: $(VENV)/.installed-run
	$(BIN)/python bench/run.py

# The standalone one-folder app (dist/LeadCards), then its smoke test.
bundle: $(VENV)/.installed-bundle
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build packaging/leadcards.spec
	QT_QPA_PLATFORM=offscreen LEADCARDS_DATA_DIR=build/smoke-data dist/LeadCards/LeadCards --smoke
	LEADCARDS_DATA_DIR=build/smoke-data dist/LeadCards/LeadCards decks

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
