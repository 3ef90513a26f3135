"""Identity resolution: link feedback to exactly one customer by identifiers or order reference."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...models import Feedback, FeedbackIdentifier, Identity, Purchase, utcnow
from ..aggregates.facts import refresh_feedback
from ..privacy.consent import granted_customers
from ..sql import any_chunks, any_of, chunks

# When several identifiers match the same customer, the rule names the strongest one.
PRECEDENCE = ("email", "phone", "order_ref", "twitter", "facebook", "instagram", "trustpilot")


@dataclass(frozen=True)
class Link:
    """The outcome of resolving one item: a customer and the rule, or why not."""

    customer_id: int | None = None
    rule: str | None = None
    ambiguous: bool = False


UNLINKED = Link()


def customers_by_hash(session: Session, hashes) -> dict[str, set[int]]:
    """identity hash -> the customers holding it (more than one means ambiguous)."""
    found: dict[str, set[int]] = defaultdict(set)
    for chunk in any_chunks(session, set(hashes)):
        rows = session.execute(select(Identity.hash, Identity.customer_id).where(any_of(session, Identity.hash, chunk)))
        for h, cid in rows:
            found[h].add(cid)
    return found


def customers_by_order(session: Session, order_ids) -> dict[str, set[int]]:
    """order id -> the customers who bought in that order."""
    found: dict[str, set[int]] = defaultdict(set)
    for chunk in any_chunks(session, {o for o in order_ids if o}):
        rows = session.execute(select(Purchase.order_id, Purchase.customer_id)
                               .where(any_of(session, Purchase.order_id, chunk), Purchase.customer_id.is_not(None)))
        for order_id, cid in rows:
            found[order_id].add(cid)
    return found


def resolve(session: Session, items: list[tuple[dict[str, str], str | None, str]]) -> list[Link]:
    """Resolve (identifier hashes by kind, order ref, party) items; third-party needs social_profiling."""
    by_hash = customers_by_hash(session, (h for ids, _o, _p in items for h in ids.values()))
    by_order = customers_by_order(session, (o for _i, o, _p in items))
    links: list[Link] = []
    for identifiers, order_ref, _party in items:
        matches = [(kind, by_hash.get(h)) for kind, h in identifiers.items()]
        if order_ref:
            matches.append(("order_ref", by_order.get(order_ref)))
        ambiguous = any(len(found) > 1 for _kind, found in matches if found)
        single = {kind: next(iter(found)) for kind, found in matches if found and len(found) == 1}
        owners = set(single.values())
        if len(owners) == 1 and not ambiguous:
            rule = min(single, key=PRECEDENCE.index)
            links.append(Link(single[rule], rule))
        else:
            links.append(Link(ambiguous=True) if ambiguous or len(owners) > 1 else UNLINKED)
    third = {link.customer_id for link, (_i, _o, party) in zip(links, items) if link.customer_id and party == "third"}
    allowed = granted_customers(session, third, "social_profiling") if third else set()
    return [UNLINKED if link.customer_id and party == "third" and link.customer_id not in allowed else link
            for link, (_i, _o, party) in zip(links, items)]


def relink_feedback(session: Session, feedback_ids) -> dict[str, int]:
    """Recompute the link of stored (not de-identified) items; returns linked/unlinked counts."""
    counts = {"linked": 0, "unlinked": 0}
    for chunk in chunks(set(feedback_ids)):
        rows = session.execute(select(Feedback.id, Feedback.order_ref, Feedback.party, Feedback.customer_id,
                                      Feedback.link_rule)
                               .where(any_of(session, Feedback.id, chunk), Feedback.deidentified_at.is_(None))).all()
        identifiers: dict[int, dict[str, str]] = defaultdict(dict)
        for fid, kind, h in session.execute(select(FeedbackIdentifier.feedback_id, FeedbackIdentifier.kind,
                                                   FeedbackIdentifier.hash)
                                            .where(any_of(session, FeedbackIdentifier.feedback_id, chunk))):
            identifiers[fid][kind] = h
        links = resolve(session, [(identifiers[r.id], r.order_ref, r.party) for r in rows])
        changes, newly, touched = [], [], set()
        for row, link in zip(rows, links):
            if (row.customer_id, row.link_rule) != (link.customer_id, link.rule):
                changes.append({"id": row.id, "customer_id": link.customer_id, "link_rule": link.rule,
                                "updated_at": utcnow()})
                counts["linked" if link.customer_id else "unlinked"] += 1
                touched.update((row.customer_id, link.customer_id))
                if link.customer_id is not None and link.customer_id != row.customer_id:
                    newly.append(row.id)
        if changes:
            session.execute(update(Feedback), changes)
            refresh_feedback(session, [c["id"] for c in changes])
            _events(session, newly, touched)
    return counts


def _events(session: Session, newly_linked: list[int], customer_ids: set) -> None:
    """In the change's transaction: a complaint now known to be a customer's, and their changed signals."""
    from ...webhooks.signals import linked_later, refresh_signals

    linked_later(session, newly_linked)
    refresh_signals(session, customer_ids)


def feedback_touching(session: Session, hashes=(), order_ids=(), customer_ids=()) -> set[int]:
    """Ids of items carrying any of the hashes, referring to the orders, or linked to the customers."""
    ids: set[int] = set()
    for chunk in chunks(set(hashes)):
        ids.update(session.scalars(select(FeedbackIdentifier.feedback_id)
                                   .where(any_of(session, FeedbackIdentifier.hash, chunk))))
    for chunk in chunks({o for o in order_ids if o}):
        ids.update(session.scalars(select(Feedback.id).where(any_of(session, Feedback.order_ref, chunk))))
    for chunk in chunks(set(customer_ids)):
        ids.update(session.scalars(select(Feedback.id).where(any_of(session, Feedback.customer_id, chunk))))
    return ids
