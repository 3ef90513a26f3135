"""Our wrapper around the engine's tasks: the jobs row, the attempt's heartbeat, the engine lock, the outcome."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager, nullcontext

from flask import Flask
from huey import Huey
from huey.exceptions import TaskLockedException

from .. import db
from ..services.ingest.sync import safe_error
from ..services.jobs import records as jobs_service
from .registry import JobActive, JobContext, JobFailed, JobKind, all_kinds, kind_of

log = logging.getLogger(__name__)


class EngineUnavailable(Exception):
    """The job engine's storage could not take the job (the job is recorded as failed, so it can be retried)."""


def _message(exc: BaseException) -> str:
    if isinstance(exc, (JobFailed, TaskLockedException)):
        return str(exc)[:1000]
    return safe_error(exc)


class Heartbeats:
    """One thread per process beats for every attempt running in it (a thread per job would cost a start each)."""

    def __init__(self) -> None:
        self.running: dict[tuple[int, str], Flask] = {}
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    @contextmanager
    def beating(self, app: Flask, job_id: int, token: str):
        """Keep the attempt's heartbeat going while the block runs, so the reaper knows it is alive."""
        with self.lock:
            self.running[(job_id, token)] = app
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.loop, name="job-heartbeats", daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.lock:
                self.running.pop((job_id, token), None)

    def loop(self) -> None:
        """Beat every running attempt each JOBS_HEARTBEAT_SECONDS of its app."""
        while True:
            with self.lock:
                running = list(self.running.items())
            every = min((float(app.config["JOBS_HEARTBEAT_SECONDS"]) for _key, app in running), default=1.0)
            time.sleep(every)
            for (job_id, token), app in running:
                if (job_id, token) not in self.running:
                    continue  # ended while we slept: its app may be gone (tests dispose engines)
                try:
                    with app.app_context(), db.fresh_session() as session:
                        jobs_service.beat(session, job_id, token)
                except Exception as exc:  # noqa: BLE001 - a missed beat is retried on the next one
                    log.warning("job %s: heartbeat failed: %s", job_id, safe_error(exc))


HEARTBEATS = Heartbeats()


def attempt(app: Flask, engine: Huey, spec: JobKind, job, final: bool) -> dict | None:
    """Run one claimed attempt under its heartbeat and lock; record the outcome; re-raise a failure."""
    job_id, token, params = job.id, job.token, dict(job.params)

    def owns(session) -> bool:
        return jobs_service.beat(session, job_id, token)

    context = JobContext(app, job_id, job.attempts, owns)
    lock = engine.lock_task(spec.lock(params)) if spec.lock else nullcontext()
    try:
        with HEARTBEATS.beating(app, job_id, token), lock:
            result = spec.run(context, **params)
    except Exception as exc:
        status = "failed" if final else "retrying"
        log.warning("job %s (%s) attempt %s %s: %s", job_id, spec.kind, job.attempts, status, _message(exc))
        with db.fresh_session() as session:
            jobs_service.end(session, job_id, token, status, error=_message(exc))
        # the engine logs what a task raised: hand it the safe text only, never a message quoting data
        raise JobFailed(_message(exc)) from None
    with db.fresh_session() as session:
        jobs_service.end(session, job_id, token, "finished", result=result)
    return result


def register_tasks(app: Flask, engine: Huey) -> dict:
    """One engine task per job kind (its retries and back-off), plus the periodic tick."""
    from .schedules import tick

    tasks = {}
    for spec in all_kinds().values():
        def execute(job_id: int, task=None, spec=spec):
            with app.app_context():
                with db.fresh_session() as session:
                    job = jobs_service.claim(session, job_id)
                if job is None:  # ran already, or another consumer has it: a job runs once
                    return None
                return attempt(app, engine, spec, job, final=not task or not task.retries)

        execute.__name__ = f"job_{spec.kind}"
        tasks[spec.kind] = engine.task(retries=spec.retries, retry_delay=spec.retry_delay,
                                       retry_backoff=spec.retry_backoff, priority=spec.priority, context=True,
                                       name=f"insight.{spec.kind}")(execute)

    def run_tick():
        with app.app_context():
            return tick(app)

    tasks["_tick"] = engine.periodic_task(lambda _ts: True, name="insight.tick")(run_tick)
    return tasks


def send(app: Flask, job) -> None:
    """Hand a committed queued job to the engine, with the retries it has left."""
    from .engine import tasks

    spec = kind_of(job.kind)
    tasks(app)[job.kind](job.id, retries=max(0, job.max_attempts - job.attempts - 1),
                         retry_delay=spec.retry_delay)


def submit(app: Flask, kind: str, params: dict | None = None, prepare=None):
    """Queue a job (committed, then handed to the engine); JobActive when its key is taken.

    `prepare(session, params)` may add rows in the same transaction and return extra parameters.
    """
    spec, params = kind_of(kind), dict(params or {})
    with db.fresh_session() as session:
        if prepare is not None:
            params.update(prepare(session, params) or {})
        job = jobs_service.add_job(session, kind, params, connector=spec.connector(params) if spec.connector else None,
                                   active_key=spec.unique(params) if spec.unique else None,
                                   max_attempts=spec.max_attempts)
        if job is None:
            session.rollback()
            raise JobActive(spec.unique(params))
    try:
        send(app, job)
    except Exception as exc:  # noqa: BLE001 - the broker is down: say so, and free the key for a retry
        with db.fresh_session() as session:
            jobs_service.end(session, job.id, None, "failed", error=f"could not queue: {safe_error(exc)}")
        raise EngineUnavailable(f"the job engine could not take job {job.id}; retry it later") from None
    return job


def run_inline(app: Flask, kind: str, params: dict | None = None) -> dict | None:
    """Run a job in this process now (CLI), visible and locked like any other; JobActive when its key is taken."""
    spec, params = kind_of(kind), dict(params or {})
    with db.fresh_session() as session:
        job = jobs_service.add_job(session, kind, params, connector=spec.connector(params) if spec.connector else None,
                                   active_key=spec.unique(params) if spec.unique else None, max_attempts=1,
                                   running=True)
        if job is None:
            session.rollback()
            raise JobActive(spec.unique(params))
    from .engine import huey

    return attempt(app, huey(app), spec, job, final=True)
