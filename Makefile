# Two commands: `make demo` and `make test`. Everything else is a helper they use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= $(CURDIR)/instance/demo.sqlite

.PHONY: demo test install openapi bench clean browser redis pgbouncer

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
# create a demo admin key, print how to use it, and serve on 127.0.0.1:8000 with gunicorn, with a job
# consumer beside it on the embedded engine (an SQLite file next to the database).
DEMO_JOBS ?= $(CURDIR)/instance/demo-jobs.sqlite
demo: $(VENV)/.installed-runtime
	mkdir -p instance && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_JOBS) $(DEMO_JOBS)-wal $(DEMO_JOBS)-shm
	INSIGHT_DEMO=1 DATABASE_URL=sqlite:///$(DEMO_DB) JOBS_URL=sqlite:///$(DEMO_JOBS) $(BIN)/insight-service demo --serve

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); }

# The job engine's networked backend for the multi-process tests: Debian's redis-server on 127.0.0.1:6379.
redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  command -v redis-server >/dev/null 2>&1 || { echo "installing Debian's redis-server for the job tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null) || \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null); }; \
	  service redis-server start >/dev/null 2>&1 || \
	    redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; }

# Debian's pgbouncer: tests/reliability/test_pgbouncer.py starts one (transaction pooling) in front of PostgreSQL.
pgbouncer:
	@command -v pgbouncer >/dev/null 2>&1 || test -x /usr/sbin/pgbouncer || { \
	  echo "installing Debian's pgbouncer for the connection-pooler tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null) || \
	  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null); }

# The whole suite on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
test: $(VENV)/.installed-test browser redis pgbouncer
	$(BIN)/python -m pytest -q -p no:cacheprovider

openapi: $(VENV)/.installed-runtime
	INSIGHT_DEMO=1 DATABASE_URL=sqlite:// $(BIN)/insight-service openapi --out openapi.yaml

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/sentiment_eval.py
	$(BIN)/python benchmarks/analysis_speed.py

clean:
	rm -rf $(VENV) instance build *.egg-info test-artifacts
