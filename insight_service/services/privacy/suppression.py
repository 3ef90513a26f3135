"""Suppression list and de-identification: what opt-outs, withdrawals and retention do to stored data."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ...models import (
    Feedback,
    FeedbackHandling,
    FeedbackIdentifier,
    FeedbackPainPoint,
    FeedbackTheme,
    Identity,
    Purchase,
    QuarantinedRecord,
    Suppression,
    utcnow,
)
from ...wiping import mark as mark_for_wipe
from ..aggregates.facts import refresh_feedback
from ..identity.identifiers import IdentityHasher
from ..outbound.writeback_state import wake
from ..sql import any_chunks, any_of, chunks, insert_rows
from .lock import hold_for_privacy_change


def suppressed_scopes(session: Session, hashes) -> dict[str, set[str]]:
    """hash -> scopes under which it is suppressed ("all", "third_party")."""
    found: dict[str, set[str]] = {}
    for chunk in any_chunks(session, set(hashes)):
        query = select(Suppression.hash, Suppression.scope).where(any_of(session, Suppression.hash, chunk))
        for h, scope in session.execute(query):
            found.setdefault(h, set()).add(scope)
    return found


def suppressed_order_scopes(session: Session, order_ids) -> dict[str, set[str]]:
    """order id -> scopes under which an identifier of a buyer in that order is suppressed (an order reference
    links an item to its buyer as an e-mail does, so it must not bring back someone who opted out)."""
    found: dict[str, set[str]] = {}
    for chunk in any_chunks(session, {o for o in order_ids if o}):
        query = (select(Purchase.order_id, Suppression.scope)
                 .join(Identity, Identity.customer_id == Purchase.customer_id).join(Suppression, Suppression.hash == Identity.hash).where(any_of(session, Purchase.order_id, chunk))
                 .distinct())
        for order_id, scope in session.execute(query):
            found.setdefault(order_id, set()).add(scope)
    return found


def order_ref_hash(hasher: IdentityHasher, order_id: str | None) -> str | None:
    """The suppression-list hash of an order reference (kept when the purchases themselves are erased)."""
    return hasher.digest("order_ref", order_id.strip()) if order_id and order_id.strip() else None


def orders_of(session: Session, customer_ids) -> set[str]:
    """The order ids of these customers' purchases."""
    found: set[str] = set()
    for chunk in chunks(set(customer_ids)):
        found.update(o for o in session.scalars(select(Purchase.order_id).where(Purchase.customer_id.in_(chunk))) if o)
    return found


def erased_hashes(session: Session, hashes) -> set[str]:
    """The hashes that belong to erased people (their records are never stored again)."""
    out: set[str] = set()
    for chunk in chunks(set(hashes)):
        out.update(session.scalars(select(Suppression.hash).where(any_of(session, Suppression.hash, chunk),
                                                                  Suppression.reason == "erasure")))
    return out


def is_suppressed(scopes: dict[str, set[str]], hashes, party: str) -> bool:
    """Whether an item with these author hashes may keep no text or identity."""
    for h in hashes:
        found = scopes.get(h, ())
        if "all" in found or (party == "third" and "third_party" in found):
            return True
    return False


def suppress(session: Session, pairs, reason: str, scope: str = "all") -> int:
    """Put (kind, hash) pairs on the suppression list; returns how many were new."""
    rows = [{"kind": k, "hash": h, "reason": reason, "scope": scope, "created_at": utcnow()} for k, h in set(pairs)]
    if not rows:
        return 0
    before = set(suppressed_scopes(session, (r["hash"] for r in rows)))
    insert_rows(session, Suppression, rows, ignore_conflicts=True)
    if scope == "all":  # a wider suppression replaces a third-party-only one
        for chunk in chunks([r["hash"] for r in rows]):
            session.execute(update(Suppression).where(Suppression.hash.in_(chunk), Suppression.scope != "all")
                            .values(scope="all", reason=reason))
    return len({r["hash"] for r in rows} - before)


def lift_third_party_suppression(session: Session, hashes) -> None:
    """A renewed social_profiling grant lifts the suppression its withdrawal put in place."""
    for chunk in chunks(set(hashes)):
        session.execute(delete(Suppression).where(Suppression.hash.in_(chunk), Suppression.scope == "third_party",
                                                  Suppression.reason == "withdrawal"))


def deidentify_feedback(session: Session, feedback_ids, now: datetime | None = None) -> int:
    """Keep only anonymous facts (date, source, product, sentiment, pain-point codes) of these items."""
    ids = sorted(set(feedback_ids))
    now = now or utcnow()
    done = 0
    from ...webhooks.signals import forget_items

    if ids:
        mark_for_wipe(session, "feedback", "feedback_identifiers", "feedback_pain_points", "feedback_themes",
                      "feedback_handling", "pain_point_facts", "feedback_facts", "outbox_events")
    for chunk in chunks(ids):
        customers = set(session.scalars(select(Feedback.customer_id).where(Feedback.id.in_(chunk),
                                                                           Feedback.customer_id.is_not(None))))
        forget_items(session, chunk, customers)  # an event sent or queued keeps no text of an item that lost it
        result = session.execute(
            update(Feedback).where(Feedback.id.in_(chunk)).values(
                text=None, url=None, external_id=None, order_ref=None, author_hash=None, customer_id=None,
                link_rule=None, handled_note=None, handled_by=None, content_hash="", deidentified_at=now,
                updated_at=now)
            .execution_options(synchronize_session=False))
        done += result.rowcount
        session.execute(delete(FeedbackIdentifier).where(FeedbackIdentifier.feedback_id.in_(chunk)))
        session.execute(delete(FeedbackHandling).where(FeedbackHandling.feedback_id.in_(chunk)))  # names, notes
        session.execute(update(FeedbackPainPoint).where(FeedbackPainPoint.feedback_id.in_(chunk))
                        .values(span_start=None, span_end=None, clause_start=None, clause_end=None)
                        .execution_options(synchronize_session=False))
        # theme phrases are words of the text: they go with it (counts of codes stay as anonymous facts)
        session.execute(delete(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(chunk)))
    refresh_feedback(session, ids)
    return done


