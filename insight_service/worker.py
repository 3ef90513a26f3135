"""The worker: runs due connectors on their schedules and the daily retention purge until told to stop."""
from __future__ import annotations

import calendar
import logging
import signal
import threading
from datetime import datetime

from flask import Flask

from . import db
from .connector_config import ConnectorConfigError, configured
from .models import SyncRun, SyncState, utcnow
from .services import leases
from .services.identifiers import hasher_from_config
from .services.privacy import purge_expired_texts
from .services.schedule import Schedule
from .wiping import mark_full
from .services.sync import AlreadyRunning, begin_run, connector_states, safe_error, sync_connector

log = logging.getLogger(__name__)
# The purge keeps its last run in sync_state under a name no configured connector can have (names start with
# a letter or digit), so it runs once a day across all workers and takes the same lease.
RETENTION = "_retention"
PURGE_SCHEDULE = Schedule.parse("every 24h")
POLL_SECONDS = 30


def retention_cutoff(now: datetime, months: int) -> datetime:
    """The moment `months` calendar months before now (the day clamped to the target month's length)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def purge(session, months: int, now: datetime | None = None) -> int:
    """De-identify third-party texts older than the retention period and, once the session commits, rewrite the
    tables privacy changes touched (no bytes of what was removed since the last purge stay in the files)."""
    mark_full(session)
    return purge_expired_texts(session, retention_cutoff(now or utcnow(), months))


def purge_if_due(app: Flask, now: datetime | None = None) -> int | None:
    """Run the retention purge when a day has passed since the last one; None when not due or running."""
    now = now or utcnow()
    with db.fresh_session() as session:
        state = session.get(SyncState, RETENTION)
        if not PURGE_SCHEDULE.is_due(state.last_run_at if state else None, now):
            return None
        owner = leases.new_owner()
        try:
            run = begin_run(session, RETENTION, owner)
        except AlreadyRunning:
            return None
        session.commit()
        count = purge(session, app.config["RETENTION_MONTHS"], now)
        run = session.get(SyncRun, run.id)
        run.status, run.finished_at, run.counts = "ok", utcnow(), {"deidentified": count}
        state = session.get(SyncState, RETENTION)
        state.last_run_at, state.last_status, state.counts = run.started_at, "ok", run.counts
        leases.release(session, RETENTION, owner)
    log.info("retention purge: %d items de-identified", count)
    return count


def tick(app: Flask, stop: threading.Event, now: datetime | None = None) -> dict:
    """Run every due connector once, then the purge if due; returns {name: status} of what ran."""
    now = now or utcnow()
    ran: dict[str, str] = {}
    try:
        configs = configured(app.config, check_env=False)  # a missing secret fails that connector's run
    except ConnectorConfigError as exc:
        log.error("connectors file: %s", exc)
        configs = {}
        ran["_config"] = "failed"
    hasher = hasher_from_config(app.config)
    with db.fresh_session() as session:
        states = connector_states(session, configs)
    for name, config in configs.items():
        if stop.is_set():
            break
        state = states.get(name)
        if not config.schedule.is_due(state.last_run_at if state else None, now):
            continue
        try:
            with db.fresh_session() as session:
                run = sync_connector(session, config, hasher=hasher, should_stop=stop.is_set)
            ran[name] = run.status
        except AlreadyRunning as exc:
            log.info("%s; skipped", exc)
            ran[name] = "skipped"
        except Exception as exc:  # noqa: BLE001 - a database hiccup must not end the worker
            log.error("sync %s could not start: %s", name, safe_error(exc))
            ran[name] = "failed"
    if not stop.is_set():
        try:
            purged = purge_if_due(app, now)
        except Exception as exc:  # noqa: BLE001 - retried on the next pass (its lease lapses)
            log.error("retention purge failed: %s", safe_error(exc))
            purged, ran[RETENTION] = None, "failed"
        if purged is not None:
            ran[RETENTION] = f"ok ({purged} de-identified)"
    return ran


def _install_signal_handlers(stop: threading.Event):
    """Make SIGTERM and SIGINT set `stop` (main thread only); returns a function that restores the old ones."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    return lambda: [signal.signal(sig, handler) for sig, handler in previous.items()]


def run_worker(app: Flask, *, once: bool = False, poll: float = POLL_SECONDS,
               stop: threading.Event | None = None, report=None) -> dict:
    """Loop until stopped (or one pass with `once`); a stop lets the running batch finish first."""
    stop = stop or threading.Event()
    restore = _install_signal_handlers(stop)
    ran: dict = {}
    try:
        while not stop.is_set():
            ran = tick(app, stop)
            if report:
                report(ran)
            if once:
                break
            stop.wait(max(1.0, min(poll, POLL_SECONDS * 10)))  # bounded, and wakes at once on a signal
    finally:
        restore()
    return ran
