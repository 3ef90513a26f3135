"""Fixtures of the multi-process suite: one gunicorn server with several workers per database backend.

The server is shared by the tests of this directory (starting its workers costs seconds), and so is its
database: each test uses identifiers of its own and checks only what it stored.
"""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import _clean_postgres
from tests.reliability.multiprocess.live_server import FAST_JOBS, process_env, serving

WORKERS = 3


@pytest.fixture(scope="package")
def shared_db(database, tmp_path_factory) -> str:
    """The server's database: a copy of the SQLite template (one file for all workers), or PostgreSQL emptied."""
    backend, where = database
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("live") / "shared.sqlite"
        shutil.copy(where, path)
        return f"sqlite:///{path}"
    _clean_postgres(where)
    return where


@pytest.fixture
def db_url(shared_db) -> str:
    """The tests here read and arrange through the live server's database (the app, session and key fixtures)."""
    return shared_db


@pytest.fixture(scope="package")
def server_env(shared_db, tmp_path_factory) -> dict[str, str]:
    """The environment of the server and of CLI processes: the shared database and a connectors file path."""
    return process_env(shared_db, CONNECTORS_FILE=str(tmp_path_factory.mktemp("conf") / "connectors.toml"),
                       FAULT_EMAIL="ops@example.nl", FAULT_TOKEN="fault-token-secret-0001",
                       JOBS_URL=f"sqlite:///{tmp_path_factory.mktemp('jobs') / 'jobs.sqlite'}", **FAST_JOBS)


@pytest.fixture(scope="package")
def server(server_env, tmp_path_factory):
    """gunicorn with WORKERS worker processes on the shared database, on a free loopback port; always stopped."""
    with serving(server_env, tmp_path_factory.mktemp("gunicorn"), WORKERS) as live:
        yield live