def feedback_by_hashes(session: Session, hashes, third_party_only: bool = False) -> set[int]:
    """Items whose author carries any of the hashes."""
    ids: set[int] = set()
    for chunk in chunks(set(hashes)):
        query = select(FeedbackIdentifier.feedback_id).where(FeedbackIdentifier.hash.in_(chunk))
        if third_party_only:
            query = query.join(Feedback, Feedback.id == FeedbackIdentifier.feedback_id).where(Feedback.party == "third")
        ids.update(session.scalars(query))
    return ids


def feedback_with_orders(session: Session, order_ids) -> set[int]:
    """Items that refer to any of these orders (whoever wrote them)."""
    ids: set[int] = set()
    for chunk in chunks(set(order_ids)):
        ids.update(session.scalars(select(Feedback.id).where(any_of(session, Feedback.order_ref, chunk))))
    return ids


def customer_identity_pairs(session: Session, customer_id: int) -> set[tuple[str, str]]:
    """(kind, hash) of every identifier of a customer."""
    return set(session.execute(select(Identity.kind, Identity.hash).where(Identity.customer_id == customer_id)))


def identity_pairs_of(session: Session, customer_ids) -> set[tuple[str, str]]:
    """(kind, hash) of every identifier of several customers."""
    pairs: set[tuple[str, str]] = set()
    for chunk in chunks(set(customer_ids)):
        pairs.update(session.execute(select(Identity.kind, Identity.hash).where(Identity.customer_id.in_(chunk))))
    return pairs


def delete_quarantined_of(session: Session, hashes) -> int:
    """Remove quarantined records that carry any of these identifier hashes; returns how many."""
    hashes = set(hashes)
    doomed = [q.id for q in session.scalars(select(QuarantinedRecord))
              if q.identifier_hashes and hashes.intersection(q.identifier_hashes)]
    for chunk in chunks(doomed):
        session.execute(delete(QuarantinedRecord).where(QuarantinedRecord.id.in_(chunk)))
    if doomed:
        mark_for_wipe(session, "quarantine")
    return len(doomed)


def withdraw_social_profiling(session: Session, customer_ids) -> dict[str, int]:
    """Unlink and de-identify these people's public posts now, and stop collecting new ones."""
    hold_for_privacy_change(session)
    pairs = identity_pairs_of(session, customer_ids)
    items = feedback_by_hashes(session, {h for _k, h in pairs}, third_party_only=True)
    for chunk in chunks(set(customer_ids)):
        items.update(session.scalars(select(Feedback.id).where(Feedback.customer_id.in_(chunk),
                                                               Feedback.party == "third")))
    suppressed = suppress(session, [(k, h) for k, h in pairs if k != "crm"], "withdrawal", scope="third_party")
    return {"third_party_items_deidentified": deidentify_feedback(session, items),
            "identifiers_suppressed": suppressed}


def opt_out(session: Session, hasher: IdentityHasher, identifiers: list[dict]) -> dict:
    """Suppress identifiers of anyone and de-identify what we already hold from them."""
    from ..identity.identifiers import PLACEHOLDER

    hold_for_privacy_change(session)
    pairs, warnings = set(), []
    for index, item in enumerate(identifiers):
        # A malformed value is never stored as anyone's identifier, so it has nothing to suppress: say so.
        h, problem = hasher.examine(item["kind"], item["value"])
        if h is not None:
            pairs.add((item["kind"], h))
        elif problem is not None and problem != PLACEHOLDER:
            warnings.append({"field": f"identifiers.{index}.value", "message": problem})
    blocked = len(identifiers) - len(pairs)
    # An opt-out is the person's: every identifier of a customer it names is suppressed too.
    owners = set(session.scalars(select(Identity.customer_id).where(Identity.hash.in_([h for _k, h in pairs]))))
    for customer_id in owners:
        pairs |= {(k, h) for k, h in customer_identity_pairs(session, customer_id) if k != "crm"}
    orders = orders_of(session, owners)
    pairs |= {("order_ref", order_ref_hash(hasher, o)) for o in orders}
    wake(session, owners)  # the CRM fields we wrote for them are cleared once this commits
    items = feedback_by_hashes(session, {h for _k, h in pairs}) | feedback_with_orders(session, orders)
    if owners:
        items |= set(session.scalars(select(Feedback.id).where(Feedback.customer_id.in_(owners))))
    return {"identifiers_received": len(identifiers), "identifiers_blocked": blocked,
            "identifiers_suppressed": suppress(session, pairs, "opt_out"), "customers_concerned": len(owners),
            "items_deidentified": deidentify_feedback(session, items),
            "quarantined_records_removed": delete_quarantined_of(session, {h for _k, h in pairs}),
            "warnings": warnings}


def purge_expired_texts(session: Session, older_than: datetime) -> int:
    """Retention: de-identify third-party items posted before a moment."""
    hold_for_privacy_change(session)
    ids = session.scalars(select(Feedback.id).where(Feedback.party == "third", Feedback.posted_at < older_than,
                                                    Feedback.deidentified_at.is_(None))).all()
    return deidentify_feedback(session, ids)
