"""The service queue: open complaints and questions of linked customers, with their total, in one of three orders."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ...models import Feedback, Product, Purchase, utcnow
from ..privacy.consent import granted_customers
from ..reads.history import item_view, pain_codes
from .actions import SEVERE_SCORE, severity

SORTS = ("oldest", "recency", "severity")
SCAN_BATCH = 500  # at most; a page scans about twice what it shows (public posts without consent are skipped)


def severity_rank():
    """0 high (a public, low-rated or strongly negative complaint), 1 medium (another complaint), 2 low (a question)."""
    negative = Feedback.sentiment_label == "negative"
    strong = (Feedback.party == "third") | (Feedback.rating <= 2) | (Feedback.sentiment_score <= SEVERE_SCORE)
    high = negative & strong
    return case((high, 0), (negative, 1), else_=2)


def _filtered(query, channel=None, sku=None, kind=None, since=None, until=None):
    negative = Feedback.sentiment_label == "negative"
    question = Feedback.text.contains("?")
    wanted = negative if kind == "complaint" else question if kind == "question" else or_(negative, question)
    query = query.where(Feedback.handled_at.is_(None), Feedback.customer_id.is_not(None), wanted)
    if channel:
        query = query.where(Feedback.channel == channel)
    if sku:
        query = query.where(Product.sku == sku)
    if since:
        query = query.where(Feedback.posted_at >= since)
    if until:
        query = query.where(Feedback.posted_at < until)
    return query


def _queue_query(sort="oldest", **filters):
    query = _filtered(select(Feedback, Product.sku).outerjoin(Product, Product.id == Feedback.product_id), **filters)
    if sort == "recency":
        return query.order_by(Feedback.posted_at.desc(), Feedback.id.desc())
    if sort == "severity":  # most severe first, the newest first within a severity (as the insight ranks)
        return query.order_by(severity_rank(), Feedback.posted_at.desc(), Feedback.id.desc())
    return query.order_by(Feedback.posted_at, Feedback.id)


def queue_total(session: Session, **filters) -> int:
    """How many items the queue holds: public posts count only where social_profiling is granted now."""
    base = select(Feedback.customer_id, Feedback.party, func.count()).outerjoin(
        Product, Product.id == Feedback.product_id)
    rows = session.execute(_filtered(base, **filters).group_by(Feedback.customer_id, Feedback.party)).all()
    third = {cid for cid, party, _n in rows if party == "third"}
    allowed = granted_customers(session, third, "social_profiling") if third else set()
    return sum(n for cid, party, n in rows if party != "third" or cid in allowed)


def service_queue(session: Session, role: str, *, limit: int = 50, offset: int = 0, now: datetime | None = None,
                  sort: str = "oldest", **filters) -> dict:
    """A page in the chosen order, with the total; public posts only of customers with social_profiling granted now."""
    now = now or utcnow()
    query = _queue_query(sort, **filters)
    picked, skipped, scanned = [], 0, 0
    size = min(SCAN_BATCH, 2 * (limit + offset) + 10)
    while len(picked) < limit:
        batch = session.execute(query.limit(size).offset(scanned)).all()
        if not batch:
            break
        scanned += len(batch)
        third = {f.customer_id for f, _s in batch if f.party == "third"}
        allowed = granted_customers(session, third, "social_profiling") if third else set()
        for f, sku in batch:
            if f.party == "third" and f.customer_id not in allowed:
                continue
            if skipped < offset:
                skipped += 1
                continue
            if len(picked) < limit:
                picked.append((f, sku))
    codes = pain_codes(session, (f.id for f, _s in picked))
    values = customer_values(session, {f.customer_id for f, _s in picked})
    items = []
    for f, sku in picked:
        view = item_view(f, sku, role, codes.get(f.id, ()))
        view.update(customer_id=f.customer_id, customer_value=values.get(f.customer_id, Decimal("0.00")),
                    age_days=(now - f.posted_at).days,
                    kind="complaint" if f.sentiment_label == "negative" else "question",
                    severity=severity({"sentiment_label": f.sentiment_label, "rating": f.rating, "party": f.party,
                                       "sentiment_score": f.sentiment_score}))
        items.append(view)
    return {"items": items, "total": queue_total(session, **filters), "sort": sort, "limit": limit, "offset": offset}


def customer_values(session: Session, customer_ids) -> dict[int, Decimal]:
    """customer id -> total purchase value."""
    ids = list(customer_ids)
    if not ids:
        return {}
    rows = session.execute(select(Purchase.customer_id, func.sum(Purchase.amount))
                           .where(Purchase.customer_id.in_(ids)).group_by(Purchase.customer_id))
    return {cid: Decimal(str(v or 0)).quantize(Decimal("0.01")) for cid, v in rows}
