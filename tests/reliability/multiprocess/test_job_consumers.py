"""Two job consumer processes on one queue, embedded (SQLite) and networked (Redis on 127.0.0.1:6379).

Each sync job runs once, a killed consumer's job is handed to the other one and finishes without loss or
duplicates, and a schedule fires once per period however many consumers tick. The engine runs with short
periods (FAST_JOBS: a tick a second, a heartbeat stale after 3 s); every wait is bounded.
"""
from __future__ import annotations

import os
import time
import uuid

import pytest
from sqlalchemy import select, update

from insight_service.jobs.engine import make_huey
from insight_service.models import Job, SyncRun, SyncState
from insight_service.models import utcnow
from tests.reliability.multiprocess.live_server import TIMEOUT, consumers, kill
from tests.reliability.multiprocess.test_sync_turns import assert_never_overlapped, hold_next_request
from tests.reliability.test_connector_faults import EXPECTED, PAGES, Source, running, stored

REDIS_URL = "redis://127.0.0.1:6379/0"
CONNECTOR = """
[connectors.{name}]
kind = "zendesk"
base_url = "{url}"
batch_size = 1
max_retries = 0
schedule = "{schedule}"
[connectors.{name}.secrets]
email = "env:FAULT_EMAIL"
api_token = "env:FAULT_TOKEN"
"""


# Both engines on the SQLite database; with PostgreSQL too, each engine once, paired as deployed: the embedded
# engine with SQLite, Redis with PostgreSQL (the cross product would only repeat the same engine code).
ENGINES = ["paired"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite", "redis"]


@pytest.fixture(params=ENGINES)
def engine_env(request, database, server_env, tmp_path):
    """The processes' environment on one engine backend, with a queue name of this test's own."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    engine = request.param if request.param != "paired" else ("sqlite" if database[0] == "sqlite" else "redis")
    url = f"sqlite:///{tmp_path / 'jobs.sqlite'}" if engine == "sqlite" else REDIS_URL
    env = {**server_env, "JOBS_URL": url, "JOBS_NAME": name, "CONNECTORS_FILE": str(tmp_path / "connectors.toml")}
    yield env
    make_huey(url, name).flush()  # leave nothing of this test's queue in Redis


def configure(env: dict, source: Source, names: list[str], schedule: str = "manual") -> list[str]:
    """Write connectors of these names, all reading the scripted source."""
    with open(env["CONNECTORS_FILE"], "w") as handle:
        for name in names:
            handle.write(CONNECTOR.format(name=name, url=source.url, schedule=schedule))
    return names


def submit(app, env: dict, names: list[str]) -> list[int]:
    """Queue a sync job per connector from this process, on the consumers' engine."""
    from insight_service.jobs import submit as submit_job

    app.config.update(JOBS_URL=env["JOBS_URL"], JOBS_NAME=env["JOBS_NAME"], CONNECTORS_FILE=env["CONNECTORS_FILE"])
    with app.app_context():
        return [submit_job(app, "sync", {"connector": name}).id for name in names]


def jobs_of(session, names) -> list[Job]:
    """The sync jobs of these connectors, oldest first (a fresh read)."""
    session.rollback()
    return list(session.scalars(select(Job).where(Job.connector.in_(names)).order_by(Job.id)))


def wait_for(check, seconds: float = TIMEOUT):
    """Poll `check()` until it returns something truthy (bounded); that value, or the last falsy one."""
    deadline, value = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return value


def test_each_job_runs_once_across_two_consumers(app, engine_env, session):
    # Nobody dies here, so a hand-over would be a false one: on a loaded 2-core machine an SQLite heartbeat can
    # wait for the write lock longer than FAST_JOBS' 3 s; the production period is 60 s. The hand-over itself is
    # tested below with the short period.
    engine_env["JOBS_STALE_SECONDS"] = "30"
    with running(Source()) as source:
        names = configure(engine_env, source, [f"once-{uuid.uuid4().hex[:6]}-{i}" for i in range(4)])
        with consumers(engine_env, 2):
            ids = submit(app, engine_env, names)
            done = wait_for(lambda: all(j.status == "finished" for j in jobs_of(session, names)))
        assert done, [(j.id, j.status, j.last_error) for j in jobs_of(session, names)]
        jobs = jobs_of(session, names)
        assert [j.id for j in jobs] == ids and all(j.attempts == 1 for j in jobs)
        assert len(source.requests) == PAGES * len(names)  # every job fetched the source once, no more
    runs = list(session.scalars(select(SyncRun).where(SyncRun.connector.in_(names))))
    assert sorted(r.connector for r in runs) == sorted(names) and {r.status for r in runs} == {"ok"}
    assert stored(session) == EXPECTED


def test_a_killed_consumers_job_is_handed_to_the_other(app, engine_env, session):
    with running(Source()) as source:
        [name] = configure(engine_env, source, [f"killed-{uuid.uuid4().hex[:6]}"])
        gate = hold_next_request(source)  # the first attempt hangs on its first page
        try:
            with consumers(engine_env, 2) as procs:
                [job_id] = submit(app, engine_env, [name])
                fetching = wait_for(lambda: session.rollback() or session.scalar(select(SyncRun.id).where(
                    SyncRun.connector == name, SyncRun.status == "running")))  # its run began: it holds the page
                assert fetching, jobs_of(session, [name])
                holder = next((j.worker for j in jobs_of(session, [name]) if j.status == "running"), None)
                assert holder, jobs_of(session, [name])
                victim = next(p for p in procs if holder.endswith(f":{p.pid}"))
                kill(victim)  # mid-page, holding the connector's lock
                gate.set()
                job = wait_for(lambda: next((j for j in jobs_of(session, [name]) if j.status == "finished"), None))
        finally:
            gate.set()
    assert job and job.id == job_id and job.attempts == 2 and not job.worker.endswith(f":{victim.pid}"), job
    runs = list(session.scalars(select(SyncRun).where(SyncRun.connector == name).order_by(SyncRun.id)))
    assert [r.status for r in runs] == ["failed", "ok"] and runs[0].error.startswith("interrupted")
    assert_never_overlapped(runs)
    assert stored(session) == EXPECTED


def test_a_schedule_fires_once_per_period_across_consumers(app, engine_env, session):
    with running(Source()) as source:
        [name] = configure(engine_env, source, [f"sched-{uuid.uuid4().hex[:6]}"], schedule="every 1m")
        with consumers(engine_env, 2):
            for period in (1, 2):
                finished = wait_for(lambda: sum(j.status == "finished" for j in jobs_of(session, [name])) >= period)
                assert finished, jobs_of(session, [name])
                time.sleep(3)  # three more ticks of each consumer: none may submit it again in this period
                assert len(jobs_of(session, [name])) == period
                if period == 2:
                    break  # moving time after the last period would let a tick submit a third run before shutdown
                # a minute passes (moved, not waited for): the next tick submits the next period's run
                earlier = utcnow().replace(microsecond=0) - __import__("datetime").timedelta(minutes=2)
                session.execute(update(SyncState).where(SyncState.connector == name).values(last_run_at=earlier))
                session.execute(update(Job).where(Job.connector == name).values(enqueued_at=earlier))
                session.commit()
    runs = list(session.scalars(select(SyncRun).where(SyncRun.connector == name)))
    assert [r.status for r in runs] == ["ok", "ok"]
    assert stored(session) == EXPECTED
