"""A customer's full feedback history, paged and filtered, shown as the caller's role may see it."""
from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ...models import Feedback, FeedbackPainPoint, Product
from ..access.roles import fields_for, shows_text
from ..privacy.consent import consent_states
from .handling import handled_history
from .pipeline import run_together
from .queries import CID, LATEST_COLUMNS, visible


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


_unfiltered: dict[tuple, list] = {}


def _unfiltered_statements(session: Session, social: bool) -> list:
    """The history without filters: total, a page of rows, their codes, hidden public posts (built once each)."""
    key = (session.get_bind().dialect.name, social)
    if key not in _unfiltered:
        where = visible(CID, social)
        order = (Feedback.posted_at.desc(), Feedback.id.desc())
        page = select(Feedback.id).where(where).order_by(*order).limit(bindparam("limit")).offset(bindparam("offset"))
        _unfiltered[key] = [
            select(func.count()).select_from(Feedback).where(where),
            select(*LATEST_COLUMNS).outerjoin(Product, Product.id == Feedback.product_id).where(where)
            .order_by(*order).limit(bindparam("limit")).offset(bindparam("offset")),
            select(FeedbackPainPoint.feedback_id, FeedbackPainPoint.code)
            .where(FeedbackPainPoint.feedback_id.in_(page)),
            select(func.count()).where(Feedback.customer_id == CID, Feedback.party == "third"),
        ]
    return _unfiltered[key]


def _unfiltered_history(session: Session, customer_id: int, role: str, social: bool, limit: int,
                        offset: int) -> dict:
    """feedback_history without filters, its statements sent together (one round trip on PostgreSQL)."""
    values = {"cid": customer_id, "limit": limit, "offset": offset}
    statements = _unfiltered_statements(session, social)[:3 if social else 4]
    [total], rows, coded, *hidden = run_together(session, [(statement, values) for statement in statements])
    codes: dict[int, list[str]] = {}
    for fid, code in coded:
        codes.setdefault(fid, []).append(code)
    handled = handled_history(session, rows) if fields_for(role)["handling"] else {}
    hidden_count = hidden[0][0][0] if hidden else 0
    return {"customer_id": customer_id, "total": total[0], "limit": limit, "offset": offset,
            "items": [item_view(row, row.sku, role, codes.get(row.id, ()), handled.get(row.id, ())) for row in rows],
            "withheld": [withheld_note("social_profiling", hidden_count, "public posts")] if hidden_count else []}


def feedback_history(session: Session, customer_id: int, role: str, *, channel=None, since=None, until=None,
                     sentiment=None, limit: int = 50, offset: int = 0, social: bool | None = None) -> dict:
    """Newest first, with the total and what consent withheld.

    `social`: whether social_profiling is granted, when the caller asked the consent ledger in this transaction
    already (the card, with the insight); otherwise it is asked here.
    """
    if social is None:
        social = consent_states(session, [customer_id])[customer_id]["social_profiling"]["granted"]
    if not (channel or since or until or sentiment):
        return _unfiltered_history(session, customer_id, role, social, limit, offset)
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
