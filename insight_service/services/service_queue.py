"""The service queue: unhandled complaints and questions of linked customers, oldest first; marking handled."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..models import Feedback, Product, Purchase, utcnow
from .consent import granted_customers
from .feedback_history import item_view, pain_codes

SCAN_BATCH = 500  # at most; a page scans about twice what it shows (public posts without consent are skipped)


def _queue_query(channel=None, sku=None, kind=None, since=None, until=None):
    negative = Feedback.sentiment_label == "negative"
    question = Feedback.text.contains("?")
    wanted = negative if kind == "complaint" else question if kind == "question" else or_(negative, question)
    query = (select(Feedback, Product.sku).outerjoin(Product, Product.id == Feedback.product_id)
             .where(Feedback.handled_at.is_(None), Feedback.customer_id.is_not(None), wanted))
    if channel:
        query = query.where(Feedback.channel == channel)
    if sku:
        query = query.where(Product.sku == sku)
    if since:
        query = query.where(Feedback.posted_at >= since)
    if until:
        query = query.where(Feedback.posted_at < until)
    return query.order_by(Feedback.posted_at, Feedback.id)


def service_queue(session: Session, role: str, *, limit: int = 50, offset: int = 0, now: datetime | None = None,
                  **filters) -> dict:
    """Oldest first; public posts only of customers whose social_profiling is granted now."""
    now = now or utcnow()
    query = _queue_query(**filters)
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
                    kind="complaint" if f.sentiment_label == "negative" else "question")
        items.append(view)
    return {"items": items, "limit": limit, "offset": offset}


def customer_values(session: Session, customer_ids) -> dict[int, Decimal]:
    """customer id -> total purchase value."""
    ids = list(customer_ids)
    if not ids:
        return {}
    rows = session.execute(select(Purchase.customer_id, func.sum(Purchase.amount))
                           .where(Purchase.customer_id.in_(ids)).group_by(Purchase.customer_id))
    return {cid: Decimal(str(v or 0)).quantize(Decimal("0.01")) for cid, v in rows}


def mark_handled(session: Session, feedback_id: int, handler: str, note: str | None,
                 now: datetime | None = None) -> Feedback | None:
    """Close the loop on an item: who handled it, when, with what note."""
    item = session.get(Feedback, feedback_id)
    if item is None:
        return None
    item.handled_at, item.handled_by, item.handled_note = now or utcnow(), handler, note
    session.flush()
    return item
