"""Customer ingest: upsert by CRM id, keep identities and the consent ledger in step, link late."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ...models import ConsentEvent, Customer, Identity, Purchase, utcnow
from ...schemas.records import HANDLE_KINDS
from ..aggregates.facts import refresh_buyers
from ..identity.identifiers import IdentityHasher
from ..identity.linking import customers_by_hash, feedback_touching, relink_feedback
from ..privacy.consent_changes import apply_social_profiling
from ..privacy.suppression import erased_hashes
from ..sql import any_of, chunks, insert_rows
from .batch import BatchResult, last_per_key, quarantine, validate
from .salvage import unusable_identifiers


def identity_pairs(data: dict, hasher: IdentityHasher) -> tuple[set[tuple[str, str]], list[dict]]:
    """(kind, hash) of a customer record's usable identifiers, and a warning for each unusable one."""
    values = [("email", "email", data.get("email")), ("phone", "phone", data.get("phone"))]
    values += [(kind, f"handles.{kind}", (data.get("handles") or {}).get(kind)) for kind in HANDLE_KINDS]
    kinds = {field: kind for kind, field, _value in values}
    hashes, warnings = unusable_identifiers(values, hasher)
    pairs = {("crm", hasher.crm(data["source"], data["external_id"]))}
    return pairs | {(kinds[field], h) for field, h in hashes.items()}, warnings


def _existing_customers(session: Session, keys) -> dict[tuple[str, str], Customer]:
    found = {}
    keys = set(keys)
    for chunk in chunks(sorted({external_id for _s, external_id in keys})):
        for row in session.execute(select(Customer.id, Customer.source, Customer.external_id, Customer.name,
                                          Customer.email).where(any_of(session, Customer.external_id, chunk))):
            if (row.source, row.external_id) in keys:  # by the indexed id, then the exact natural key
                found[(row.source, row.external_id)] = row
    return found


def _sync_identities(session: Session, desired: dict[int, set[tuple[str, str]]], provenance: dict[int, str]):
    current: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for chunk in chunks(desired):
        for iid, cid, kind, h in session.execute(select(Identity.id, Identity.customer_id, Identity.kind, Identity.hash)
                                                 .where(any_of(session, Identity.customer_id, chunk))):
            current[cid][(kind, h)] = iid
    added, removed, touched, now = [], [], set(), utcnow()
    for cid, pairs in desired.items():
        held = current[cid]
        for kind, h in pairs - held.keys():
            added.append({"customer_id": cid, "kind": kind, "hash": h, "provenance": provenance[cid],
                          "created_at": now})
        removed += [(held[pair], cid, *pair) for pair in held.keys() - pairs]
        if pairs != held.keys():
            touched.add(cid)
    insert_rows(session, Identity, added, ignore_conflicts=True)
    for chunk in chunks([iid for iid, *_rest in removed]):
        session.execute(delete(Identity).where(Identity.id.in_(chunk)))
    return added, [(cid, kind, h) for _iid, cid, kind, h in removed], touched


def _append_consents(session: Session, consents: dict[int, list[dict]], origin: str) -> tuple[set[int], set[int]]:
    """Append events not yet in the ledger; returns customers with new events, and those of social_profiling."""
    seen = set()
    for chunk in chunks(consents):
        seen.update(session.execute(select(ConsentEvent.customer_id, ConsentEvent.purpose, ConsentEvent.status,
                                           ConsentEvent.valid_from, ConsentEvent.source)
                                    .where(any_of(session, ConsentEvent.customer_id, chunk))))
    rows, now = [], utcnow()
    for cid, events in consents.items():
        for event in events:
            valid_from = event["valid_from"] or event["recorded_at"] or now
            key = (cid, event["purpose"], event["status"], valid_from, event["source"] or origin)
            if key not in seen:
                seen.add(key)
                rows.append({"customer_id": cid, "purpose": event["purpose"], "status": event["status"],
                             "source": key[4], "recorded_at": event["recorded_at"] or now,
                             "valid_from": valid_from, "expires_at": event["expires_at"]})
    insert_rows(session, ConsentEvent, rows)
    from ...webhooks.signals import consent_changed

    consent_changed(session, rows)
    return {r["customer_id"] for r in rows}, {r["customer_id"] for r in rows if r["purpose"] == "social_profiling"}


