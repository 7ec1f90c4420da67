# Two commands: `make serve` sets everything up and serves the app; `make test` sets up and runs all tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
INSTALLED := $(VENV)/.installed
VENDOR := static/vendor/htmx.min.js

.PHONY: install serve test lint check stats clean

install: $(INSTALLED) $(VENDOR)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENDOR): package.json package-lock.json scripts/vendor.js
	npm ci --no-audit --no-fund
	node scripts/vendor.js

serve: install
	TOOLBOX_CONTENT_RELOAD=1 $(BIN)/toolbox serve --port $(PORT) $(if $(LAN),--lan,--host $(HOST)) $(if $(WORKERS),--workers $(WORKERS))

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/flask --app toolbox content check
	$(BIN)/pytest -n 2 -m "not serial" --durations=15 --durations-min=0.5
	$(BIN)/pytest -m serial --durations=15 --durations-min=0.5

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/flask --app toolbox content check

stats: install
	$(BIN)/flask --app toolbox content stats

clean:
	rm -rf $(VENV) node_modules static/vendor
