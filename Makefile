# Two commands: `make demo` and `make test`. Everything else is a helper they use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= $(CURDIR)/instance/demo.sqlite

.PHONY: demo test install openapi bench clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed-runtime

# The demo: migrate a fresh SQLite database, load generated data through the ingest pipeline,
# create a demo admin key, print how to use it, and serve on 127.0.0.1:8000 with gunicorn.
demo: $(VENV)/.installed-runtime
	mkdir -p instance && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	INSIGHT_DEMO=1 DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/insight-service demo --serve

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); }

# The whole suite on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

openapi: $(VENV)/.installed-runtime
	INSIGHT_DEMO=1 DATABASE_URL=sqlite:// $(BIN)/insight-service openapi --out openapi.yaml

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/sentiment_eval.py
	$(BIN)/python benchmarks/analysis_speed.py

clean:
	rm -rf $(VENV) instance build *.egg-info test-artifacts
