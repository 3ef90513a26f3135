"""Two syncs of one connector started at once, in two CLI processes and on two gunicorn workers.

The scripted source holds the first answer of a round until the test lets it go, so the runner that fetches
holds the connector's job while the other one tries: the other must give up (the CLI exits 1, the API
answers 409). Afterwards the source's records are stored once each and no two runs ever overlapped.
"""
from __future__ import annotations

import itertools
import threading
import time

import pytest
from sqlalchemy import select

from insight_service.models import SyncRun
from tests.reliability.multiprocess.live_server import TIMEOUT, Client, cli, consumers
from tests.reliability.test_concurrency import together
from tests.reliability.test_connector_faults import EXPECTED, Source, running, stored


CONNECTORS = """
[connectors.faulty]
kind = "zendesk"
base_url = "{url}"
batch_size = 1
max_retries = 0
timeout = {timeout}
[connectors.faulty.secrets]
email = "env:FAULT_EMAIL"
api_token = "env:FAULT_TOKEN"
"""


@pytest.fixture
def gated_source(server_env):
    """The scripted Zendesk-format source, configured as connector `faulty` for the server and CLI processes."""
    with running(Source()) as source:
        with open(server_env["CONNECTORS_FILE"], "w") as handle:
            handle.write(CONNECTORS.format(url=source.url, timeout=TIMEOUT * 2))
        yield source


def hold_next_request(source: Source) -> threading.Event:
    """Make the source hold its next answer until the returned gate is set: whoever fetches holds the connector."""
    gate = threading.Event()
    source.faults = {len(source.requests) + 1: ("wait", gate)}
    return gate


def first_to_exit(procs, seconds: float = TIMEOUT * 2):
    """The first of the processes to exit (bounded wait), or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                return proc
        time.sleep(0.05)
    return None


def runs_of(session) -> list[SyncRun]:
    """Every run of the connector `faulty`, oldest first."""
    session.rollback()
    return list(session.scalars(select(SyncRun).where(SyncRun.connector == "faulty").order_by(SyncRun.id)))


def assert_never_overlapped(runs: list[SyncRun]) -> None:
    """Each run ended before the next one started: one run at a time."""
    spans = sorted((r.started_at, r.finished_at) for r in runs)
    assert all(end <= start for (_s, end), (start, _e) in itertools.pairwise(spans)), spans


def test_two_cli_processes_syncing_one_connector_take_turns(server_env, gated_source, session):
    before = {r.id for r in runs_of(session)}
    gate = hold_next_request(gated_source)
    procs = [cli(server_env, "sync", "faulty") for _ in range(2)]
    try:
        refused = first_to_exit(procs)  # the winner is held on its first page, so the other must give up
        gate.set()
        outputs = [proc.communicate(timeout=TIMEOUT * 2) for proc in procs]
    finally:
        gate.set()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert refused is not None, outputs
    assert refused.returncode == 1 and "already running" in outputs[procs.index(refused)][1], outputs
    winner = procs[1 - procs.index(refused)]
    assert winner.returncode == 0 and "ok" in outputs[procs.index(winner)][0], outputs
    assert stored(session) == EXPECTED
    runs = runs_of(session)
    assert [r.status for r in runs if r.id not in before] == ["ok"], [(r.status, r.error) for r in runs]
    assert_never_overlapped(runs)


def test_two_sync_starts_on_two_workers_take_turns(server, server_env, gated_source, session, auth):
    admin = [Client(server, auth("admin")) for _ in range(2)]
    before = {r.id for r in runs_of(session)}
    gate = hold_next_request(gated_source)
    with consumers(server_env, 1):
        try:
            answers = together(*[lambda c=c: c.call("POST", "/api/v1/connectors/faulty/sync", retry_conflicts=False)
                                 for c in admin])
        finally:
            gate.set()
        assert sorted(a.status_code for a in answers) == [202, 409], [a.text for a in answers]
        run_id = next(a.json()["run_id"] for a in answers if a.status_code == 202)
        for _poll in range(int(TIMEOUT / 0.1)):
            runs = admin[0].call("GET", "/api/v1/connectors/faulty/runs?limit=5").json()["items"]
            if all(r["status"] not in ("queued", "running") for r in runs):
                break
            time.sleep(0.1)
    assert [(r["id"], r["status"]) for r in runs if r["id"] not in before] == [(run_id, "ok")], runs
    assert stored(session) == EXPECTED
    assert_never_overlapped(runs_of(session))