def ingest_customers(session: Session, records: list, *, origin: str, hasher: IdentityHasher) -> BatchResult:
    """Upsert a batch of CRM customers with their identities and consents; links earlier feedback."""
    result = BatchResult(received=len(records))
    valid, rejected = validate("customer", records, result)
    prepared = []
    for index, data in valid:
        data["pairs"], warnings = identity_pairs(data, hasher)
        if any(w["field"] == "email" for w in warnings):
            data["email"] = None  # a dropped field is not kept for display either
        result.warn(index, records[index], warnings)
        prepared.append((index, data))
    quarantine(session, origin, "customer", sorted(rejected, key=lambda r: r.index), hasher, result)
    prepared, result.duplicates = last_per_key(prepared, lambda d: (d["source"], d["external_id"]))
    erased = erased_hashes(session, (h for _i, d in prepared for _k, h in d["pairs"]))
    kept = []
    for index, data in prepared:
        data["_index"] = index
        if any(h in erased for _k, h in data["pairs"]):
            result.suppressed += 1  # an erased person is never collected again
        else:
            kept.append(data)
    if not kept:
        return result

    existing = _existing_customers(session, {(d["source"], d["external_id"]) for d in kept})
    new = [{"source": d["source"], "external_id": d["external_id"], "name": d["name"],
            "email": (d["email"] or "").strip().lower() or None} for d in kept if (d["source"], d["external_id"]) not in existing]
    insert_rows(session, Customer, new, ignore_conflicts=True)
    changes = []
    for d in kept:
        row = existing.get((d["source"], d["external_id"]))
        email = (d["email"] or "").strip().lower() or None
        if row is not None and (row.name, row.email) != (d["name"], email):
            changes.append({"id": row.id, "name": d["name"], "email": email, "updated_at": utcnow()})
    if changes:
        session.execute(update(Customer), changes)
    ids = {key: row.id for key, row in _existing_customers(session, {(d["source"], d["external_id"]) for d in kept}).items()}
    desired = {ids[(d["source"], d["external_id"])]: d["pairs"] for d in kept}
    # which record established the identifiers: the origin and the CRM record's natural key
    provenance = {ids[(d["source"], d["external_id"])]: f"{origin}:customer:{d['source']}/{d['external_id']}"[:200]
                  for d in kept}
    added, removed, touched = _sync_identities(session, desired, provenance)
    consented, social = _append_consents(session, {ids[(d["source"], d["external_id"])]: d["consents"] for d in kept},
                                          origin)
    changed_ids = {c["id"] for c in changes} | touched | consented
    for d in kept:
        cid = ids[(d["source"], d["external_id"])]
        status = ("created" if (d["source"], d["external_id"]) not in existing else
                  "updated" if cid in changed_ids else "unchanged")
        result.keep(d["_index"], d["external_id"], cid, status)

    changed_hashes = {a["hash"] for a in added} | {h for _c, _k, h in removed}
    orders = link_purchases(session, {a["hash"] for a in added if a["kind"] in ("crm", "email")})
    candidates = feedback_touching(session, hashes=changed_hashes, order_ids=orders, customer_ids=touched)
    result.linked = relink_feedback(session, candidates)["linked"]
    if social:
        apply_social_profiling(session, social)
    return result


def link_purchases(session: Session, buyer_hashes: set[str]) -> set[str]:
    """Attach purchases waiting for these buyers (by CRM id or e-mail hash); returns their order ids."""
    owners = {h: next(iter(c)) for h, c in customers_by_hash(session, buyer_hashes).items() if len(c) == 1}
    orders: set[str] = set()
    changes = []
    for chunk in chunks(owners):
        rows = session.execute(select(Purchase.id, Purchase.buyer_ref, Purchase.order_id, Purchase.customer_id)
                               .where(any_of(session, Purchase.buyer_ref, chunk)))
        for pid, ref, order_id, cid in rows:
            if cid is None:
                changes.append({"id": pid, "customer_id": owners[ref]})
            if order_id:
                orders.add(order_id)
    if changes:
        session.execute(update(Purchase), changes)
        refresh_buyers(session, {c["customer_id"] for c in changes})
    return orders
