"""Serialises privacy changes against ingests, so an erasure and an ingest of the same person cannot interleave.

An ingest checks the suppression list and then writes; an erasure or opt-out writes the suppression list and
then de-identifies what is stored. If they overlap, the ingest can check before the erasure commits and
write after it, and the erasure can miss what the ingest stored. So both take a lock before they read:

- PostgreSQL: a transaction-level advisory lock, shared for feedback and purchase batches (they run side by
  side), exclusive for privacy changes and for customer batches (which can carry a consent withdrawal, and
  upgrading a shared lock could deadlock). A privacy change waits for the batches in flight and then sees
  and removes what they stored; batches that start meanwhile wait and then see the new suppressions.
- SQLite: the database's single writer lock, taken by a no-op UPDATE, so the reads that follow see every
  committed change and nothing else can commit until this transaction does.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

LOCK_KEY = 0x1A51_6E7  # one application-wide key for "the suppression list and what it governs"


def _lock(session: Session, postgres_statement: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(postgres_statement), {"key": LOCK_KEY})
    else:  # any write statement takes SQLite's writer lock, even one that changes no row
        session.execute(text("UPDATE sync_state SET connector = connector WHERE 1 = 0"))


def hold_for_ingest(session: Session, kind: str) -> None:
    """Before an ingest batch reads the suppression list (released at commit or rollback)."""
    if kind == "customer":
        hold_for_privacy_change(session)
    else:
        _lock(session, "SELECT pg_advisory_xact_lock_shared(:key)")


def hold_for_privacy_change(session: Session) -> None:
    """Before an erasure, opt-out or withdrawal reads what to remove (released at commit or rollback)."""
    _lock(session, "SELECT pg_advisory_xact_lock(:key)")
