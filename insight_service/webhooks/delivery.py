"""Sending an endpoint's due deliveries (one job per endpoint and shard): in order per customer, at least once.

A delivery is sent, then its outcome committed; a worker that dies in between leaves it due, so the next
attempt of the job sends it again with the same `webhook-id` (receivers de-duplicate on it). A customer's
next event waits until the earlier one is delivered or dead.
"""
from __future__ import annotations

import json
from datetime import timedelta

from flask import Flask
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from .. import db
from ..models import OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from . import retry, signing, transport
from .payloads import payload_for, still_allowed

WAITING = ("pending", "retrying")
BATCH = 100


def allow_private(config) -> bool:
    """Whether deliveries may reach private addresses and plain http: the demo and tests only, unless set."""
    value = config.get("WEBHOOKS_ALLOW_PRIVATE")
    return bool(config.get("TESTING") or config.get("INSIGHT_DEMO")) if value is None else bool(value)


def http_session(app: Flask):
    """The process's delivery session (connections kept alive per receiver)."""
    key = f"webhook_http_{allow_private(app.config)}"
    if key not in app.extensions:
        app.extensions[key] = transport.make_session(allow_private(app.config))
    return app.extensions[key]


def due(session: Session, endpoint_id: int, shard: int, now, limit: int = BATCH) -> list[int]:
    """Deliveries to send now, oldest event first, leaving out those behind a customer's earlier waiting one."""
    earlier = aliased(WebhookDelivery)
    blocked = exists().where(earlier.endpoint_id == WebhookDelivery.endpoint_id,
                             earlier.customer_id == WebhookDelivery.customer_id, earlier.status.in_(WAITING),
                             earlier.event_id < WebhookDelivery.event_id)
    return list(session.scalars(select(WebhookDelivery.id).where(
        WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.shard == shard,
        WebhookDelivery.status.in_(WAITING), WebhookDelivery.next_attempt_at <= now, ~blocked)
        .order_by(WebhookDelivery.event_id).limit(limit)))


def body_of(event: OutboxEvent, data: dict) -> bytes:
    """The JSON body the Standard Webhooks spec names: type, timestamp, data."""
    document = {"type": event.type, "timestamp": event.occurred_at.isoformat().replace("+00:00", "Z"), "data": data}
    return json.dumps(document, separators=(",", ":"), default=str).encode()


def _finish(session: Session, delivery: WebhookDelivery, event: OutboxEvent, status: str, reason: str | None,
            now) -> None:
    delivery.status, delivery.last_error, delivery.finished_at = status, reason, now
    if event.type == "customer.erased" and not session.scalar(select(exists().where(
            WebhookDelivery.event_id == event.id, WebhookDelivery.id != delivery.id,
            WebhookDelivery.status.in_(WAITING)))):
        # the CRM ids were carried for the receivers only: once every delivery ended, keep our id alone
        event.data = {"customer": {"id": (event.data.get("customer") or {}).get("id")}}


def _load(session: Session, delivery_id: int):
    """(delivery, event, endpoint) in one query, or None."""
    return session.execute(select(WebhookDelivery, OutboxEvent, WebhookEndpoint)
                           .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
                           .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
                           .where(WebhookDelivery.id == delivery_id)).first()


def prepare(session: Session, delivery_id: int, now, blocked=()):
    """The request of one due delivery (url, body, headers, customer), or None: cancelled when no longer allowed,
    or not to be sent now (sent already, endpoint disabled, its customer held up behind an earlier one)."""
    found = _load(session, delivery_id)
    if found is None:
        return None
    delivery, event, endpoint = found
    if delivery.status not in WAITING or not endpoint.enabled or delivery.customer_id in blocked:
        return None
    reason = still_allowed(session, event.type, event.customer_id, event.data)
    data = payload_for(endpoint.role, event.type, event.data) if reason is None else None
    if data is None:
        _finish(session, delivery, event, "cancelled", reason or "the role may not read this event", now)
        return None
    body = body_of(event, data)
    heads = signing.headers(signing.secrets_in_use(endpoint, now), event.uid, int(now.timestamp()), body)
    return endpoint.url, body, heads, delivery.customer_id


def record(session: Session, delivery_id: int, sent: transport.Sent, config, now) -> retry.Decision:
    """Store an attempt and what it means for the delivery and its endpoint."""
    delivery, event, endpoint = _load(session, delivery_id)
    delivery.attempts += 1
    decision = retry.decide(sent.outcome, delivery.attempts, now,
                            int(config.get("WEBHOOK_MAX_ATTEMPTS") or retry.MAX_ATTEMPTS))
    session.add(WebhookAttempt(delivery_id=delivery.id, attempted_at=now, outcome=decision.status,
                               response_code=sent.outcome.code, latency_ms=sent.latency_ms,
                               error=None if decision.status == "delivered" else (decision.reason or "")[:500]))
    delivery.last_response_code = sent.outcome.code
    if decision.status == "delivered":
        _finish(session, delivery, event, "delivered", None, now)
        if endpoint.consecutive_dead:
            endpoint.consecutive_dead = 0
    elif decision.status == "retry":
        delivery.status, delivery.last_error = "retrying", decision.reason[:500]
        delivery.next_attempt_at = now + timedelta(seconds=decision.delay)
    else:
        _finish(session, delivery, event, "dead", decision.reason[:500], now)
        endpoint.consecutive_dead += 1
        limit = int(config.get("WEBHOOK_DISABLE_AFTER") or 5)
        if endpoint.consecutive_dead >= limit and endpoint.enabled:
            endpoint.enabled = False
            endpoint.disabled_reason = (f"disabled after {endpoint.consecutive_dead} consecutive dead deliveries; "
                                        f"the last: {decision.reason}")[:500]
    return decision


def deliver_shard(app: Flask, endpoint_id: int, shard: int, owns) -> dict:
    """Send what is due for one endpoint and shard until nothing is; counts of what happened."""
    counts = {"delivered": 0, "retry": 0, "dead": 0, "skipped": 0}  # skipped: cancelled, or held up
    timeout = float(app.config.get("WEBHOOK_TIMEOUT_SECONDS") or 10)
    while True:
        with db.fresh_session() as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            batch = due(session, endpoint_id, shard, utcnow()) if endpoint is not None and endpoint.enabled else []
        if not batch:
            return counts
        blocked: set[int] = set()
        with db.fresh_session() as session:
            if not owns(session):
                return counts  # handed to another worker: it sends from here on
        for delivery_id in batch:
            with db.fresh_session() as session:
                request = prepare(session, delivery_id, utcnow(), blocked)
            if request is None:
                counts["skipped"] += 1
                continue
            url, body, heads, customer = request
            sent = transport.post(http_session(app), url, body, heads, timeout, allow_private(app.config))
            with db.fresh_session() as session:
                decision = record(session, delivery_id, sent, app.config, utcnow())
                still_ours = owns(session)  # in the outcome's transaction: one write, not two
            counts[decision.status] += 1
            if not still_ours:
                return counts
            if decision.status == "retry" and customer is not None:
                blocked.add(customer)  # their later events wait for this one
            if decision.status == "dead":
                with db.fresh_session() as session:
                    if not session.get(WebhookEndpoint, endpoint_id).enabled:
                        return counts
