# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# A development server and the test suite run with DEBUG on unless told otherwise.
DEBUG ?= true
export DEBUG

.PHONY: run test check fmt bench bench-load browser install install-dev

$(VENV)/.installed-run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	@echo "Serving on http://$(HOST):$(PORT)/ (log in at /admin/ with an account above)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's Chromium where apt can install it; otherwise Playwright's own build.
browser: install-dev
	@if [ -x /usr/bin/chromium ]; then echo "Chromium: /usr/bin/chromium"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	else $(BIN)/playwright install chromium; fi

test: install-dev browser
	$(BIN)/pytest $(PYTEST_ARGS)

check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=false ALLOWED_HOSTS=annotate.example.org \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# In-process, over HTTP (gunicorn) and under load (locust); writes bench/RESULTS.md.
# Smaller runs while developing: make bench BENCH_ARGS="--articles 50 --claims 100 --reads 10"
bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The load run by itself; rewrites only its section of bench/RESULTS.md.
bench-load: install-dev
	$(BIN)/python bench/run.py --load $(BENCH_ARGS)
