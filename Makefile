# Zicht op Focuswijken — `make run` serves the dashboard, `make test` runs the whole suite.
# Both set everything up first: virtualenv in .venv, the pinned packages, the data store.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint data store served-store rebuild bench browser postgres clean venv serve serve-nginx lock

venv: $(STAMP)

# exactly the versions CI tested (requirements.lock, with hashes); requirements*.txt hold the bounds
$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $(STAMP)

# after changing requirements.txt or requirements-dev.txt: pin the new set (needs the package index)
lock: venv
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.lock requirements-dev.txt

# the data directory ($$ZOF_DATA_DIR, default ../shared/data) is used as it is when it exists; when it
# does not, the sources are fetched first (offline: one message naming ZOF_DATA_DIR and the command)
data: venv
	$(PY) -m geodata fetch --if-missing

store: venv data
	$(PY) -m geodata build

# run/serve start from the store there is when a rebuild fails: a bad edit of config/ breaks the
# build (with its message), not the dashboard (the store holds the configuration it was built from)
served-store: venv data
	@$(PY) -m geodata build || { test -f "$${ZOF_CACHE_DIR:-.cache/store}/manifest.json" && \
	  echo "build failed (see above): serving the previous store" >&2; }

rebuild: venv
	$(PY) -m geodata build --force

run: served-store
	$(PY) app.py

serve: served-store
	$(VENV)/bin/gunicorn --bind 127.0.0.1:8050 --workers 1 --preload app:server

# production on one machine: nginx (cache, gzip) on 127.0.0.1:8050 in front of 2 gunicorn instances
serve-nginx: served-store
	@bash scripts/ensure_nginx.sh
	bash deploy/serve.sh 8050 2

browser:
	@bash scripts/ensure_chromium.sh

postgres:
	@bash scripts/ensure_postgres.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint store browser postgres
	$(PY) -m pytest

bench: store browser
	cd bench && ../$(PY) run_all.py

clean:
	rm -rf .cache screenshots bench/results
