"""Wiping after privacy changes: only marked tables, only after a commit, never after a rollback."""
import os

import pytest
from sqlalchemy import text

from insight_service import wiping


def wal_size(app) -> int:
    """SQLite: bytes in the write-ahead log (0 once truncated)."""
    path = app.extensions["db_engine"].url.database + "-wal"
    return os.path.getsize(path) if os.path.exists(path) else 0


def vacuumed_since(session, moment) -> set[str]:
    """PostgreSQL: the tables a manual VACUUM ran on after a moment."""
    return set(session.scalars(text("SELECT relname FROM pg_stat_user_tables WHERE last_vacuum > :m"), {"m": moment}))


def test_unknown_tables_cannot_be_marked(session):
    with pytest.raises(ValueError):
        wiping.mark(session, "api_keys")


def test_a_commit_wipes_what_was_marked_and_a_rollback_nothing(app, session):
    sqlite = app.extensions["db_engine"].dialect.name == "sqlite"
    before = None if sqlite else session.scalar(text("SELECT now()"))
    session.execute(text("INSERT INTO change_counters (name, value) VALUES ('wipe-probe', 1)"))
    wiping.mark(session, "quarantine")
    session.rollback()
    assert wiping.INFO_KEY not in session.info
    session.execute(text("INSERT INTO change_counters (name, value) VALUES ('wipe-probe', 1)"))
    session.commit()
    if sqlite:
        assert wal_size(app) > 0  # nothing marked: the log keeps the change until SQLite's own checkpoint
    else:
        assert "quarantine" not in vacuumed_since(session, before)
    session.execute(text("DELETE FROM change_counters WHERE name = 'wipe-probe'"))
    wiping.mark(session, "quarantine", "identities")
    session.commit()
    assert wiping.INFO_KEY not in session.info
    if sqlite:
        assert wal_size(app) == 0
    else:
        found = vacuumed_since(session, before)
        assert {"quarantine", "identities"} <= found and "feedback" not in found
