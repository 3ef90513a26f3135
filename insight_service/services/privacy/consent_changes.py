"""What a consent change does at once: a social_profiling withdrawal de-identifies, a grant relinks."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..identity.linking import feedback_touching, relink_feedback
from .consent import consent_states
from .suppression import identity_pairs_of, lift_third_party_suppression, withdraw_social_profiling


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
