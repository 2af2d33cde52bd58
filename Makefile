# Coalition: `make run` serves the app with demo data, `make test` runs the whole suite.
# Both set everything up first (virtualenv, dependencies, migrations); no services needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate demo lint format messages clean

run: setup migrate demo
	@scripts/run-dev.sh $(HOST) $(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed .env var
	@scripts/check-system-deps.sh $(PY)

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

# Development settings for this checkout only (never committed): DEBUG on, a random key.
.env:
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" > .env
	@echo "Wrote .env with development settings."

var:
	@mkdir -p var

migrate: setup
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark (bench/README.md): scale 1 against scale $(SCALE), one table and
# bench/results.json. BENCH_ARGS=--strict makes a missed goal fail the command.
SCALE ?= 10
.PHONY: bench bench-ci
bench: setup var
	$(PY) -m bench.run --scale $(SCALE) $(BENCH_ARGS)

# CI size: scale 2, fails when a page's query count or a sweep's queries per row grow.
bench-ci: setup var
	$(PY) -m bench.run --ci

# Update and compile every Dutch catalogue (the core's and each app's).
messages: setup
	$(PY) manage.py makemessages -l nl -i ".venv/*" -i "var/*" -i "tests/*" \
		-i "regiegroep/*" -i "dilemmas/*" -i "digital/*" -i "relatiebeheer/*"
	for app in regiegroep dilemmas digital relatiebeheer; do \
		(cd $$app && ../$(BIN)/django-admin makemessages -l nl); done
	$(PY) manage.py compilemessages -i ".venv"

clean:
	rm -rf $(VENV) var
