"""Where changes become events: complaints and risk or trend changes at ingest, consent changes, erasures, and
newly emerging issues. Each is called inside the transaction of its change, and does nothing without a subscriber.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import (Customer, CustomerSignal, EmergingSeen, Feedback, FeedbackPainPoint, OutboxEvent, Product,
                      WebhookAttempt, WebhookDelivery, utcnow)
from ..services.privacy.consent import consent_states
from ..services.reads.risk import assess, sentiment_change
from .events import emit, subscribed

SIGNAL_EVENTS = ("customer.risk_changed", "customer.sentiment_changed")


def _stamp(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else value


def customer_refs(session: Session, ids) -> dict[int, dict]:
    """The ids a receiver holds of each customer: ours, and the CRM's source and id."""
    ids = sorted(set(ids))
    rows = session.execute(select(Customer.id, Customer.source, Customer.external_id).where(Customer.id.in_(ids))) \
        if ids else []
    return {cid: {"id": cid, "crm_source": source, "crm_id": external} for cid, source, external in rows}


def complaints(session: Session, items: list[dict]) -> int:
    """feedback.complaint for new negative items linked to a customer (third-party ones only with social_profiling)."""
    items = [i for i in items if i["customer_id"] is not None and i["sentiment_label"] == "negative"]
    if not items or not subscribed(session, "feedback.complaint"):
        return 0
    third = {i["customer_id"] for i in items if i["party"] == "third"}
    social = {cid for cid, s in consent_states(session, third).items() if s["social_profiling"]["granted"]}
    refs, sent = customer_refs(session, {i["customer_id"] for i in items}), 0
    for item in items:
        if item["party"] == "third" and item["customer_id"] not in social:
            continue
        emit(session, "feedback.complaint", {
            "feedback_id": item["id"], "customer": refs.get(item["customer_id"]), "source": item["source"],
            "channel": item["channel"], "party": item["party"], "sku": item["sku"],
            "posted_at": _stamp(item["posted_at"]), "rating": item["rating"],
            "sentiment": {"score": item["sentiment_score"], "label": item["sentiment_label"]},
            "pain_points": item["pain_points"], "text": item["text"], "url": item["url"]},
            customer_id=item["customer_id"])
        sent += 1
    return sent


def linked_later(session: Session, feedback_ids) -> int:
    """feedback.complaint for stored items that a later change linked to a customer (not handled, not de-identified)."""
    ids = sorted(set(feedback_ids))
    if not ids or not subscribed(session, "feedback.complaint"):
        return 0
    rows = session.execute(select(Feedback, Product.sku).outerjoin(Product, Product.id == Feedback.product_id)
                           .where(Feedback.id.in_(ids), Feedback.customer_id.is_not(None),
                                  Feedback.sentiment_label == "negative", Feedback.handled_at.is_(None),
                                  Feedback.deidentified_at.is_(None)).order_by(Feedback.posted_at, Feedback.id)).all()
    codes: dict[int, set[str]] = {}
    for fid, code in session.execute(select(FeedbackPainPoint.feedback_id, FeedbackPainPoint.code)
                                     .where(FeedbackPainPoint.feedback_id.in_([f.id for f, _sku in rows]))):
        codes.setdefault(fid, set()).add(code)
    return complaints(session, [{
        "id": f.id, "customer_id": f.customer_id, "party": f.party, "channel": f.channel, "source": f.source,
        "sku": sku, "posted_at": f.posted_at, "rating": f.rating, "sentiment_label": f.sentiment_label,
        "sentiment_score": f.sentiment_score, "pain_points": sorted(codes.get(f.id, ())), "text": f.text,
        "url": f.url} for f, sku in rows])


def refresh_signals(session: Session, customer_ids, now: datetime | None = None) -> int:
    """customer.risk_changed / customer.sentiment_changed where the level or the 90-day direction moved."""
    from ..services.reads import queries as reads

    ids = sorted({c for c in customer_ids if c is not None})
    if not ids or not subscribed(session, *SIGNAL_EVENTS):
        return 0
    now, sent = now or utcnow(), 0
    states = consent_states(session, ids, now)
    known = {s.customer_id: s for s in session.scalars(select(CustomerSignal).where(CustomerSignal.customer_id.in_(ids)))}
    refs = customer_refs(session, ids)
    for cid in ids:
        if cid not in refs:
            continue
        items = reads.customer_light_items(session, cid, states[cid]["social_profiling"]["granted"])
        risk = assess(items, reads.purchase_summary(session, cid)["total_value"], now)
        trend = sentiment_change(items, now)
        state = known.get(cid) or CustomerSignal(customer_id=cid, risk_level="low", sentiment_direction=None)
        if state.risk_level != risk["level"]:
            emit(session, "customer.risk_changed", {"customer": refs[cid], "risk": {
                "level": risk["level"], "previous": state.risk_level, "high_value": risk["high_value"],
                "reasons": [r["code"] for r in risk["reasons"]]}}, customer_id=cid)
            sent += 1
        if trend["direction"] is not None and state.sentiment_direction != trend["direction"]:
            emit(session, "customer.sentiment_changed", {"customer": refs[cid], "trend": {
                "direction": trend["direction"], "previous": state.sentiment_direction,
                "recent_average": trend["recent_average"], "previous_average": trend["previous_average"]}},
                customer_id=cid)
            sent += 1
        state.risk_level, state.updated_at = risk["level"], now
        state.sentiment_direction = trend["direction"] or state.sentiment_direction
        if cid not in known:
            session.add(state)
    return sent


