# Mentorbrug: `make run` serves the app, `make test` runs the whole suite. Needs Python 3.11-3.13 and Node >= 20.
# Another Python: make test PYTHON=python3.13 VENV=.venv-3.13
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: setup run test test-browser check-html db assets translations i18n-update lint bench bench-web diagram clean
.PHONY: lock test-scaleout

setup: $(VENV)/.installed node_modules/.installed assets translations

# Exactly the locked versions, checked against their hashes; then the app itself without resolving again.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || (echo "Python 3.11, 3.12 or 3.13 is needed" && exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Refresh both lockfiles to the newest versions pyproject.toml allows (commit them together).
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 --quiet
lock: $(VENV)/.installed
	$(LOCK) --upgrade --extra dev -o requirements-dev.lock
	$(LOCK) -c requirements-dev.lock -o requirements.lock

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
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

test: setup
	$(BIN)/python scripts/i18n.py check
	$(BIN)/pytest $(PYTEST_ARGS)

test-browser: setup
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# Two gunicorn instances on one PostgreSQL database and one Redis (TEST_DATABASE_URL, REDIS_URL).
test-scaleout: setup
	$(BIN)/pytest -m scaleout $(PYTEST_ARGS)

# Server benchmark against a bare Flask hello (needs wrk: apt-get install -y wrk). BENCH_ARGS=--quick for a short run.
bench: setup
	$(BIN)/python scripts/bench/run.py $(BENCH_ARGS)

# Every page and htmx fragment of the demo, in both languages, through the Nu Html Checker (vnu-jar, Java).
check-html: setup
	$(BIN)/python scripts/check_html.py $(CHECK_HTML_ARGS)

bench-web: setup
	$(BIN)/python scripts/bench_web.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .

diagram: $(VENV)/.installed
	$(BIN)/flask workflow diagram

clean:
	rm -rf $(VENV) node_modules workspace/static instance/mentorbrug.sqlite
