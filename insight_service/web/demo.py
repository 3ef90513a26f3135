"""The `make demo` hook: a signed card link for a customer with something to show, and the overview."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from .. import db
from ..card_tokens import sign
from ..models import Feedback, FeedbackPainPoint, Purchase
from ..services.privacy.consent import consent_states

DEMO_LINK_SECONDS = 24 * 3600  # the demo link outlives a coffee break; real links use CARD_LINK_TTL_SECONDS


def demo_customer(session: Session) -> int | None:
    """A buyer with much linked feedback, an open complaint naming a pain point, and public posts consent hides."""
    open_pain = and_(Feedback.sentiment_label == "negative", Feedback.handled_at.is_(None),
                     Feedback.id.in_(select(FeedbackPainPoint.feedback_id)))
    third = func.sum(case((Feedback.party == "third", 1), else_=0))
    candidates = list(session.execute(
        select(Feedback.customer_id, third)
        .where(Feedback.customer_id.is_not(None), Feedback.text.is_not(None),
               Feedback.customer_id.in_(select(Purchase.customer_id)))
        .group_by(Feedback.customer_id)
        .having(func.sum(case((open_pain, 1), else_=0)) > 0, func.count(func.distinct(Feedback.channel)) > 1)
        .order_by(func.count(Feedback.id).desc(), Feedback.customer_id).limit(40)))
    if not candidates:
        return None
    states = consent_states(session, [cid for cid, _n in candidates])
    hidden = [cid for cid, n in candidates if n and not states[cid]["social_profiling"]["granted"]]
    return (hidden or [candidates[0][0]])[0]


def latest_feedback_day(session: Session) -> str | None:
    """The day of the newest feedback item ('YYYY-MM-DD'): the demo data ends in the past."""
    latest = session.scalar(select(func.max(Feedback.posted_at)))
    return latest.date().isoformat() if latest else None


def demo_links(base_url: str, _admin_key: str) -> str:
    """Print a signed service-agent card link, a signed R&D overview link and how to sign in."""
    secret = current_app.config["SECRET_KEY"]
    with db.fresh_session() as session:
        customer_id = demo_customer(session)
        until = latest_feedback_day(session)
    lines = ["", "insight card and pain-point overview (HTML):"]
    if customer_id is not None:
        token, _exp = sign(secret, "card", "service", customer_id, DEMO_LINK_SECONDS)
        lines.append(f"  card of customer {customer_id} (service view, 24 h): {base_url}/cards/{customer_id}?t={token}")
    token, _exp = sign(secret, "overview", "rnd", None, DEMO_LINK_SECONDS)
    period = f"weeks=26&until={until}&" if until else ""
    lines += [f"  pain-point overview (R&D view, 24 h): {base_url}/pain-points?{period}t={token}",
              f"  or sign in with the demo admin key at {base_url}/login, then open {base_url}/pain-points "
              f"or {base_url}/cards",
              "  links for your CRM: POST /api/v1/customers/{id}/card-link with a crm or service key", ""]
    return "\n".join(lines)
