# LETP: `make run` sets up and serves the app with demo accounts; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: install run test lint check messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "LETP needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(FLASK) lms check
	$(FLASK) lms init
	$(FLASK) lms demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(FLASK) lms check

# Extract every interface string for translators (translations follow the English product).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o lms/translations/messages.pot .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
