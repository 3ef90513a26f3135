"""Fixtures shared by the whole suite: an app per database backend, API keys, spec checks."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from insight_service import create_app, migrations
from insight_service.models import Base

TEST_SECRETS = {"SECRET_KEY": "test-secret-key-" + "x9" * 16, "IDENTITY_HASH_KEY": "test-identity-key-" + "k7" * 16}


def _backends() -> list[str]:
    names = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        names.append("postgresql")
    elif os.environ.get("CI"):
        raise pytest.UsageError("CI must run against PostgreSQL: set TEST_DATABASE_URL")
    return names


def databases_line(environ=os.environ) -> str:
    """Which databases this run covers, for the header and the summary (a skipped PostgreSQL is said aloud)."""
    if environ.get("TEST_DATABASE_URL"):
        return "databases: sqlite, postgresql"
    return "databases: sqlite (PostgreSQL skipped: set TEST_DATABASE_URL=postgresql://... to run it too)"


def pytest_report_header(config):
    """The first lines of every run say which databases it covers."""
    return databases_line()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """And so does the end of the run, just above pytest's counts."""
    terminalreporter.write_line(databases_line())


def _pg_url() -> str:
    raw = os.environ["TEST_DATABASE_URL"]
    return raw.replace("postgresql://", "postgresql+psycopg://", 1) if raw.startswith("postgresql://") else raw


def reset_postgres(url: str) -> None:
    """Drop every table of a previous run so migrations start from nothing."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in inspect(conn).get_table_names():
            conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


def own_database(url: str) -> str:
    """A database of this test session's own beside the given one, so parallel runs never collide."""
    from sqlalchemy.engine import make_url

    name = f"insight_test_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # no CREATEDB privilege: use the given database itself
        return url
    finally:
        admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop a database made by own_database (leave any other alone)."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    if not name.startswith("insight_test_"):
        return
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=_backends())
def database(request, tmp_path_factory):
    """A migrated database per backend: ('sqlite', template file) or ('postgresql', url)."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("db") / "template.sqlite"
        engine = create_engine(f"sqlite:///{template}")
        migrations.upgrade(engine)
        engine.dispose()
        return "sqlite", template
    url = own_database(_pg_url())
    request.addfinalizer(lambda: drop_database(url))
    reset_postgres(url)
    engine = create_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return "postgresql", url


def _clean_postgres(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def db_url(database, tmp_path) -> str:
    """A clean database URL for one test (a copy of the SQLite template, or a truncated PostgreSQL)."""
    backend, where = database
    if backend == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copy(where, path)
        return f"sqlite:///{path}"
    _clean_postgres(where)
    return where


@pytest.fixture
def app(db_url, tmp_path):
    """The app on a clean database, in testing mode."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": db_url, **TEST_SECRETS,
                              "INSTANCE_TMP": str(tmp_path), "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite'}",
                              "EXPORTS_DIR": str(tmp_path / "exports")})
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def run_jobs(app):
    """Run what the embedded job engine has queued (and retries that are due), in this thread, until none is left."""
    from insight_service.jobs.engine import huey

    def _run() -> int:
        engine, done = huey(app), 0
        while True:
            for task in engine.read_schedule():
                engine.enqueue(task)
            task = engine.dequeue()
            if task is None:
                return done
            try:
                engine.execute(task)
            except Exception:  # noqa: BLE001 - the engine recorded it and scheduled any retry
                pass
            done += 1

    return _run


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def session(app):
    """A database session inside an app context, for arranging and checking rows."""
    from insight_service import db

    with app.app_context():
        yield db.session()


@pytest.fixture
def make_key(app):
    """Create an API key of a role and return the raw key."""
    from insight_service import db
    from insight_service.services.access.keys import create_key

    def _make(role: str = "admin", name: str = "test") -> str:
        with app.app_context():
            with db.fresh_session() as sess:
                _key, raw = create_key(sess, name, role)
        return raw

    return _make


@pytest.fixture
def auth(make_key):
    """Authorization headers for a role, one key per role per test."""
    cache: dict[str, dict] = {}

    def _auth(role: str = "admin") -> dict:
        if role not in cache:
            cache[role] = {"Authorization": f"Bearer {make_key(role)}"}
        return cache[role]

    return _auth


@pytest.fixture
def hasher(app):
    """The app's identity hasher."""
    from insight_service.services.identity.identifiers import hasher_from_config

    return hasher_from_config(app.config)


@pytest.fixture
def ingest_into(session, hasher):
    """Ingest records of a kind through the real pipeline and commit, like one request would."""
    from insight_service.services.ingest.entry import ingest

    def _ingest(kind, records, origin="test"):
        result = ingest(session, kind, records, origin=origin, hasher=hasher)
        session.commit()
        return result

    return _ingest


@pytest.fixture(scope="session")
def openapi_spec() -> dict:
    """The published openapi.yaml as a dict."""
    import yaml

    return yaml.safe_load(Path(__file__).resolve().parent.parent.joinpath("openapi.yaml").read_text())


@pytest.fixture
def check_response(openapi_spec):
    """Assert a response matches the schema openapi.yaml documents for its route and status."""
    from tests.spec_check import assert_matches

    def _check(response, method: str, path_template: str):
        assert_matches(openapi_spec, response, method, path_template)
        return response

    return _check
