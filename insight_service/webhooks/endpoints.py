"""Managing webhook endpoints and their deliveries: functions over a Session that never commit."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from . import signing, transport
from .events import ROLE_EVENTS, forget_endpoints

ROTATION_GRACE = timedelta(hours=24)


class EndpointInvalid(ValueError):
    """A field of an endpoint is not acceptable; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class DeliveryNotRetryable(Exception):
    """A delivery cancelled because it is no longer allowed cannot be sent again."""


def check_url(url: str, allow_private: bool) -> str:
    """An absolute https URL (http too in the demo and tests) whose host is public unless allowed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise EndpointInvalid("url", "must be an absolute URL") from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise EndpointInvalid("url", "must use https" if not allow_private else "must use http or https")
    if not parts.hostname:
        raise EndpointInvalid("url", "must name a host")
    if parts.username or parts.password:
        raise EndpointInvalid("url", "must not carry credentials (the signature authenticates us)")
    if not allow_private:
        try:
            transport.check_host(parts.hostname, port or 443)
        except transport.AddressRefused as exc:
            raise EndpointInvalid("url", str(exc)) from None
    return url


def check_types(event_types: list[str], role: str) -> list[str]:
    """The event types the role may receive (others are left out: R&D never gets an event about a person)."""
    return sorted(set(event_types) & set(ROLE_EVENTS.get(role, ())))


def create_endpoint(session: Session, data: dict, allow_private: bool) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret (returned once, never shown again)."""
    now, secret = utcnow(), signing.new_secret()
    endpoint = WebhookEndpoint(url=check_url(data["url"], allow_private), description=data.get("description"),
                               role=data["role"], event_types=check_types(data["event_types"], data["role"]),
                               filter={k: v for k, v in (data.get("filter") or {}).items() if v is not None},
                               secret=secret, enabled=data.get("enabled", True), consecutive_dead=0,
                               created_at=now, updated_at=now)
    session.add(endpoint)
    session.flush()
    forget_endpoints(session)
    return endpoint, secret


def update_endpoint(session: Session, endpoint: WebhookEndpoint, data: dict, allow_private: bool) -> bool:
    """Change fields of an endpoint; True when it was (re-)enabled, so its waiting deliveries go out."""
    if "url" in data:
        endpoint.url = check_url(data["url"], allow_private)
    role = data.get("role", endpoint.role)
    if "event_types" in data or "role" in data:
        endpoint.event_types = check_types(data.get("event_types", endpoint.event_types), role)
        endpoint.role = role
    if "filter" in data:
        endpoint.filter = {k: v for k, v in (data["filter"] or {}).items() if v is not None}
    if "description" in data:
        endpoint.description = data["description"]
    enabled = data.get("enabled")
    resumed = enabled is True and not endpoint.enabled
    if enabled is not None:
        endpoint.enabled = enabled
        if enabled:
            endpoint.disabled_reason, endpoint.consecutive_dead = None, 0
        elif not endpoint.disabled_reason:
            endpoint.disabled_reason = "disabled by an operator"
    endpoint.updated_at = utcnow()
    forget_endpoints(session)
    return resumed


def rotate_secret(session: Session, endpoint: WebhookEndpoint) -> str:
    """A new secret; the old one stays valid (deliveries carry both signatures) for 24 hours."""
    now = utcnow()
    endpoint.previous_secret, endpoint.previous_secret_expires_at = endpoint.secret, now + ROTATION_GRACE
    endpoint.secret, endpoint.updated_at = signing.new_secret(), now
    return endpoint.secret


def delete_endpoint(session: Session, endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint with its deliveries and attempts."""
    ids = list(session.scalars(select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(WebhookAttempt.__table__.delete().where(WebhookAttempt.delivery_id.in_(chunk)))
        session.execute(WebhookDelivery.__table__.delete().where(WebhookDelivery.id.in_(chunk)))
    session.delete(endpoint)
    forget_endpoints(session)


def list_endpoints(session: Session) -> list[WebhookEndpoint]:
    """Every endpoint, oldest first."""
    return list(session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def pending_counts(session: Session, ids) -> dict[int, int]:
    """Endpoint id -> deliveries waiting."""
    rows = session.execute(select(WebhookDelivery.endpoint_id, func.count()).where(
        WebhookDelivery.endpoint_id.in_(list(ids)), WebhookDelivery.status.in_(("pending", "retrying")))
        .group_by(WebhookDelivery.endpoint_id)) if ids else []
    return dict(rows)


def list_deliveries(session: Session, endpoint_id: int, *, status: str | None = None, limit: int = 50,
                    before_id: int | None = None) -> list[dict]:
    """An endpoint's deliveries newest first, each with its event's id and type and its attempts."""
    query = (select(WebhookDelivery, OutboxEvent.uid, OutboxEvent.type)
             .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
             .where(WebhookDelivery.endpoint_id == endpoint_id))
    if status:
        query = query.where(WebhookDelivery.status == status)
    if before_id:
        query = query.where(WebhookDelivery.id < before_id)
    rows = session.execute(query.order_by(WebhookDelivery.id.desc()).limit(limit)).all()
    attempts: dict[int, list] = {}
    ids = [d.id for d, _u, _t in rows]
    if ids:
        for a in session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids))
                                 .order_by(WebhookAttempt.id)):
            attempts.setdefault(a.delivery_id, []).append(a)
    return [delivery_view(d, uid, kind, attempts.get(d.id, [])) for d, uid, kind in rows]


def delivery_view(delivery: WebhookDelivery, uid: str, kind: str, attempts: list) -> dict:
    """A delivery as operators see it (never a payload, never a secret)."""
    return {"id": delivery.id, "event_id": uid, "event_type": kind, "status": delivery.status,
            "attempts": delivery.attempts, "next_attempt_at": delivery.next_attempt_at
            if delivery.status in ("pending", "retrying") else None,
            "last_response_code": delivery.last_response_code, "last_error": delivery.last_error,
            "created_at": delivery.created_at, "finished_at": delivery.finished_at,
            "attempt_log": [{"attempted_at": a.attempted_at, "outcome": a.outcome, "response_code": a.response_code,
                             "latency_ms": a.latency_ms, "error": a.error} for a in attempts]}


def retry_delivery(session: Session, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (delivered, dead or waiting); a cancelled one stays cancelled."""
    if delivery.status == "cancelled":
        raise DeliveryNotRetryable("this delivery was cancelled because its event may no longer be sent")
    # a fresh round of attempts (the attempt log keeps the earlier ones)
    delivery.status, delivery.next_attempt_at, delivery.finished_at = "pending", utcnow(), None
    delivery.attempts = 0
    return delivery