def consent_changed(session: Session, events: list[dict]) -> int:
    """consent.changed for events appended to the ledger (customer, purpose, status, valid_from)."""
    if not events or not subscribed(session, "consent.changed"):
        return 0
    refs = customer_refs(session, {e["customer_id"] for e in events})
    for e in events:
        emit(session, "consent.changed", {"customer": refs.get(e["customer_id"]), "purpose": e["purpose"],
                                          "status": e["status"], "valid_from": _stamp(e["valid_from"])},
             customer_id=e["customer_id"])
    return len(events)


def forget_customer(session: Session, customer_id: int) -> int:
    """Erasure: delete the customer's events with their deliveries and attempts (nothing of them stays queued)."""
    events = list(session.scalars(select(OutboxEvent.id).where(OutboxEvent.customer_id == customer_id)))
    deliveries = list(session.scalars(select(WebhookDelivery.id).where(
        WebhookDelivery.event_id.in_(events)))) if events else []
    if deliveries:
        session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries)))
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.id.in_(deliveries)))
    if events:
        session.execute(delete(OutboxEvent).where(OutboxEvent.id.in_(events)))
    session.execute(delete(CustomerSignal).where(CustomerSignal.customer_id == customer_id))
    return len(events)


def forget_items(session: Session, feedback_ids, customer_ids) -> int:
    """De-identification: complaint events of these items lose their text and link, queued or sent."""
    ids, done = set(feedback_ids), 0
    if not ids or not customer_ids:
        return 0
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.type == "feedback.complaint",
                                                      OutboxEvent.customer_id.in_(sorted(customer_ids))))
    for event in events:
        if event.data.get("feedback_id") in ids:
            # the customer stays: a pending delivery checks it and is cancelled (erasure removes the rest)
            event.data = {k: v for k, v in event.data.items() if k not in ("text", "url")}
            done += 1
    return done


def customer_erased(session: Session, ref: dict) -> None:
    """customer.erased, carrying only the ids the receiver holds (kept until every delivery of it ended)."""
    if subscribed(session, "customer.erased"):
        emit(session, "customer.erased", {"customer": ref})


def announce_emerging(session: Session, k: int, now: datetime | None = None) -> dict:
    """pain_point.emerging and theme.emerging for issues flagged this or last week and not announced before."""
    from ..services.aggregates.themes import discovered_themes
    from ..services.aggregates.trends import weekly_trends

    now, counts = now or utcnow(), {"pain_point.emerging": 0, "theme.emerging": 0}
    found = []
    if subscribed(session, "pain_point.emerging"):
        for e in weekly_trends(session, weeks=2, until=now, k=k)["emerging"]:
            found.append(("pain_point.emerging", f"pain:{e['sku']}:{e['code']}:{e['week']}", {
                "sku": e["sku"], "code": e["code"], "code_label": e["code_label"], "week": str(e["week"]),
                "count": e["count"], "baseline_mean": e["baseline_mean"], "threshold": e["threshold"]}))
    if subscribed(session, "theme.emerging"):
        for t in discovered_themes(session, weeks=2, until=now, k=k)["themes"]:
            if t["emerging"]:
                flagged = t["emerging"]
                found.append(("theme.emerging", f"theme:{t['sku']}:{t['key']}:{flagged.get('week')}", {
                    "sku": t["sku"], "key": t["key"], "label": t["label"], "week": str(flagged.get("week")),
                    "count": flagged.get("count"), "distinct_authors": t["distinct_authors"]}))
    seen = set(session.scalars(select(EmergingSeen.key).where(EmergingSeen.key.in_([f[1][:200] for f in found])))) \
        if found else set()
    for event_type, key, data in found:
        if key[:200] in seen:
            continue
        session.add(EmergingSeen(key=key[:200], seen_at=now))
        emit(session, event_type, data)
        counts[event_type] += 1
    return counts
