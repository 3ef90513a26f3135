"""Connector faults through the real sync engine: afterwards exactly the source's records are stored, once each.

A scripted Zendesk-format source on 127.0.0.1 (stdlib http.server, so it can also reset connections and cut
bodies short) serves SOURCE_TICKETS over several cursor pages; each test injects faults into its answers.
Waits (Retry-After, back-off) go through the connector's injectable sleep, so no test really sleeps on them.
"""
from __future__ import annotations

import json
import socket
import struct
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select, update

from insight_service.models import Feedback, SyncRun, SyncState, utcnow
from insight_service.services.identity.identifiers import hasher_from_config
from insight_service.services.ingest import sync as sync_service

PER_PAGE = 2
SOURCE_TICKETS = [{"id": 5000 + i, "subject": f"Vraag {i}", "description": f"De molen maakt lawaai, ticket {i}",
                   "requester_id": 90 + i % 3, "created_at": f"2026-02-{i + 1:02d}T10:00:00Z"} for i in range(7)]
USERS = [{"id": 90 + j, "email": f"klant{j}@mailbox.nl", "name": f"Klant {j}"} for j in range(3)]
EXPECTED = sorted(str(t["id"]) for t in SOURCE_TICKETS)
PAGES = (len(SOURCE_TICKETS) + PER_PAGE - 1) // PER_PAGE


def page_body(index: int, cursor: str | None = None) -> dict:
    """Page `index` of the source in Zendesk's incremental-export format."""
    tickets = SOURCE_TICKETS[index * PER_PAGE:(index + 1) * PER_PAGE]
    return {"tickets": tickets, "users": USERS, "after_cursor": cursor or f"cursor-{index + 1}",
            "before_cursor": None, "end_of_stream": index + 1 >= PAGES}


class Source(ThreadingHTTPServer):
    """The scripted source: `faults` maps a request number (1-based) to what goes wrong with that answer."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.faults: dict[int, tuple] = {}
        self.requests: list[str] = []
        self.repeat_cursor_on: int | None = None
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        """The base URL of the source."""
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    """Answers one request: a page by cursor, or the scripted fault for this request number."""

    def log_message(self, *args):  # keep the test output clean
        """Silence the per-request log line."""

    def do_GET(self):  # noqa: N802 - the http.server hook name
        """Serve a page, or misbehave as scripted."""
        server: Source = self.server
        with server.lock:
            server.requests.append(self.path)
            number = len(server.requests)
        cursor = parse_qs(urlparse(self.path).query).get("cursor", [None])[0]
        index = int(cursor.split("-")[1]) if cursor else 0
        body = page_body(index)
        if server.repeat_cursor_on is not None and index == server.repeat_cursor_on:
            body = page_body(index, cursor=f"cursor-{index}")  # hands out the cursor it was asked with
        fault = server.faults.get(number)
        kind = fault[0] if fault else "ok"
        data = json.dumps(body).encode()
        if kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()  # RST instead of an answer
            return
        if kind == "sleep":
            time.sleep(fault[1])
        if kind == "wait":  # hold the answer until the test opens the gate (an Event)
            fault[1].wait(120)
        if kind == "status":
            status, headers = fault[1], fault[2] if len(fault) > 2 else {}
            data = json.dumps({"error": "RateLimited" if status == 429 else "Server error"}).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if kind == "truncate":  # promises the whole body, sends half, hangs up
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if kind == "cut_json":  # a complete HTTP answer whose JSON stops halfway
            data = data[:len(data) // 2]
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout): nothing to answer
            pass


@contextmanager
def running(server: Source):
    """Serve a scripted source on a thread for the length of a block, then shut it down."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def source():
    """A scripted source on 127.0.0.1, shut down after the test."""
    with running(Source()) as server:
        yield server


