"""Erasure (right to be forgotten) and access (everything held about a person)."""
from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...models import AuditLog, ConsentEvent, Customer, Feedback, FeedbackPainPoint, Identity, Purchase, utcnow
from ...wiping import mark as mark_for_wipe
from ..identity.identifiers import IdentityHasher
from ..outbound.writeback_state import forget_customer
from .lock import hold_for_privacy_change
from .suppression import (
    customer_identity_pairs,
    deidentify_feedback,
    delete_quarantined_of,
    feedback_by_hashes,
    feedback_with_orders,
    order_ref_hash,
    orders_of,
    suppress,
)


def erase_customer(session: Session, customer_id: int, hasher: IdentityHasher | None = None) -> dict | None:
    """Delete the person and everything derived from them; keep suppressions (their order references too,
    given the hasher); return a receipt."""
    hold_for_privacy_change(session)
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    from ...webhooks.signals import customer_erased
    from ...webhooks.signals import forget_customer as unqueue_events

    ref = {"id": customer.id, "crm_source": customer.source, "crm_id": customer.external_id}
    unqueue_events(session, customer_id)  # nothing of theirs stays queued for a receiver
    pairs = customer_identity_pairs(session, customer_id)
    hashes = {h for _k, h in pairs}
    items = set(session.scalars(select(Feedback.id).where(Feedback.customer_id == customer_id)))
    items |= feedback_by_hashes(session, hashes)
    orders = orders_of(session, [customer_id])
    items |= feedback_with_orders(session, orders)  # written from another address about their order
    spans = session.scalar(select(func.count()).select_from(FeedbackPainPoint).where(
        FeedbackPainPoint.feedback_id.in_(items or [-1]), FeedbackPainPoint.span_start.is_not(None))) or 0
    counts = {
        "customer": 1,
        "identities": len(pairs),
        "purchases": session.scalar(select(func.count()).where(Purchase.customer_id == customer_id)) or 0,
        "consent_events": session.scalar(select(func.count()).where(ConsentEvent.customer_id == customer_id)) or 0,
        "feedback_deidentified": deidentify_feedback(session, items),
        "pain_point_spans": spans,
    }
    counts["quarantined_records"] = delete_quarantined_of(session, hashes)
    suppress(session, pairs, "erasure")
    counts["suppressed_identifiers"] = len(pairs)
    counts["crm_writeback_clears"] = forget_customer(session, customer_id)  # the CRM fields we wrote get emptied
    if hasher is not None:
        suppress(session, {("order_ref", order_ref_hash(hasher, o)) for o in orders}, "erasure")
    session.execute(delete(Purchase).where(Purchase.customer_id == customer_id))
    session.execute(delete(ConsentEvent).where(ConsentEvent.customer_id == customer_id))
    session.execute(delete(Identity).where(Identity.customer_id == customer_id))
    session.execute(delete(Customer).where(Customer.id == customer_id))
    mark_for_wipe(session, "customers", "identities", "purchases", "consent_events", "outbox_events",
                  "webhook_deliveries", "webhook_attempts", "customer_signals")
    customer_erased(session, ref)
    session.expunge_all()
    return {"receipt_id": uuid.uuid4().hex, "customer_id": customer_id, "erased_at": utcnow(), "removed": counts}


def export_customer(session: Session, customer_id: int) -> dict | None:
    """Everything held about a person, as plain data (access and portability)."""
    from .consent import consent_history, consent_states

    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    purchases = session.execute(select(Purchase).where(Purchase.customer_id == customer_id)
                                .order_by(Purchase.purchased_at)).scalars()
    feedback = session.scalars(select(Feedback).where(Feedback.customer_id == customer_id).order_by(Feedback.posted_at))
    audit = session.scalars(select(AuditLog).where(AuditLog.subject_type == "customer",
                                                   AuditLog.subject_id == str(customer_id)).order_by(AuditLog.id))
    return {
        "customer": customer,
        "identifiers": [{"kind": i.kind, "provenance": i.provenance, "created_at": i.created_at}
                        for i in customer.identities],
        "purchases": list(purchases),
        "feedback": list(feedback),
        "consents": {"current": consent_states(session, [customer_id])[customer_id],
                     "history": consent_history(session, customer_id)},
        "audit": list(audit),
    }
