# Zicht op Focuswijken — `make run` serves the dashboard, `make test` runs the whole suite.
# Both set everything up first: virtualenv in .venv, Python packages, the data store.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test store rebuild bench browser clean venv serve

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

store: venv
	$(PY) -m geodata build

rebuild: venv
	$(PY) -m geodata build --force

run: store
	$(PY) app.py

serve: store
	$(VENV)/bin/gunicorn --bind 127.0.0.1:8050 --workers 1 --preload app:server

browser:
	@bash scripts/ensure_chromium.sh

test: store browser
	$(PY) -m pytest

bench: store browser
	cd bench && ../$(PY) run_all.py

clean:
	rm -rf .cache screenshots bench/results
