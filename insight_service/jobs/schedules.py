"""The periodic tick every consumer's scheduler enqueues: hand dead workers' jobs over, and submit due jobs.

Several consumers tick; each due job is still submitted once per period: the unique key of the jobs table
admits one queued-or-running job, and the due check is repeated inside the transaction that inserts it, after
the insert took the key, so it sees a job that another consumer submitted (and maybe finished) meanwhile.
"""
from __future__ import annotations

import logging
from datetime import datetime

from flask import Flask

from .. import db
from ..connector_config import ConnectorConfigError, configured
from ..models import SyncState, utcnow
from ..services.ingest.sync import safe_error
from ..services.jobs import records as jobs_service
from ..services.jobs.schedule import Schedule
from .registry import kind_of

log = logging.getLogger(__name__)
PURGE_SCHEDULE = Schedule.parse("every 24h")


def _last(session, kind: str, connector: str | None, exclude: int | None = None) -> datetime | None:
    """The later of the last submitted job and (for a connector) the last run, however it was started."""
    times = [jobs_service.last_enqueued(session, kind, connector, exclude)]
    if connector is not None and kind == "sync":
        state = session.get(SyncState, connector, populate_existing=True)
        times.append(state.last_run_at if state else None)
    known = [t for t in times if t is not None]
    return max(known) if known else None


def submit_if_due(app: Flask, kind: str, params: dict, schedule: Schedule, now: datetime | None = None):
    """Submit a job when its schedule is due and no job of its key is waiting; the job, or None."""
    from .runner import send

    spec, connector = kind_of(kind), params.get("connector")
    now = now or utcnow()
    with db.fresh_session() as session:
        if not schedule.is_due(_last(session, kind, connector), now):
            return None
    with db.fresh_session() as session:
        job = jobs_service.add_job(session, kind, params, connector=connector,
                                   active_key=spec.unique(params) if spec.unique else None,
                                   max_attempts=spec.max_attempts)
        if job is None:
            return None
        if not schedule.is_due(_last(session, kind, connector, exclude=job.id), now):
            session.rollback()  # another consumer submitted it after our first look
            return None
    send(app, job)
    return job


def reap(app: Flask) -> list[int]:
    """Hand over the jobs whose worker died: queued again (their lock freed) or failed; their ids."""
    from .engine import huey, tasks

    handed = []
    with db.fresh_session() as session:
        dead = jobs_service.stale(session, float(app.config["JOBS_STALE_SECONDS"]))
        outcomes = [(job, jobs_service.hand_over(session, job)) for job in dead]
    for job, status in outcomes:
        if status is None:
            continue
        spec = kind_of(job.kind)
        if spec.lock:
            huey(app).lock_task(spec.lock(job.params)).clear()  # the dead attempt cannot release it
        log.warning("job %s (%s): worker %s lost; %s", job.id, job.kind, job.worker, status)
        if status == "queued":
            tasks(app)[job.kind](job.id, retries=max(0, job.max_attempts - job.attempts - 1))
        handed.append(job.id)
    return handed


def resend(app: Flask) -> list[int]:
    """Send again the waiting jobs whose engine message was lost (a retrying one only after its back-off)."""
    from .runner import send

    wait, now, sent = float(app.config["JOBS_RESEND_SECONDS"]), utcnow(), []
    with db.fresh_session() as session:
        for job in jobs_service.unsent(session, wait, now):
            spec = kind_of(job.kind)
            if job.status == "retrying":
                backoff = spec.retry_delay * (spec.retry_backoff or 1) ** max(0, job.attempts - 1)
                if (now - job.finished_at).total_seconds() < backoff + wait:
                    continue
            if jobs_service.mark_sent(session, job, now):
                sent.append(job)
    for job in sent:
        log.warning("job %s (%s): %s too long without a worker; sent again", job.id, job.kind, job.status)
        send(app, job)
    return [job.id for job in sent]


def tick(app: Flask) -> dict:
    """One tick: reap dead workers' jobs, re-send lost ones, submit due connector syncs and the daily purge."""
    done: dict = {"reaped": reap(app), "resent": resend(app), "submitted": []}
    try:
        configs = configured(app.config, check_env=False)  # a missing secret fails that connector's job
    except ConnectorConfigError as exc:
        log.error("connectors file: %s", exc)
        configs = {}
    for name, config in configs.items():
        if config.schedule.interval is None and config.schedule.at is None:
            continue  # manual
        try:
            if submit_if_due(app, "sync", {"connector": name}, config.schedule):
                done["submitted"].append(f"sync:{name}")
        except Exception as exc:  # noqa: BLE001 - one connector's trouble must not stop the others
            log.error("scheduling sync %s failed: %s", name, safe_error(exc))
    for name, config in configs.items():
        schedule = config.writeback.schedule if config.writeback and config.writeback.enabled else None
        if schedule is None or (schedule.interval is None and schedule.at is None):
            continue
        try:
            if submit_if_due(app, "writeback", {"connector": name}, schedule):
                done["submitted"].append(f"writeback:{name}")
        except Exception as exc:  # noqa: BLE001
            log.error("scheduling writeback %s failed: %s", name, safe_error(exc))
    if submit_if_due(app, "purge", {}, PURGE_SCHEDULE):
        done["submitted"].append("purge")
    done["submitted"] += submit_webhook_jobs(app)
    return done


def submit_webhook_jobs(app: Flask) -> list[str]:
    """Delivery jobs of endpoints with deliveries due (retries, and events whose kick found a job running), and
    the look for emerging issues."""
    from ..webhooks.dispatch import due_pairs, submit_delivery
    from ..webhooks.events import AGGREGATE_EVENTS, subscribed

    submitted = []
    try:
        with db.fresh_session() as session:
            pairs, wanted = due_pairs(session), subscribed(session, *AGGREGATE_EVENTS)
        submitted += [f"deliver:{e}:{s}" for e, s in sorted(pairs) if submit_delivery(app, e, s)]
        schedule = Schedule.parse(app.config.get("WEBHOOK_EMERGING_SCHEDULE") or "every 1h")
        if wanted and submit_if_due(app, "emerging", {}, schedule):  # nobody subscribes: no look
            submitted.append("emerging")
    except Exception as exc:  # noqa: BLE001 - the next tick tries again
        log.error("scheduling webhook deliveries failed: %s", safe_error(exc))
    return submitted
