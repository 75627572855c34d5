# Trials API. `make run` serves; `make test` runs the whole suite on a real PostgreSQL.
# Both create the virtualenv on first use. DATABASE_URL unset: an embedded PostgreSQL is used.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint openapi bench bench-api clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) scripts/with_db.py --data .run/pgdata -- $(PY) -m service.boot

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/hadolint Dockerfile
	@if command -v docker-compose >/dev/null 2>&1; then \
		docker-compose -f docker-compose.yml config --quiet && echo "docker-compose config: ok"; \
	else echo "docker-compose not installed (apt-get install docker-compose): skipped"; fi

openapi: $(STAMP)
	DATABASE_URL=postgresql://unused/unused $(VENV)/bin/flask --app service openapi write --format=yaml openapi.yaml

bench: $(STAMP)
	$(PY) bench/parse_bench.py
	$(PY) bench/synth_bench.py
	$(PY) scripts/with_db.py --data .run/bench-pgdata -- $(PY) bench/load_bench.py --count 5000

bench-api: $(STAMP)
	$(PY) scripts/with_db.py --data .run/bench-pgdata -- $(PY) bench/api_bench.py --count 500000

clean:
	rm -rf $(VENV) .run .pytest_cache .ruff_cache
