"""Serialises privacy changes against ingests, so an erasure and an ingest of the same person cannot interleave,
and counts the privacy changes, so readers of cached aggregates see that one committed.

An ingest checks the suppression list and then writes; an erasure or opt-out writes the suppression list and
then de-identifies what is stored. If they overlap, the ingest can check before the erasure commits and
write after it, and the erasure can miss what the ingest stored. So both take a lock before they read:

- PostgreSQL: a transaction-level advisory lock, shared for feedback and purchase batches (they run side by
  side), exclusive for privacy changes and for customer batches (which can carry a consent withdrawal, and
  upgrading a shared lock could deadlock). A privacy change waits for the batches in flight and then sees
  and removes what they stored; batches that start meanwhile wait and then see the new suppressions.
- SQLite: the database's single writer lock, taken by a write, so the reads that follow see every committed
  change and nothing else can commit until this transaction does.

Every holder of the exclusive lock also bumps the `privacy` change counter in its transaction. Timestamps
cannot version what a privacy change removed: it reads the clock before it commits, a writer that takes no
lock (an item marked handled) can commit a newer `updated_at` in between, and machines' clocks differ. The
counter changes exactly when the change commits, and the lock keeps its bumps in commit order.
"""
from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...models import ChangeCounter

LOCK_KEY = 0x1A51_6E7  # one application-wide key for "the suppression list and what it governs"
PRIVACY = "privacy"


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def hold_for_ingest(session: Session, kind: str) -> None:
    """Before an ingest batch reads the suppression list (released at commit or rollback)."""
    if kind == "customer":
        hold_for_privacy_change(session)
    elif _postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": LOCK_KEY})
    else:  # any write statement takes SQLite's writer lock, even one that changes no row
        session.execute(text("UPDATE sync_state SET connector = connector WHERE 1 = 0"))


def hold_for_privacy_change(session: Session) -> None:
    """Before an erasure, opt-out, withdrawal or purge reads what to remove; counts it (released at commit)."""
    if _postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    insert = pg_insert if _postgres(session) else sqlite_insert  # on SQLite this write takes the writer lock
    session.execute(insert(ChangeCounter).values(name=PRIVACY, value=1).on_conflict_do_update(
        index_elements=["name"], set_={"value": ChangeCounter.value + 1}))


def privacy_changes(session: Session) -> int:
    """How many privacy changes have committed (as this session sees it)."""
    return session.scalar(select(ChangeCounter.value).where(ChangeCounter.name == PRIVACY)) or 0
