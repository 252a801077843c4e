# Mentorbrug: `make run` serves the app, `make test` runs the whole suite. Needs Python >= 3.11 and Node >= 20.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: setup run test test-browser db assets translations i18n-update lint bench-web diagram clean

setup: $(VENV)/.installed node_modules/.installed assets translations

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || (echo "Python 3.11 or newer is needed" && exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed
	$(BIN)/python scripts/assets.py

translations: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py compile

i18n-update: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py update

db: setup
	@mkdir -p instance
	$(BIN)/flask db upgrade heads
	$(BIN)/flask seed-demo

run: db
	@echo ""
	@echo "Mentorbrug runs on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	@echo "Demo accounts, password mentorbrug-demo: lead@mentor.example, member@mentor.example, lead@partner.example, observer@advies.example"
	@echo ""
	$(BIN)/gunicorn --no-control-socket --bind $(HOST):$(PORT) --workers 2 --access-logfile - wsgi:app

test: setup
	$(BIN)/python scripts/i18n.py check
	$(BIN)/pytest $(PYTEST_ARGS)

test-browser: setup
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

bench-web: setup
	$(BIN)/python scripts/bench_web.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .

diagram: $(VENV)/.installed
	$(BIN)/flask workflow diagram

clean:
	rm -rf $(VENV) node_modules workspace/static instance/mentorbrug.sqlite
