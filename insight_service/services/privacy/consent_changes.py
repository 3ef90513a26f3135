"""A consent change: its ledger event with consent.changed; a social_profiling withdrawal de-identifies, a grant relinks."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ConsentEvent, utcnow
from ...webhooks.signals import consent_changed
from ..outbound.writeback_state import wake
from ..identity.linking import feedback_touching, relink_feedback
from .consent import consent_states
from .suppression import identity_pairs_of, lift_third_party_suppression, withdraw_social_profiling


def append_consent(session: Session, customer_id: int, purpose: str, status: str, source: str,
                   valid_from: datetime | None = None, expires_at: datetime | None = None,
                   recorded_at: datetime | None = None) -> ConsentEvent | None:
    """Append one event; an identical event already in the ledger is not appended twice."""
    now = utcnow()
    valid_from = valid_from or recorded_at or now
    existing = session.scalar(select(ConsentEvent.id).where(
        ConsentEvent.customer_id == customer_id, ConsentEvent.purpose == purpose,
        ConsentEvent.status == status, ConsentEvent.valid_from == valid_from,
        ConsentEvent.source == source))
    if existing is not None:
        return None
    event = ConsentEvent(customer_id=customer_id, purpose=purpose, status=status, source=source,
                         recorded_at=recorded_at or now, valid_from=valid_from, expires_at=expires_at)
    session.add(event)
    session.flush()
    consent_changed(session, [{"customer_id": customer_id, "purpose": purpose, "status": status,
                               "valid_from": valid_from}])
    if status != "granted":  # what we wrote into the CRM under that consent is cleared now, not at the next run
        wake(session, [customer_id])
    return event


def apply_social_profiling(session: Session, customer_ids) -> dict[str, int]:
    """Enforce the current social_profiling state of customers whose ledger just changed (set-based)."""
    states = consent_states(session, customer_ids)
    granted = [cid for cid, s in states.items() if s["social_profiling"]["granted"]]
    refused = [cid for cid, s in states.items()
               if s["social_profiling"]["status"] in ("denied", "withdrawn", "expired")]
    counts = {"third_party_items_deidentified": 0, "linked": 0}
    if granted:
        hashes = {h for _k, h in identity_pairs_of(session, granted)}
        lift_third_party_suppression(session, hashes)
        counts["linked"] = relink_feedback(session, feedback_touching(session, hashes=hashes))["linked"]
    if refused:
        counts["third_party_items_deidentified"] = withdraw_social_profiling(
            session, refused)["third_party_items_deidentified"]
    return counts
