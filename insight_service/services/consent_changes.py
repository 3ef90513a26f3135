"""What a consent change does at once: a social_profiling withdrawal de-identifies, a grant relinks."""
from __future__ import annotations

from sqlalchemy.orm import Session

from .consent import consent_states
from .linking import feedback_touching, relink_feedback
from .privacy import customer_identity_pairs, lift_third_party_suppression, withdraw_social_profiling


def apply_social_profiling(session: Session, customer_ids) -> dict[str, int]:
    """Enforce the current social_profiling state of customers whose ledger just changed."""
    counts = {"third_party_items_deidentified": 0, "linked": 0}
    states = consent_states(session, customer_ids)
    for customer_id, by_purpose in states.items():
        state = by_purpose["social_profiling"]
        if state["granted"]:
            hashes = {h for _k, h in customer_identity_pairs(session, customer_id)}
            lift_third_party_suppression(session, hashes)
            counts["linked"] += relink_feedback(session, feedback_touching(session, hashes=hashes))["linked"]
        elif state["status"] in ("denied", "withdrawn", "expired"):
            counts["third_party_items_deidentified"] += withdraw_social_profiling(
                session, customer_id)["third_party_items_deidentified"]
    return counts
