"""The outbound side: the event outbox, webhook endpoints, their deliveries and every attempt."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class OutboxEvent(Base):
    """One event, written in the transaction of the change that caused it (the transactional outbox)."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_customer", "customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)  # the webhook-id receivers de-duplicate on
    type: Mapped[str] = mapped_column(String(40))
    # no foreign key: erasure deletes a customer's events itself, and aggregate events have none
    customer_id: Mapped[int | None]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict]  # everything the most privileged role may read; each delivery filters it for its role


class WebhookEndpoint(Base):
    """A subscription: where to send which events, for which role, signed with which secret."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(200))
    event_types: Mapped[list]
    role: Mapped[str] = mapped_column(String(16))
    filter: Mapped[dict]  # {"product": sku, "channel": channel}, both optional
    secret: Mapped[str] = mapped_column(String(80))
    previous_secret: Mapped[str | None] = mapped_column(String(80))
    previous_secret_expires_at: Mapped[datetime | None]
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    consecutive_dead: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One event for one endpoint: pending, retrying, delivered, dead or cancelled (no longer allowed)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "endpoint_id", "shard", "status", "event_id"),
                      Index("ix_webhook_deliveries_event", "event_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id", ondelete="CASCADE"))
    customer_id: Mapped[int | None]  # events of one customer go out in order, one at a time
    shard: Mapped[int] = mapped_column(default=0)  # which of the endpoint's delivery jobs sends it
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_response_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    """One HTTP attempt of a delivery: outcome, response code, latency, a safe error text (never the secret)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery", "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))  # delivered, retry, dead, refused
    response_code: Mapped[int | None]
    latency_ms: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(500))


class CustomerSignal(Base):
    """The last risk level and 90-day trend direction sent for a customer, to tell when they change."""

    __tablename__ = "customer_signals"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    risk_level: Mapped[str] = mapped_column(String(8), default="low")
    sentiment_direction: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmergingSeen(Base):
    """An emerging issue already announced (pain point or theme, product, week), so it is announced once."""

    __tablename__ = "emerging_seen"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
