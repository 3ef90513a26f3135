"""Marketing lists: advocates with consent, testimonial candidates, review requests, channel and stage mix."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Text, and_, case, cast, func, select
from sqlalchemy.orm import Session

from ...models import Customer, Feedback, Product, Purchase, utcnow
from ..access.roles import visible_party
from ..privacy.consent import granted_customers
from ..reads.journey import ADVOCATE_WINDOW, classify
from ..reads.queries import light_items
from .actions import REVIEW_AFTER, REVIEW_UNTIL

CANDIDATES = 2000


def _social(session: Session, ids) -> set[int]:
    return granted_customers(session, ids, "social_profiling")


def advocates(session: Session, *, limit: int = 50, offset: int = 0, now: datetime | None = None) -> dict:
    """Customers the advocate rule holds for, who granted marketing; strongest evidence first."""
    now = now or utcnow()
    positive = func.sum(case((Feedback.sentiment_label == "positive", 1), else_=0))
    rows = session.execute(select(Feedback.customer_id, positive).where(
        Feedback.customer_id.is_not(None), Feedback.posted_at >= now - ADVOCATE_WINDOW)
        .group_by(Feedback.customer_id).having(positive >= 1).order_by(positive.desc(), Feedback.customer_id)
        .limit(CANDIDATES)).all()
    ids = granted_customers(session, [cid for cid, _n in rows], "marketing")
    social = _social(session, ids)
    items = light_items(session, Feedback.customer_id.in_(ids) & (Feedback.posted_at >= now - ADVOCATE_WINDOW),
                        limit=100_000) if ids else []
    by_customer: dict[int, list] = {}
    for item in items:
        if visible_party(item["party"], item["customer_id"] in social):
            by_customer.setdefault(item["customer_id"], []).append(item)
    found = []
    for cid, mine in by_customer.items():
        status = classify(mine, now)
        if status["status"] == "advocate":
            found.append({"customer_id": cid, "evidence": status["advocate_evidence"],
                          "positive_items": sum(i["sentiment_label"] == "positive" for i in mine)})
    found.sort(key=lambda a: (-len(a["evidence"]), -a["positive_items"], a["customer_id"]))
    page = found[offset:offset + limit]
    names = dict(session.execute(select(Customer.id, Customer.name).where(
        Customer.id.in_([a["customer_id"] for a in page]))).all()) if page else {}
    for entry in page:
        entry["name"] = names.get(entry["customer_id"])
    return {"total": len(found), "limit": limit, "offset": offset, "items": page}


def testimonials(session: Session, *, limit: int = 50, offset: int = 0) -> dict:
    """Positive reviews (rated 4+ or unrated) with text, whose authors granted testimonial now."""
    query = (select(Feedback, Product.sku, Customer.name).join(Customer, Customer.id == Feedback.customer_id)
             .outerjoin(Product, Product.id == Feedback.product_id)
             .where(Feedback.channel == "review", Feedback.sentiment_label == "positive", Feedback.text.is_not(None),
                    Feedback.deidentified_at.is_(None), (Feedback.rating.is_(None)) | (Feedback.rating >= 4))
             .order_by(Feedback.posted_at.desc(), Feedback.id.desc()))
    rows = session.execute(query.limit(5000)).all()
    customers = {f.customer_id for f, _s, _n in rows}
    allowed = granted_customers(session, customers, "testimonial")
    social = _social(session, {f.customer_id for f, _s, _n in rows if f.party == "third"})
    kept = [(f, sku, name) for f, sku, name in rows
            if f.customer_id in allowed and visible_party(f.party, f.customer_id in social)]
    return {"total": len(kept), "limit": limit, "offset": offset, "items": [
        {"feedback_id": f.id, "customer_id": f.customer_id, "name": name, "sku": sku, "source": f.source,
         "rating": f.rating, "posted_at": f.posted_at, "text": f.text, "url": f.url}
        for f, sku, name in kept[offset:offset + limit]]}


def review_requests(session: Session, *, limit: int = 50, offset: int = 0, now: datetime | None = None) -> dict:
    """Purchases 14-180 days old of a product the buyer has not reviewed since; buyers with marketing consent."""
    now = now or utcnow()
    reviewed = select(Feedback.id).where(Feedback.customer_id == Purchase.customer_id,
                                         Feedback.product_id == Purchase.product_id, Feedback.channel == "review",
                                         Feedback.posted_at >= Purchase.purchased_at).exists()
    last = func.max(Purchase.purchased_at)
    rows = session.execute(select(Purchase.customer_id, Product.sku, last).join(Product, Product.id ==
                           Purchase.product_id).where(and_(Purchase.customer_id.is_not(None),
                           Purchase.purchased_at <= now - REVIEW_AFTER, Purchase.purchased_at >= now - REVIEW_UNTIL),
                           ~reviewed).group_by(Purchase.customer_id, Product.sku)
                           .order_by(last.desc(), Purchase.customer_id, Product.sku).limit(20_000)).all()
    allowed = granted_customers(session, {cid for cid, _s, _l in rows}, "marketing")
    kept = [r for r in rows if r[0] in allowed]
    return {"total": len(kept), "limit": limit, "offset": offset, "items": [
        {"customer_id": cid, "sku": sku, "purchased_at": at, "days_since_purchase": (now - at).days,
         "reason": f"bought {sku} {(now - at).days} days ago and has not reviewed it"}
        for cid, sku, at in kept[offset:offset + limit]]}


def mix(session: Session, *, since: datetime | None = None, now: datetime | None = None) -> dict:
    """Feedback counts per channel and per journey-stage cue (no person): where people speak, and where they are."""
    now = now or utcnow()
    since = since or now - timedelta(days=90)
    where = (Feedback.posted_at >= since) & (Feedback.posted_at < now)
    channels = dict(session.execute(select(Feedback.channel, func.count()).where(where)
                                    .group_by(Feedback.channel)).all())
    stages = {}
    for stage in ("think", "do", "care", "advocacy"):
        stages[stage] = session.scalar(select(func.count()).where(where, func.coalesce(
            cast(Feedback.journey, Text), "").contains(f'"{stage}"'))) or 0
    return {"since": since, "until": now, "channels": channels, "journey_stages": stages}

