"""The jobs table: submit, claim, beat, finish, requeue and list jobs; functions over a Session that never commit."""
from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import Job, utcnow

ACTIVE = ("queued", "running", "retrying")
LOST = "worker lost: its heartbeat stopped; the job was handed to another worker"


class JobNotRetryable(Exception):
    """Only a failed job can be retried, and only while no other job holds its key."""


def worker_name() -> str:
    """This process as operators see it: host and pid."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


def add_job(session: Session, kind: str, params: dict, *, connector: str | None, active_key: str | None,
            max_attempts: int, running: bool = False) -> Job | None:
    """Insert a job (queued, or running for an attempt made in this process); None when its key is taken."""
    now = utcnow()
    job = Job(kind=kind, params=params, connector=connector, active_key=active_key, max_attempts=max_attempts,
              status="queued", attempts=0, enqueued_at=now)
    if running:
        job.status, job.attempts, job.token, job.worker = "running", 1, uuid.uuid4().hex, worker_name()
        job.started_at = job.heartbeat_at = now
    try:
        with session.begin_nested():  # a taken key undoes only this insert
            session.add(job)
            session.flush()
    except IntegrityError:
        return None
    return job


def claim(session: Session, job_id: int) -> Job | None:
    """Start an attempt of a waiting job (one atomic UPDATE, so one consumer wins); None if not waiting."""
    now, token = utcnow(), uuid.uuid4().hex
    result = session.execute(
        update(Job).where(Job.id == job_id, Job.status.in_(("queued", "retrying")))
        .values(status="running", attempts=Job.attempts + 1, token=token, worker=worker_name(), started_at=now,
                heartbeat_at=now, finished_at=None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    return session.get(Job, job_id, populate_existing=True)


def beat(session: Session, job_id: int, token: str) -> bool:
    """Mark the attempt alive; False when it no longer owns the job (it was handed to another worker)."""
    result = session.execute(update(Job).where(Job.id == job_id, Job.token == token, Job.status == "running")
                             .values(heartbeat_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount == 1


def end(session: Session, job_id: int, token: str, status: str, *, result: dict | None = None,
        error: str | None = None) -> None:
    """Record how an attempt ended: finished, failed, or retrying (the key stays taken while it retries)."""
    values = {"status": status, "finished_at": utcnow(), "last_error": error, "token": None}
    if result is not None:
        values["result"] = result
    if status != "retrying":
        values["active_key"] = None
    session.execute(update(Job).where(Job.id == job_id, Job.token == token).values(**values)
                    .execution_options(synchronize_session=False))


def stale(session: Session, seconds: float, now: datetime | None = None) -> list[Job]:
    """Running jobs whose heartbeat stopped more than `seconds` ago (their worker died)."""
    cutoff = (now or utcnow()) - timedelta(seconds=seconds)
    return list(session.scalars(select(Job).where(Job.status == "running", Job.heartbeat_at < cutoff)))


def unsent(session: Session, seconds: float, now: datetime | None = None) -> list[Job]:
    """Queued jobs not sent to the engine for `seconds`, and retrying jobs that finished an attempt that long ago.

    The engine keeps no receipt: a message is gone if a consumer dies between taking it and claiming the job, or
    when a Redis without persistence restarts. The caller re-sends what waited too long (claims are atomic, so
    a message that was only slow runs nothing twice); `heartbeat_at` of a waiting job says when it was last sent.
    """
    cutoff = (now or utcnow()) - timedelta(seconds=seconds)
    sent = func.coalesce(Job.heartbeat_at, Job.enqueued_at)
    return list(session.scalars(select(Job).where(
        ((Job.status == "queued") & (sent < cutoff)) | ((Job.status == "retrying") & (Job.finished_at < cutoff)))))


def mark_sent(session: Session, job: Job, now: datetime | None = None) -> bool:
    """Note that a waiting job is sent again now; False when another consumer did so first or it moved on."""
    now = now or utcnow()
    result = session.execute(update(Job).where(Job.id == job.id, Job.status == job.status,
                                                func.coalesce(Job.heartbeat_at, Job.enqueued_at)
                                                == func.coalesce(job.heartbeat_at, job.enqueued_at))
                              .values(heartbeat_at=now).execution_options(synchronize_session=False))
    return result.rowcount == 1


def hand_over(session: Session, job: Job) -> str | None:
    """Take a dead attempt's job back: queued again while attempts remain, else failed; None if another won."""
    status = "queued" if job.attempts < job.max_attempts else "failed"
    values = {"status": status, "token": None, "last_error": LOST, "finished_at": None if status == "queued"
              else utcnow()}
    if status == "failed":
        values["active_key"] = None
    result = session.execute(update(Job).where(Job.id == job.id, Job.token == job.token, Job.status == "running")
                             .values(**values).execution_options(synchronize_session=False))
    return status if result.rowcount == 1 else None


def retry(session: Session, job_id: int, active_key: str | None) -> Job:
    """Queue a failed job again with as many attempts as it first had (JobNotRetryable when it cannot be)."""
    job = session.get(Job, job_id)
    if job.status != "failed":
        raise JobNotRetryable(f"job {job_id} is {job.status}; only a failed job can be retried")
    try:
        with session.begin_nested():
            job.status, job.active_key, job.token = "queued", active_key, None
            job.max_attempts += job.attempts  # as many new attempts as the job had in all
            job.finished_at = None
            session.flush()
    except IntegrityError:
        session.refresh(job)
        raise JobNotRetryable(f"{active_key}: another job is queued or running") from None
    return job


def last_enqueued(session: Session, kind: str, connector: str | None, exclude: int | None = None) -> datetime | None:
    """When the latest job of a kind (and connector) was submitted, leaving out one job if asked."""
    query = select(func.max(Job.enqueued_at)).where(Job.kind == kind, Job.id != (exclude or 0))
    if connector is not None:
        query = query.where(Job.connector == connector)
    return session.scalar(query)


def active_keys(session: Session, keys) -> set[str]:
    """Which of the keys belong to a queued or running job now."""
    return set(session.scalars(select(Job.active_key).where(Job.active_key.in_(list(keys)))))


def list_jobs(session: Session, *, status: str | None = None, kind: str | None = None, limit: int = 50,
              offset: int = 0) -> tuple[list[Job], int]:
    """Jobs newest first, optionally of one status or kind, with the total count."""
    query = select(Job)
    if status:
        query = query.where(Job.status == status)
    if kind:
        query = query.where(Job.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Job.enqueued_at.desc(), Job.id.desc()).limit(limit).offset(offset))
    return list(rows), total
