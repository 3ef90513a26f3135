"""Writing events into the outbox, in the caller's transaction, with a delivery per subscribed endpoint.

An event holds what the most privileged role may read; what a subscription receives is filtered for its role
when it is sent (payloads.py), so a consent withdrawn or an erasure in between is respected.
"""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import OutboxEvent, WebhookDelivery, WebhookEndpoint, utcnow

PERSON_EVENTS = ("feedback.complaint", "customer.risk_changed", "customer.sentiment_changed", "consent.changed",
                 "customer.erased")
AGGREGATE_EVENTS = ("pain_point.emerging", "theme.emerging")
EVENT_TYPES = PERSON_EVENTS + AGGREGATE_EVENTS
# R&D never sees a person (DESIGN.md 4.5): its subscriptions carry aggregates only
ROLE_EVENTS = {"admin": EVENT_TYPES, "crm": EVENT_TYPES, "service": EVENT_TYPES, "marketing": EVENT_TYPES,
               "sales": EVENT_TYPES, "rnd": AGGREGATE_EVENTS}
SHARDS = 4  # an endpoint's deliveries run as this many jobs; one customer's events always share one
KICK_KEY, ENDPOINTS_KEY = "webhook_kick", "webhook_endpoints"


def shard_of(customer_id: int | None, event_id: int) -> int:
    """The delivery job of an event: by customer (their events stay in order), else spread by event."""
    return (customer_id if customer_id is not None else event_id) % SHARDS


def _subscribers(session: Session) -> list[tuple[int, list, str, dict]]:
    """Enabled endpoints (id, event types, role, filter), read once per transaction."""
    found = session.info.get(ENDPOINTS_KEY)
    if found is None:
        found = [tuple(r) for r in session.execute(select(
            WebhookEndpoint.id, WebhookEndpoint.event_types, WebhookEndpoint.role, WebhookEndpoint.filter)
            .where(WebhookEndpoint.enabled.is_(True)))]
        session.info[ENDPOINTS_KEY] = found
    return found


def matches(event_type: str, data: dict, types: list, role: str, wanted: dict) -> bool:
    """Whether an endpoint gets an event: its type, allowed for its role, and its filter where the event has the field."""
    if event_type not in types or event_type not in ROLE_EVENTS.get(role, ()):
        return False
    if wanted.get("product") and "sku" in data and data["sku"] != wanted["product"]:
        return False
    return not (wanted.get("channel") and "channel" in data and data["channel"] != wanted["channel"])


def subscribed(session: Session, *types: str) -> bool:
    """Whether any enabled endpoint takes one of these event types (else the work to detect them is skipped)."""
    return any(set(types) & set(t) for _id, t, _r, _f in _subscribers(session))


def emit(session: Session, event_type: str, data: dict, customer_id: int | None = None) -> OutboxEvent | None:
    """Write an event and its deliveries in the caller's transaction; None when no endpoint takes it."""
    targets = [eid for eid, types, role, wanted in _subscribers(session)
               if matches(event_type, data, types, role, wanted or {})]
    if not targets:
        return None  # nobody subscribes: nothing is kept (no personal data waits in the outbox for nobody)
    now = utcnow()
    event = OutboxEvent(uid=f"msg_{uuid.uuid4().hex}", type=event_type, customer_id=customer_id, occurred_at=now,
                        data=data)
    session.add(event)
    session.flush()
    shard = shard_of(customer_id, event.id)
    session.add_all([WebhookDelivery(endpoint_id=eid, event_id=event.id, customer_id=customer_id, shard=shard,
                                     status="pending", attempts=0, next_attempt_at=now, created_at=now)
                     for eid in targets])
    session.flush()  # callers may expunge afterwards (erasure does)
    session.info.setdefault(KICK_KEY, set()).update((eid, shard) for eid in targets)
    return event


def forget_endpoints(session: Session) -> None:
    """Drop the transaction's cached endpoint list (after endpoints change)."""
    session.info.pop(ENDPOINTS_KEY, None)
