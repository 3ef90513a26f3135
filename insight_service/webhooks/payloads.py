"""What a subscription receives of an event: filtered for its role, and only while it is still allowed."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Customer, Feedback
from ..services.privacy.consent import granted
from ..services.access.roles import shows_text
from .events import ROLE_EVENTS

PERSONAL_TEXT = ("text", "url")


def payload_for(role: str, event_type: str, data: dict) -> dict | None:
    """The event's data as the role may read it (the read API's field table); None when the role gets none."""
    if event_type not in ROLE_EVENTS.get(role, ()):
        return None
    out = dict(data)
    if event_type == "feedback.complaint" and not shows_text(role, data.get("channel", "")):
        for name in PERSONAL_TEXT:
            out.pop(name, None)
    return out


def still_allowed(session: Session, event_type: str, customer_id: int | None, data: dict) -> str | None:
    """Why an event may no longer be sent (erased, consent withdrawn, item de-identified), or None if it may."""
    if customer_id is None or event_type == "customer.erased":
        return None
    if session.get(Customer, customer_id) is None:
        return "the customer was erased"
    if event_type != "feedback.complaint":
        return None
    item = session.execute(select(Feedback.customer_id, Feedback.party, Feedback.deidentified_at)
                           .where(Feedback.id == data.get("feedback_id"))).first()
    if item is None or item.customer_id != customer_id or item.deidentified_at is not None:
        return "the item was de-identified or unlinked"
    if item.party == "third" and not granted(session, customer_id, "social_profiling"):
        return "social_profiling consent is not granted"
    return None
