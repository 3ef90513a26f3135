"""A database that is down, hung or locked: every API route answers a 503 problem with Retry-After in bounded
time, the HTML views a 503 page, /healthz still answers and /readyz says 503.

"Stopped" is a PostgreSQL port nothing listens on and a SQLite file that cannot be opened; "hung" is a socket
that accepts connections and never answers (the connect timeout bounds the wait); "locked" is a SQLite file
another process holds the write lock on (the busy timeout bounds the wait).
"""
from __future__ import annotations

import re
import socket
import sqlite3
import threading

import pytest

from insight_service import create_app
from tests.conftest import TEST_SECRETS
from tests.records import make_feedback
from tests.reliability.conftest import assert_problem

KEY = {"Authorization": "Bearer isk_0123456789abcdefghijklmnopqrstuv"}
SAMPLE = [("GET", "/api/v1/customers?email=a@mailbox.nl"), ("GET", "/api/v1/customers/1/insight"),
          ("POST", "/api/v1/feedback"), ("GET", "/api/v1/pain-points"), ("DELETE", "/api/v1/customers/1")]


def app_on(url: str):
    """The app (not in testing mode: errors are handled as in production) on a database URL, short timeouts."""
    return create_app({"SQLALCHEMY_DATABASE_URL": url, **TEST_SECRETS, "DATABASE_CONNECT_TIMEOUT": "1",
                       "DATABASE_BUSY_TIMEOUT": "0.5"})


@pytest.fixture
def hung_port():
    """A port whose server accepts connections and never says a word; closed after the test."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api_routes(app) -> list[tuple[str, str]]:
    """(method, url) of every documented API route that needs a key, ids as 1."""
    out = []
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "api_doc", None)
        if doc is not None and doc.area is not None:
            out.append((doc.method, re.sub(r"<[^>]+>", "1", rule.rule)))
    return sorted(set(out))


def assert_unavailable(client, routes) -> None:
    """Every route a 503 problem with Retry-After; health answers, readiness says 503; the card a 503 page."""
    for method, url in routes:
        kwargs = {"json": {"records": [make_feedback()]}} if method == "POST" else {}
        response = client.open(url, method=method, headers=KEY, **kwargs)
        assert_problem(response, 503)
        assert int(response.headers["Retry-After"]) > 0, url
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.headers["Retry-After"]
    from insight_service.card_tokens import sign

    token, _expires = sign(TEST_SECRETS["SECRET_KEY"], "card", "service", 1, 600, 1, "isk_0123")
    page = client.get(f"/cards/1?t={token}")  # a valid link: its key is looked up in the database
    assert page.status_code == 503 and page.mimetype == "text/html" and page.headers["Retry-After"]


def test_with_postgresql_stopped_every_api_route_is_a_503_problem():
    app = app_on(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/insight")
    try:
        routes = api_routes(app)
        assert len(routes) > 20
        assert_unavailable(app.test_client(), routes)
    finally:
        app.extensions["db_engine"].dispose()


def test_with_postgresql_hung_the_routes_answer_503_within_the_connect_timeout(hung_port):
    app = app_on(f"postgresql+psycopg://postgres@127.0.0.1:{hung_port}/insight")
    try:
        assert_unavailable(app.test_client(), SAMPLE)
    finally:
        app.extensions["db_engine"].dispose()


def test_with_the_sqlite_file_unopenable_every_api_route_is_a_503_problem(tmp_path):
    app = app_on(f"sqlite:///{tmp_path / 'missing-directory' / 'insight.sqlite'}")
    try:
        assert_unavailable(app.test_client(), api_routes(app))
    finally:
        app.extensions["db_engine"].dispose()


def test_with_sqlite_locked_by_another_process_a_write_is_a_503_after_the_busy_timeout(tmp_path):
    from sqlalchemy import create_engine

    from insight_service import migrations

    path = tmp_path / "locked.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    app = app_on(f"sqlite:///{path}")
    holder = sqlite3.connect(path)
    try:
        from insight_service import db
        from insight_service.services.access.keys import create_key

        with app.app_context(), db.fresh_session() as session:
            raw = create_key(session, "probe", "crm")[1]
        holder.execute("BEGIN EXCLUSIVE")  # like a process stuck in a long write
        client = app.test_client()
        response = client.post("/api/v1/feedback", json={"records": [make_feedback()]},
                               headers={"Authorization": f"Bearer {raw}"})
        assert_problem(response, 503)
        assert response.headers["Retry-After"] and client.get("/healthz").status_code == 200
    finally:
        holder.rollback()
        holder.close()
        app.extensions["db_engine"].dispose()
