# LETP: `make run` sets up and serves the app with demo accounts; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

# pip-tools gets a venv of its own, used by `make lock` only: .venv then holds exactly the dev lock.
# Pinned, so every refresh writes the same format.
LOCK_VENV := .cache/pip-tools
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)

.PHONY: install run test lint check messages lock clean

# Installs the exact versions (with hashes) that CI tested; the ranges stay in requirements*.txt.
# The dry run, offline, fails if a range was edited without `make lock`.
$(VENV)/.installed: requirements.lock requirements-dev.lock requirements.txt requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "LETP needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --dry-run --no-index -r requirements-dev.txt \
		|| { echo "requirements*.txt no longer match the locks: run make lock"; exit 1; }
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
	$(BIN)/mypy

check: install
	$(FLASK) lms check

# Extract every interface string for translators (translations follow the English product).
messages: install
	mkdir -p lms/translations
	$(BIN)/pybabel extract -F babel.cfg -k _l -o lms/translations/messages.pot .

# Rewrites the locks from the ranges, keeping every pin the ranges still allow; UPGRADE=1 takes the newest.
# The dev lock is constrained by the runtime lock, so both pin the same versions of what they share.
lock: $(LOCK_VENV)/bin/pip-compile
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) -c requirements.lock --output-file requirements-dev.lock requirements-dev.txt

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet pip-tools==7.7.0

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache
