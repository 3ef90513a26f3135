"""After a privacy change commits, nothing of what it removed stays in the database files (docs/privacy-on-disk.md).

A DELETE or UPDATE only marks old row versions dead: SQLite keeps them in the write-ahead log (and in freed
page space unless `secure_delete` is on), PostgreSQL in the table and index files. Services mark the tables
they wiped on the session (`mark`); once that session commits, SQLite checkpoints and truncates its WAL (the
connections run with secure_delete, so the checkpointed pages hold zeros where the rows were) and PostgreSQL
vacuums those tables, index entries included. A plain VACUUM makes the dead rows unreachable and their space
free, but leaves their bytes in the pages until new rows overwrite them; the daily purge (`mark_full`) rewrites
the tables (VACUUM FULL), so no database file holds them after it. Both run outside the transaction, on a
connection of their own; a failure is logged and the next privacy change or purge wipes again.
"""
from __future__ import annotations

import logging

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
INFO_KEY, FULL_KEY = "wipe_tables", "wipe_full"
# Tables the privacy services write to (what is vacuumed is only what a change marked).
WIPEABLE = frozenset({"customers", "identities", "purchases", "consent_events", "feedback", "feedback_identifiers",
                      "feedback_pain_points", "feedback_themes", "feedback_handling", "pain_point_facts",
                      "feedback_facts", "quarantine", "writeback_state", "outbox_events",
                      "webhook_deliveries", "webhook_attempts", "customer_signals"})


def mark(session: Session, *tables: str) -> None:
    """Wipe these tables' files once this session's transaction commits."""
    unknown = set(tables) - WIPEABLE
    if unknown:
        raise ValueError(f"not a wipeable table: {sorted(unknown)}")
    session.info.setdefault(INFO_KEY, set()).update(tables)


def mark_full(session: Session) -> None:
    """Rewrite every wipeable table once this session commits (PostgreSQL VACUUM FULL: the daily purge)."""
    session.info[FULL_KEY] = True
    mark(session, *WIPEABLE)


def wipe(engine: Engine, tables, full: bool = False) -> None:
    """Checkpoint and truncate SQLite's WAL, or VACUUM the PostgreSQL tables (outside any transaction)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "sqlite":
            busy, _frames, _done = conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
            if busy:  # a reader held an old snapshot: the next privacy change truncates it
                log.warning("WAL checkpoint after a privacy change was partial (a reader was busy)")
        elif engine.dialect.name == "postgresql":
            # INDEX_CLEANUP ON: by default VACUUM may skip the indexes when few rows died, and an index entry
            # holds the indexed value (an e-mail, an order reference)
            # FULL rewrites table and indexes into new files (an exclusive lock for as long; the purge only)
            option = "FULL" if full else "INDEX_CLEANUP ON"
            conn.execute(text(f"VACUUM ({option}) {', '.join(sorted(tables))}"))


def install(maker: sessionmaker, engine: Engine, enabled: bool = True) -> None:
    """Wipe the marked tables after each commit of a session this factory makes."""

    @event.listens_for(maker, "after_commit")
    def _after_commit(session: Session) -> None:
        tables, full = session.info.pop(INFO_KEY, None), session.info.pop(FULL_KEY, False)
        if not tables or not enabled:
            return
        try:
            wipe(engine, tables, full)
        except Exception as exc:  # noqa: BLE001 - the change itself committed; the next one wipes again
            log.warning("wiping after a privacy change failed: %s", type(exc).__name__)

    @event.listens_for(maker, "after_soft_rollback")
    def _after_rollback(session: Session, _previous) -> None:
        session.info.pop(INFO_KEY, None)
        session.info.pop(FULL_KEY, None)
