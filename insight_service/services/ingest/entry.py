"""The one ingest entry point for the API, connectors, files, quarantine retries and the demo."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import QuarantinedRecord, utcnow
from ..identity.identifiers import IdentityHasher
from ..privacy.lock import hold_for_ingest
from .batch import BatchResult
from .customers import ingest_customers
from .feedback import ingest_feedback
from .purchases import ingest_purchases

INGESTERS = {"customer": ingest_customers, "purchase": ingest_purchases, "feedback": ingest_feedback}
# Customers first, so purchases and feedback in the same page link at once.
ORDER = ("customer", "purchase", "feedback")


def ingest(session: Session, kind: str, records: list, *, origin: str, hasher: IdentityHasher) -> BatchResult:
    """Run one batch of one kind through validate -> privacy gate -> link -> analyse -> store."""
    hold_for_ingest(session, kind)
    with cyclic_gc_paused():
        return INGESTERS[kind](session, records, origin=origin, hasher=hasher)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector for one batch (reference counting still frees what the batch drops).

    A batch allocates a few hundred thousand short-lived objects, which set off full collections that walk
    every object in the process, analysis lexicons included: about a tenth of a feedback batch's CPU. Only
    the caller that paused it resumes it, so concurrent batches can never leave it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def ingest_mixed(session: Session, pairs: list[tuple[str, dict]], *, origin: str,
                 hasher: IdentityHasher) -> dict[str, BatchResult]:
    """Ingest a connector page of (kind, record) pairs, kind by kind."""
    results = {}
    for kind in ORDER:
        records = [r for k, r in pairs if k == kind]
        if records:
            results[kind] = ingest(session, kind, records, origin=origin, hasher=hasher)
    return results


def list_quarantine(session: Session, *, status: str = "open", kind: str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[list[QuarantinedRecord], int]:
    """Quarantined records, oldest first, with the total count."""
    from sqlalchemy import func

    query = select(QuarantinedRecord).where(QuarantinedRecord.status == status)
    if kind:
        query = query.where(QuarantinedRecord.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(QuarantinedRecord.id).limit(limit).offset(offset))
    return list(rows), total


def retry_quarantined(session: Session, entry_id: int, record: dict | None, *,
                      hasher: IdentityHasher) -> tuple[QuarantinedRecord | None, BatchResult | None]:
    """Send a quarantined record (as stored, or corrected) through the pipeline again."""
    entry = session.get(QuarantinedRecord, entry_id)
    if entry is None or entry.status != "open":
        return entry, None
    result = ingest(session, entry.kind, [record if record is not None else entry.payload],
                    origin=f"retry:{entry.source}", hasher=hasher)
    if result.quarantined:
        # the new quarantine row replaces this one, so a record is never listed twice
        session.delete(entry)
    else:
        entry.status, entry.resolved_at, entry.payload = "retried", utcnow(), None
    return entry, result


def discard_quarantined(session: Session, entry_id: int) -> QuarantinedRecord | None:
    """Discard a quarantined record on purpose (its payload is removed)."""
    entry = session.get(QuarantinedRecord, entry_id)
    if entry is not None and entry.status == "open":
        entry.status, entry.resolved_at, entry.payload = "discarded", utcnow(), None
    return entry
