"""A customer's full feedback history, paged and filtered, shown as the caller's role may see it."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Feedback, FeedbackPainPoint, Product
from ..access.roles import fields_for, shows_text
from ..privacy.consent import consent_states
from .handling import handled_history
from .queries import visible


def item_view(item: Feedback, sku: str | None, role: str, codes=(), handling=()) -> dict:
    """One item as a role sees it: no text for channels it may not read, none once de-identified."""
    readable = shows_text(role, item.channel) and item.deidentified_at is None
    history, handling = handling, fields_for(role)["handling"]
    return {"id": item.id, "source": item.source, "channel": item.channel, "party": item.party,
            "posted_at": item.posted_at, "language": item.language, "rating": item.rating, "sku": sku,
            "sentiment_score": item.sentiment_score, "sentiment_label": item.sentiment_label,
            "text": item.text if readable else None, "url": item.url if readable else None,
            "text_withheld": item.text is not None and not readable, "pain_points": sorted(set(codes)),
            "handled_at": item.handled_at, "handled_by": item.handled_by if handling else None,
            "handled_note": item.handled_note if handling else None,
            "handling": [dict(h) for h in history] if handling else []}


def pain_codes(session: Session, ids) -> dict[int, list[str]]:
    """feedback id -> its pain-point codes."""
    found: dict[int, list[str]] = {}
    ids = list(ids)
    if ids:
        rows = session.execute(select(FeedbackPainPoint.feedback_id, FeedbackPainPoint.code)
                               .where(FeedbackPainPoint.feedback_id.in_(ids)))
        for fid, code in rows:
            found.setdefault(fid, []).append(code)
    return found


def withheld_public(session: Session, customer_id: int, social_profiling: bool) -> list[dict]:
    """The note on public posts hidden for want of social_profiling."""
    if social_profiling:
        return []
    hidden = session.scalar(select(func.count()).where(Feedback.customer_id == customer_id,
                                                       Feedback.party == "third")) or 0
    return [withheld_note("social_profiling", hidden, "public posts")] if hidden else []


def withheld_note(purpose: str, count: int, what: str) -> dict:
    """A 'withheld' entry with its sentence ('4 public posts not shown: no social_profiling consent')."""
    return {"purpose": purpose, "count": count, "what": what,
            "message": f"{count} {what} not shown: no {purpose} consent"}


def feedback_history(session: Session, customer_id: int, role: str, *, channel=None, since=None, until=None,
                     sentiment=None, limit: int = 50, offset: int = 0) -> dict:
    """Newest first, with the total and what consent withheld."""
    social = consent_states(session, [customer_id])[customer_id]["social_profiling"]["granted"]
    where = visible(customer_id, social)
    if channel:
        where = where & (Feedback.channel == channel)
    if since:
        where = where & (Feedback.posted_at >= since)
    if until:
        where = where & (Feedback.posted_at < until)
    if sentiment:
        where = where & (Feedback.sentiment_label == sentiment)
    total = session.scalar(select(func.count()).select_from(Feedback).where(where))
    rows = session.execute(select(Feedback, Product.sku).outerjoin(Product, Product.id == Feedback.product_id)
                           .where(where).order_by(Feedback.posted_at.desc(), Feedback.id.desc())
                           .limit(limit).offset(offset)).all()
    codes = pain_codes(session, (f.id for f, _s in rows))
    handled = handled_history(session, [f for f, _s in rows]) if fields_for(role)["handling"] else {}
    return {"customer_id": customer_id, "total": total, "limit": limit, "offset": offset,
            "items": [item_view(f, sku, role, codes.get(f.id, ()), handled.get(f.id, ())) for f, sku in rows],
            "withheld": withheld_public(session, customer_id, social)}
