"""Starting the CRM write-back after a committed privacy change (withdrawal, opt-out, erasure).

The change marks the connectors that hold fields we wrote for the person (`writeback_state.wake`); once it
commits, each one's write-back job is queued, so the CRM loses those values now rather than at the next
scheduled run. A write-back already queued does the clearing; one already running may have passed the person, and
then the next scheduled run clears them (the run always recomputes under current consent).
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from .services.outbound.writeback_state import WAKE_KEY, queue_run

log = logging.getLogger(__name__)


def start(app: Flask, names) -> list[str]:
    """Queue the write-back of each named connector that has it enabled; the names queued."""
    from .connector_config import ConnectorConfigError, configured
    from .jobs import JobActive, submit

    try:
        connectors = configured(app.config, check_env=False)
    except ConnectorConfigError as exc:
        log.warning("write-back after a privacy change not queued: %s", type(exc).__name__)
        return []
    queued = []
    for name in sorted(names):
        config = connectors.get(name)
        if config is None or config.writeback is None or not config.writeback.enabled:
            continue
        try:
            submit(app, "writeback", {"connector": name},
                   prepare=lambda session, _params, name=name: {"run_id": queue_run(session, name).id})
        except JobActive:
            continue  # a queued run clears them; a running one leaves them to the next run
        except Exception as exc:  # noqa: BLE001 - the change committed; the schedule clears later
            log.warning("write-back of %s after a privacy change not queued: %s", name, type(exc).__name__)
            continue
        queued.append(name)
    return queued


def install(maker: sessionmaker) -> None:
    """Queue the marked write-backs after each commit (sessions of this factory); a rollback forgets them."""

    @event.listens_for(maker, "after_commit")
    def _after_commit(session: Session) -> None:
        names = session.info.pop(WAKE_KEY, None)
        if names and has_app_context():
            start(current_app._get_current_object(), names)

    @event.listens_for(maker, "after_soft_rollback")
    def _after_rollback(session: Session, _previous) -> None:
        session.info.pop(WAKE_KEY, None)


def init_app(app: Flask) -> None:
    """Hook the app's session factory."""
    install(app.extensions["db_sessionmaker"])
