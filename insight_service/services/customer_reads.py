"""The indexed queries behind one customer's insight: a handful per call, none per item."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from ..models import Feedback, FeedbackPainPoint, Product, Purchase
from .periods import month_label

RECENT_ITEMS = 500
CO_BUYERS = 300
SUGGESTIONS = 3


def visible(customer_id: int, social_profiling: bool):
    """The customer's items a read may show: third-party ones only while social_profiling is granted."""
    clause = Feedback.customer_id == customer_id
    return clause if social_profiling else clause & (Feedback.party != "third")


def feedback_counts(session: Session, customer_id: int) -> list:
    """(channel, source, party, label, count, score sum) over all of the customer's linked items."""
    return session.execute(
        select(Feedback.channel, Feedback.source, Feedback.party, Feedback.sentiment_label, func.count(),
               func.sum(Feedback.sentiment_score))
        .where(Feedback.customer_id == customer_id)
        .group_by(Feedback.channel, Feedback.source, Feedback.party, Feedback.sentiment_label)).all()


def monthly_series(session: Session, where) -> list[dict]:
    """Per month: items, average score, positive and negative counts."""
    month = month_label(session, Feedback.posted_at).label("month")
    rows = session.execute(
        select(month, func.count(), func.avg(Feedback.sentiment_score),
               func.sum(case((Feedback.sentiment_label == "positive", 1), else_=0)),
               func.sum(case((Feedback.sentiment_label == "negative", 1), else_=0)))
        .where(where).group_by(month).order_by(month))
    return [{"month": m, "count": n, "average_score": round(float(a or 0), 3), "positive": int(p or 0),
             "negative": int(q or 0)} for m, n, a, p, q in rows]


def light_items(session: Session, where, limit: int = RECENT_ITEMS) -> list[dict]:
    """The latest items without their texts: what the rules need."""
    rows = session.execute(
        select(Feedback.id, Feedback.channel, Feedback.source, Feedback.party, Feedback.posted_at,
               Feedback.sentiment_label, Feedback.sentiment_score, Feedback.rating, Feedback.journey,
               Feedback.emotions, Feedback.handled_at, Feedback.deidentified_at, Feedback.text.contains("?"),
               Feedback.customer_id, Product.sku)
        .outerjoin(Product, Product.id == Feedback.product_id)
        .where(where).order_by(Feedback.posted_at.desc(), Feedback.id.desc()).limit(limit))
    return [{"id": r[0], "channel": r[1], "source": r[2], "party": r[3], "posted_at": r[4], "sentiment_label": r[5],
             "sentiment_score": r[6], "rating": r[7], "journey": r[8] or [], "emotions": r[9] or [],
             "handled_at": r[10], "deidentified": r[11] is not None, "is_question": bool(r[12]),
             "customer_id": r[13], "sku": r[14]} for r in rows]


def pain_rows(session: Session, where, limit: int = 1000) -> list[dict]:
    """The customer's pain points, newest first, each with its span text (None once de-identified)."""
    span = func.substr(Feedback.text, FeedbackPainPoint.span_start + 1,
                       FeedbackPainPoint.span_end - FeedbackPainPoint.span_start)
    rows = session.execute(
        select(FeedbackPainPoint.code, FeedbackPainPoint.feedback_id, Feedback.posted_at, Feedback.channel,
               Feedback.handled_at, Product.sku, span)
        .join(Feedback, Feedback.id == FeedbackPainPoint.feedback_id)
        .outerjoin(Product, Product.id == Feedback.product_id)
        .where(where).order_by(Feedback.posted_at.desc()).limit(limit))
    return [{"code": c, "feedback_id": f, "posted_at": at, "channel": ch, "handled_at": h, "sku": sku, "span": s}
            for c, f, at, ch, h, sku, s in rows]


def purchase_summary(session: Session, customer_id: int) -> dict:
    """Count, distinct orders, total value, first and last purchase."""
    row = session.execute(
        select(func.count(), func.count(distinct(func.coalesce(Purchase.order_id, Purchase.external_id))),
               func.sum(Purchase.amount), func.min(Purchase.purchased_at), func.max(Purchase.purchased_at))
        .where(Purchase.customer_id == customer_id)).one()
    return {"count": row[0], "orders": row[1], "total_value": Decimal(str(row[2] or 0)).quantize(Decimal("0.01")),
            "first_purchase_at": row[3], "last_purchase_at": row[4]}


def products_bought(session: Session, customer_id: int) -> list[dict]:
    """Per product: lines, units and value, most bought first."""
    rows = session.execute(
        select(Product.id, Product.sku, Product.name, Product.category, func.count(), func.sum(Purchase.quantity),
               func.sum(Purchase.amount))
        .join(Product, Product.id == Purchase.product_id).where(Purchase.customer_id == customer_id)
        .group_by(Product.id, Product.sku, Product.name, Product.category)
        .order_by(func.count().desc(), func.sum(Purchase.amount).desc(), Product.sku))
    return [{"product_id": i, "sku": s, "name": n, "category": c, "lines": k, "units": int(u or 0),
             "value": Decimal(str(v or 0)).quantize(Decimal("0.01"))} for i, s, n, c, k, u, v in rows]


def recent_orders(session: Session, customer_id: int, limit: int = 20) -> list[dict]:
    """The latest order lines."""
    rows = session.execute(
        select(Purchase.order_id, Product.sku, Product.name, Purchase.quantity, Purchase.amount, Purchase.currency,
               Purchase.purchased_at, Purchase.channel)
        .join(Product, Product.id == Purchase.product_id).where(Purchase.customer_id == customer_id)
        .order_by(Purchase.purchased_at.desc(), Purchase.id.desc()).limit(limit))
    return [{"order_id": o, "sku": s, "name": n, "quantity": q, "amount": a, "currency": c, "purchased_at": at,
             "channel": ch} for o, s, n, q, a, c, at, ch in rows]


def co_purchases(session: Session, customer_id: int, bought: list[dict]) -> list[dict]:
    """What other buyers of the customer's products also bought (a bounded sample of co-buyers)."""
    mine = {p["product_id"]: p for p in bought[:10]}
    if not mine:
        return []
    buyers = (select(Purchase.customer_id).where(Purchase.product_id.in_(list(mine)),
                                                 Purchase.customer_id.is_not(None),
                                                 Purchase.customer_id != customer_id)
              .distinct().limit(CO_BUYERS).subquery())
    count = func.count(distinct(Purchase.customer_id))
    rows = session.execute(
        select(Product.sku, Product.category, count)
        .join(Product, Product.id == Purchase.product_id)
        .where(Purchase.customer_id.in_(select(buyers.c.customer_id)), Purchase.product_id.not_in(list(mine)))
        .group_by(Product.sku, Product.category).order_by(count.desc(), Product.sku).limit(SUGGESTIONS))
    categories = {p["category"] for p in mine.values()}
    because = ", ".join(p["sku"] for p in bought[:3])
    return [{"sku": sku, "kind": "upsell" if cat in categories else "cross_sell", "buyers": n, "because": because}
            for sku, cat, n in rows]
