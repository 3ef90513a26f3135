"""Purchase ingest: order lines upserted by id, products kept, buyers linked now or when they arrive."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from ...models import Purchase
from ..aggregates.facts import refresh_buyers
from ..identity.identifiers import IdentityHasher
from ..identity.linking import customers_by_hash, feedback_touching, relink_feedback
from ..privacy.suppression import erased_hashes
from ..sql import insert_rows, rows_by_key
from .batch import BatchResult, last_per_key, quarantine, validate
from .products import ensure_products
from .salvage import unusable_identifiers

FIELDS = ("order_id", "customer_id", "buyer_ref", "product_id", "quantity", "amount", "currency", "purchased_at",
          "channel")


NO_BUYER = {"field": "customer_external_id", "message": "no usable buyer (customer_external_id or customer_email): "
                                                        "stored unlinked"}


def _buyer_ref(data: dict, hasher: IdentityHasher) -> tuple[str | None, list[dict]]:
    """The buyer's identity hash (CRM id first, else e-mail) and warnings when there is none to link by."""
    if data["customer_external_id"]:
        return hasher.crm(data["customer_source"] or data["source"], data["customer_external_id"]), []
    hashes, warnings = unusable_identifiers([("email", "customer_email", data["customer_email"])], hasher)
    ref = hashes.get("customer_email")
    return ref, warnings + ([] if ref else [NO_BUYER])


def ingest_purchases(session: Session, records: list, *, origin: str, hasher: IdentityHasher) -> BatchResult:
    """Upsert a batch of order lines; feedback that names their orders is linked afterwards."""
    result = BatchResult(received=len(records))
    valid, rejected = validate("purchase", records, result)
    quarantine(session, origin, "purchase", rejected, hasher, result)
    for index, data in valid:
        data["buyer_ref"], warnings = _buyer_ref(data, hasher)
        result.warn(index, records[index], warnings)
    valid, result.duplicates = last_per_key(valid, lambda d: (d["source"], d["external_id"]))
    for index, data in valid:
        data["_index"] = index
    erased = erased_hashes(session, (d["buyer_ref"] for _i, d in valid if d["buyer_ref"]))
    kept = [d for _i, d in valid if d["buyer_ref"] not in erased]
    result.suppressed = len(valid) - len(kept)
    if not kept:
        return result

    owners = customers_by_hash(session, (d["buyer_ref"] for d in kept if d["buyer_ref"]))
    products = ensure_products(session, {d["sku"]: (d["product_name"], d["category"]) for d in kept})
    existing = {(row.source, row.external_id): row for row in rows_by_key(
        session, Purchase, "external_id", ((d["source"], d["external_id"]) for d in kept),
        (Purchase.source, Purchase.id, *(getattr(Purchase, f) for f in FIELDS)))}
    new, changes = [], []
    for d in kept:
        buyers = owners.get(d["buyer_ref"], set())
        row = {"source": d["source"], "external_id": d["external_id"], "order_id": d["order_id"],
               "customer_id": next(iter(buyers)) if len(buyers) == 1 else None, "buyer_ref": d["buyer_ref"],
               "product_id": products[d["sku"]], "quantity": d["quantity"], "amount": d["amount"],
               "currency": d["currency"], "purchased_at": d["purchased_at"], "channel": d["channel"]}
        old = existing.get((d["source"], d["external_id"]))
        if old is None:
            new.append(row)
        elif any(getattr(old, f) != row[f] for f in FIELDS):
            changes.append({"id": old.id, **{f: row[f] for f in FIELDS}})
            result.keep(d["_index"], d["external_id"], old.id, "updated")
        else:
            result.keep(d["_index"], d["external_id"], old.id, "unchanged")
    if new:
        # RETURNING names the lines this batch stored (another writer may have stored one first)
        landed = insert_rows(session, Purchase, new, ignore_conflicts=True,
                             returning=(Purchase.id, Purchase.source, Purchase.external_id))
        ours = {(source, key): pid for pid, source, key in landed}
        for d in kept:
            key = (d["source"], d["external_id"])
            if key not in existing:
                if key in ours:
                    result.keep(d["_index"], d["external_id"], ours[key], "created")
                else:
                    result.unchanged += 1
    if changes:
        session.execute(update(Purchase), changes)
    refresh_buyers(session, {r["customer_id"] for r in new + changes} | {r.customer_id for r in existing.values()})
    orders = {d["order_id"] for d in kept if d["order_id"]}
    result.linked = relink_feedback(session, feedback_touching(session, order_ids=orders))["linked"]
    return result