@pytest.fixture
def run_sync(app, session, source, tmp_path, monkeypatch):
    """Run the configured connector once through services/ingest/sync.py; returns (run, sleeps asked for)."""
    from insight_service.connector_config import configured

    monkeypatch.setenv("FAULT_EMAIL", "ops@example.nl")
    monkeypatch.setenv("FAULT_TOKEN", "fault-token-secret-0001")

    def _run(max_retries: int = 3, timeout: float = 2.0):
        path = tmp_path / "connectors.toml"
        path.write_text(f"""
[connectors.faulty]
kind = "zendesk"
base_url = "{source.url}"
batch_size = 1
max_retries = {max_retries}
[connectors.faulty.secrets]
email = "env:FAULT_EMAIL"
api_token = "env:FAULT_TOKEN"
""")
        app.config["CONNECTORS_FILE"] = str(path)
        config = configured(app.config)["faulty"]
        connector, sleeps = config.build(), []
        connector.timeout = timeout  # below the 1 s the file allows, so a timeout costs the test little
        connector.sleep = sleeps.append
        with app.app_context():
            run = sync_service.sync_connector(session, config, hasher=hasher_from_config(app.config),
                                              connector=connector)
        return run, sleeps

    return _run


def stored(session) -> list[str]:
    """External ids of stored zendesk feedback, sorted (duplicates would show twice)."""
    session.rollback()
    return sorted(session.scalars(select(Feedback.external_id).where(Feedback.source == "zendesk")))


def assert_exactly_the_source(session) -> None:
    """Every source record is stored, once."""
    assert stored(session) == EXPECTED


def test_a_clean_run_stores_the_source_once_and_a_second_run_adds_nothing(source, run_sync, session):
    run, sleeps = run_sync()
    assert run.status == "ok" and sleeps == [] and len(source.requests) == PAGES
    assert_exactly_the_source(session)
    run, _ = run_sync()
    assert run.status == "ok"
    assert_exactly_the_source(session)


@pytest.mark.parametrize("headers, wait", [({"Retry-After": "7"}, 7.0), ({}, 60.0)])
def test_429_waits_as_told_or_the_connector_fallback_then_goes_on(source, run_sync, session, headers, wait):
    source.faults = {2: ("status", 429, headers), 3: ("status", 429, headers)}
    run, sleeps = run_sync()
    assert run.status == "ok", run.error
    assert sleeps == [wait, wait]
    assert_exactly_the_source(session)


def test_a_burst_of_5xx_is_retried_with_backoff(source, run_sync, session):
    source.faults = {2: ("status", 503), 3: ("status", 502), 4: ("status", 500)}
    run, sleeps = run_sync(max_retries=3)
    assert run.status == "ok", run.error
    assert len(sleeps) >= 2 and all(0 < s <= 10 for s in sleeps)
    assert_exactly_the_source(session)


def test_5xx_beyond_the_retries_fails_the_run_keeps_what_was_stored_and_resumes(source, run_sync, session):
    source.faults = {n: ("status", 503) for n in range(3, 3 + 4)}  # page 3 fails 4 times: 1 + 3 retries
    run, _ = run_sync(max_retries=3)
    assert run.status == "failed" and "HTTP 503" in run.error and "after 3 retries" in run.error
    assert stored(session) == EXPECTED[:2 * PER_PAGE]
    run, _ = run_sync(max_retries=3)
    assert run.status == "ok"
    assert_exactly_the_source(session)


def test_a_timeout_is_retried_and_persistent_timeouts_fail_then_resume(source, run_sync, session):
    source.faults = {2: ("sleep", 1.0)}
    run, _ = run_sync(max_retries=2, timeout=0.3)
    assert run.status == "ok", run.error
    assert_exactly_the_source(session)

    session.execute(update(SyncState).values(state=None))  # from the start again: everything is unchanged
    session.commit()
    source.requests.clear()
    source.faults = {n: ("sleep", 1.0) for n in range(2, 5)}
    run, _ = run_sync(max_retries=2, timeout=0.3)
    assert run.status == "failed" and "timed out" in run.error
    run, _ = run_sync(max_retries=2, timeout=0.3)
    assert run.status == "ok"
    assert_exactly_the_source(session)


