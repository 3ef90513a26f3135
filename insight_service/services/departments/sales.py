"""Sales signals: at-risk high-value customers and upsell candidates, each with its reasons (never a text)."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Customer, Feedback, Purchase, utcnow
from ..access.roles import visible_party
from ..privacy.consent import consent_states, granted_customers
from ..privacy.contact import opted_out_customers
from ..reads.queries import co_purchases, light_items, products_bought
from ..reads.risk import EARLIER, HIGH_VALUE, RECENT, assess
from .action_rules import blockers, conditions
from .service_queue import customer_values

CANDIDATES = 1000
HAPPY_WINDOW = timedelta(days=90)
SCAN_FACTOR = 5  # candidates read per upsell slot: the decision table suppresses some


def _values(session: Session, minimum) -> dict[int, object]:
    total = func.sum(Purchase.amount)
    rows = session.execute(select(Purchase.customer_id, total).where(Purchase.customer_id.is_not(None))
                           .group_by(Purchase.customer_id).having(total >= minimum)
                           .order_by(total.desc(), Purchase.customer_id).limit(CANDIDATES * 5))
    return dict(rows.all())


def _visible_items(session: Session, ids, since: datetime) -> dict[int, list]:
    if not ids:
        return {}
    social = granted_customers(session, ids, "social_profiling")
    out: dict[int, list] = {}
    for item in light_items(session, Feedback.customer_id.in_(list(ids)) & (Feedback.posted_at >= since),
                            limit=200_000):
        if visible_party(item["party"], item["customer_id"] in social):
            out.setdefault(item["customer_id"], []).append(item)
    return out


def sales_signals(session: Session, *, limit: int = 20, now: datetime | None = None) -> dict:
    """High-value customers whose risk is medium or high, and satisfied buyers no suppressing condition holds for."""
    now = now or utcnow()
    values = _values(session, HIGH_VALUE)
    recent = set(session.scalars(select(Feedback.customer_id).where(
        Feedback.customer_id.in_(list(values)[:CANDIDATES * 5]), Feedback.posted_at >= now - RECENT).distinct()))
    candidates = [cid for cid in values if cid in recent][:CANDIDATES]
    items = _visible_items(session, candidates, now - EARLIER)
    at_risk = []
    for cid in candidates:
        risk = assess(items.get(cid, []), Decimal(str(values[cid])).quantize(Decimal("0.01")), now)
        if risk["level"] != "low":
            at_risk.append({"customer_id": cid, "total_value": Decimal(str(values[cid])).quantize(Decimal("0.01")),
                            "level": risk["level"], "reasons": risk["reasons"]})
    at_risk.sort(key=lambda r: (r["level"] != "high", -r["total_value"], r["customer_id"]))
    upsell, suppressed = _upsell(session, limit, now)
    names = dict(session.execute(select(Customer.id, Customer.name).where(
        Customer.id.in_([r["customer_id"] for r in at_risk[:limit] + upsell]))).all()) if at_risk or upsell else {}
    for entry in at_risk[:limit] + upsell:
        entry["name"] = names.get(entry["customer_id"])
    return {"high_value_threshold": HIGH_VALUE, "at_risk": at_risk[:limit], "at_risk_total": len(at_risk),
            "upsell": upsell, "upsell_suppressed": suppressed}


def _upsell(session: Session, limit: int, now: datetime) -> tuple[list[dict], int]:
    """Satisfied buyers the decision table lets sales make an offer to (docs/next-actions.md, sales.offer)."""
    happy_ids = list(session.scalars(
        select(Feedback.customer_id).join(Purchase, Purchase.customer_id == Feedback.customer_id)
        .where(Feedback.sentiment_label == "positive", Feedback.posted_at >= now - HAPPY_WINDOW,
               Feedback.party == "first").group_by(Feedback.customer_id)
        .order_by(func.max(Feedback.posted_at).desc(), Feedback.customer_id).limit(limit * SCAN_FACTOR)))
    items = _visible_items(session, happy_ids, now - EARLIER)
    values = customer_values(session, happy_ids)
    consent = consent_states(session, happy_ids, now)
    blocked = opted_out_customers(session, happy_ids)
    upsell, suppressed = [], 0
    for cid in happy_ids:  # bounded by `limit` times a small factor: two indexed queries each
        if len(upsell) >= limit:
            break
        mine = items.get(cid, [])
        risk = assess(mine, values.get(cid, Decimal("0.00")), now)
        if blockers("sales.offer", conditions(mine, consent[cid], risk, now, cid in blocked)):
            suppressed += 1
            continue
        bought = products_bought(session, cid)
        suggestions = co_purchases(session, cid, bought)
        if suggestions:
            upsell.append({"customer_id": cid, "suggestions": suggestions,
                           "reasons": [f"positive first-party feedback in the last {HAPPY_WINDOW.days} days",
                                       f"bought {', '.join(p['sku'] for p in bought[:3])}",
                                       "no open complaint, negative trend or churn risk"]})
    return upsell, suppressed
