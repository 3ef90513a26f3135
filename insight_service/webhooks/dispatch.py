"""Starting delivery jobs: after a transaction that wrote events commits, and from the periodic tick.

Events are committed with the change; the jobs that send them are submitted after the commit (a job queued
before it could run before the rows are visible). When that fails, or the key is taken by a job already
running, the tick finds the due deliveries and submits their job.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from ..models import WebhookDelivery, WebhookEndpoint, utcnow
from .events import ENDPOINTS_KEY, KICK_KEY

log = logging.getLogger(__name__)


def submit_delivery(app: Flask, endpoint_id: int, shard: int) -> bool:
    """Queue the delivery job of an endpoint's shard; False when one is queued or running already."""
    from ..jobs import JobActive, submit

    try:
        submit(app, "deliver", {"endpoint": endpoint_id, "shard": shard})
    except JobActive:
        return False
    return True


def kick(app: Flask, pairs) -> None:
    """Submit the delivery jobs of these (endpoint, shard) pairs; trouble is logged (the tick submits later)."""
    for endpoint_id, shard in sorted(pairs):
        try:
            submit_delivery(app, endpoint_id, shard)
        except Exception as exc:  # noqa: BLE001 - the change committed; the tick sends its deliveries
            log.warning("could not queue webhook deliveries of endpoint %s: %s", endpoint_id, type(exc).__name__)


def due_pairs(session: Session) -> set[tuple[int, int]]:
    """(endpoint, shard) of enabled endpoints with a delivery due now."""
    return set(session.execute(select(WebhookDelivery.endpoint_id, WebhookDelivery.shard).join(
        WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id).where(
        WebhookEndpoint.enabled.is_(True), WebhookDelivery.status.in_(("pending", "retrying")),
        WebhookDelivery.next_attempt_at <= utcnow())).all())


def install(maker: sessionmaker) -> None:
    """Kick the delivery jobs after each commit that wrote events (sessions of this factory)."""

    @event.listens_for(maker, "after_commit")
    def _after_commit(session: Session) -> None:
        session.info.pop(ENDPOINTS_KEY, None)
        pairs = session.info.pop(KICK_KEY, None)
        if pairs and has_app_context():
            kick(current_app._get_current_object(), pairs)

    @event.listens_for(maker, "after_soft_rollback")
    def _after_rollback(session: Session, _previous) -> None:
        session.info.pop(KICK_KEY, None)  # a rolled-back change sends nothing
        session.info.pop(ENDPOINTS_KEY, None)


def init_app(app: Flask) -> None:
    """Hook the app's session factory."""
    install(app.extensions["db_sessionmaker"])