def test_connection_resets_are_retried_or_fail_and_resume(source, run_sync, session):
    source.faults = {2: ("reset",), 3: ("reset",)}
    run, _ = run_sync(max_retries=3)
    assert run.status == "ok", run.error
    assert_exactly_the_source(session)

    source.requests.clear()
    session.execute(update(SyncState).values(state=None))
    session.commit()
    source.faults = {n: ("reset",) for n in range(1, 10)}
    run, _ = run_sync(max_retries=1)
    assert run.status == "failed" and "connection failed" in run.error
    source.faults = {}
    run, _ = run_sync(max_retries=1)
    assert run.status == "ok"
    assert_exactly_the_source(session)


@pytest.mark.parametrize("fault", ["truncate", "cut_json"])
def test_a_truncated_body_fails_the_run_without_storing_a_stump_and_resumes(source, run_sync, session, fault):
    source.faults = {3: (fault,)}
    run, _ = run_sync(max_retries=0)
    assert run.status == "failed", run.error
    assert ("invalid or truncated JSON" in run.error) if fault == "cut_json" else ("request failed" in run.error
                                                                                  or "connection" in run.error)
    assert stored(session) == EXPECTED[:2 * PER_PAGE]
    source.faults = {}
    run, _ = run_sync(max_retries=0)
    assert run.status == "ok"
    assert_exactly_the_source(session)


def test_a_repeated_cursor_stops_the_run_instead_of_looping(source, run_sync, session):
    source.repeat_cursor_on = 1  # page 2 hands out the cursor that fetched it
    run, _ = run_sync()
    assert run.status == "failed" and "repeated a page cursor" in run.error
    assert len(source.requests) <= PAGES + 1
    # the page that repeated the cursor is not trusted: the run keeps the pages before it
    assert stored(session) == EXPECTED[:PER_PAGE]
    source.repeat_cursor_on = None
    run, _ = run_sync()
    assert run.status == "ok"
    assert_exactly_the_source(session)


class Crash(BaseException):
    """A runner dying between batches (not an Exception: nothing in the sync loop may catch it)."""


def test_a_crash_between_batches_leaves_a_job_the_reaper_hands_over_and_a_resume_stores_each_record_once(
        app, source, session, monkeypatch, tmp_path):
    from insight_service.jobs import JobActive, run_inline
    from insight_service.jobs.schedules import reap
    from insight_service.models import Job

    real, commits = sync_service._Runner.flush, []

    def flush_then_crash(self, batch, state):
        real(self, batch, state)
        commits.append(1)
        if len(commits) == 3:
            raise Crash()

    monkeypatch.setenv("FAULT_EMAIL", "ops@example.nl")
    monkeypatch.setenv("FAULT_TOKEN", "fault-token-secret-0001")
    (tmp_path / "connectors.toml").write_text(f"""
[connectors.faulty]
kind = "zendesk"
base_url = "{source.url}"
batch_size = 1
max_retries = 0
[connectors.faulty.secrets]
email = "env:FAULT_EMAIL"
api_token = "env:FAULT_TOKEN"
""")
    app.config["CONNECTORS_FILE"] = str(tmp_path / "connectors.toml")
    monkeypatch.setattr(sync_service._Runner, "flush", flush_then_crash)
    with app.app_context(), pytest.raises(Crash):
        run_inline(app, "sync", {"connector": "faulty"})
    monkeypatch.setattr(sync_service._Runner, "flush", real)

    with app.app_context():
        with pytest.raises(JobActive):
            run_inline(app, "sync", {"connector": "faulty"})  # the crashed worker's job still holds the connector
        session.execute(update(Job).where(Job.status == "running")
                        .values(heartbeat_at=utcnow() - timedelta(hours=1)))  # ... until its heartbeat is stale
        session.commit()
        [lost] = reap(app)
        # the state is kept at the last whole page: page 2 is fetched again, its stored record is unchanged
        assert run_inline(app, "sync", {"connector": "faulty"})["records"] == len(SOURCE_TICKETS) - PER_PAGE
    assert_exactly_the_source(session)
    statuses = [r.status for r in session.scalars(select(SyncRun).order_by(SyncRun.id))]
    assert statuses == ["failed", "ok"]
    assert session.get(Job, lost).status == "failed" and "worker lost" in session.get(Job, lost).last_error
