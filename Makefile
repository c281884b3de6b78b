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

.PHONY: install run test lint check messages translations lock clean

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

install: $(VENV)/.installed translations

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

# The interface languages besides English (lms/translations/<locale>/); lms/i18n.py lists the same.
LOCALES := es pt_BR fr de nl sv ko he

# Extracts every interface string and brings each catalog up to date: new msgids arrive empty,
# never guessed from similar ones (no fuzzy matching), so the catalog test names what to translate.
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k N_ --sort-by-file --no-wrap \
		--project LETP --copyright-holder "LETP" -o lms/translations/messages.pot .
	for locale in $(LOCALES); do \
		if [ -f lms/translations/$$locale/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete --no-wrap -l $$locale \
				-i lms/translations/messages.pot -d lms/translations || exit 1; \
		else \
			$(BIN)/pybabel -q init --no-wrap -l $$locale -i lms/translations/messages.pot -d lms/translations || exit 1; \
		fi; \
	done

# The compiled catalogs (.mo) are built, never committed: a change to a .po reaches pages on the next install.
translations: $(patsubst %,lms/translations/%/LC_MESSAGES/messages.mo,$(LOCALES))

lms/translations/%/LC_MESSAGES/messages.mo: lms/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel -q compile -l $* -d lms/translations

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
