"""After erasure, opt-out, withdrawal and the retention purge, the raw database files hold none of what went.

The table scan (test_privacy_leaks) reads rows; this one reads bytes: SQLite's main file and its write-ahead
log right after the change; on PostgreSQL, that VACUUM left no dead row versions right after the change, and
the table, index and TOAST files after the next daily purge (which rewrites the tables; read after a CHECKPOINT
when the data directory is readable). docs/privacy-on-disk.md says what stays elsewhere (WAL archives,
backups) and for how long.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.reliability.test_privacy_leaks import (COMMENT, IDENTIFIERS, NEEDLES, TEXTS, TWEET, act,  # noqa: F401
                                                  eva)

ACTIONS = {**NEEDLES, "purge": [TWEET, COMMENT]}


def sqlite_files(url: str) -> list[Path]:
    """The database file, its WAL and its shared-memory index (those that exist)."""
    main = Path(make_url(url).database)
    return [p for p in (main, Path(f"{main}-wal"), Path(f"{main}-shm")) if p.exists()]


def postgres_files(url: str) -> list[Path] | None:
    """Every segment of every table, index and TOAST relation of the database; None when not readable."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            try:
                conn.execute(text("CHECKPOINT"))  # the pages in shared buffers reach the files
                data_dir = Path(conn.scalar(text("SHOW data_directory")))
            except Exception:  # noqa: BLE001 - neither superuser nor pg_checkpoint: no file access either
                return None
            relations = conn.scalars(text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c LEFT JOIN pg_class owner "
                "ON owner.reltoastrelid = c.oid OR owner.reltoastrelid = (SELECT indrelid FROM pg_index "
                "WHERE indexrelid = c.oid) WHERE c.relkind IN ('r', 'i', 't') AND (c.relnamespace = "
                "'public'::regnamespace OR owner.relnamespace = 'public'::regnamespace)")).all()
    finally:
        engine.dispose()
    if not os.access(data_dir, os.R_OK | os.X_OK):
        return None
    files = []
    for relative in filter(None, relations):
        base = data_dir / relative
        files += [p for p in base.parent.glob(base.name + "*") if p.name == base.name or
                  p.name[len(base.name):].lstrip(".").isdigit()]
    return files


def vacuumed_since(url: str, moment) -> set[str]:
    """The tables a manual VACUUM ran on after a moment (the database's clock)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        names = set(conn.scalars(text("SELECT relname FROM pg_stat_user_tables WHERE last_vacuum > :moment"),
                                 {"moment": moment}))
    engine.dispose()
    return names


def database_now(url: str):
    """The database's clock."""
    engine = create_engine(url)
    with engine.connect() as conn:
        now = conn.scalar(text("SELECT now()"))
    engine.dispose()
    return now


def relation_names(url: str, file_names) -> list[tuple]:
    """PostgreSQL: which relations the files belong to (for a failure message)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT relname, relkind FROM pg_class WHERE relfilenode::text = ANY(:names)"),
                            {"names": sorted({n.split(".")[0] for n in file_names})}).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def scan(files: list[Path], needles) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in the bytes of a file."""
    found = []
    for path in files:
        data = path.read_bytes().lower()
        found += [(path.name, n) for n in needles if n.lower().encode() in data]
    return found


def purge(app, months: int) -> None:
    """The operator's `purge` command (the worker runs the same daily)."""
    result = app.test_cli_runner().invoke(args=["purge", "--months", str(months)])
    assert result.exit_code == 0 and "de-identified" in result.output, result.output


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_nothing_of_eva_is_left_in_the_database_files(app, client, auth, db_url, eva, action):
    needles = ACTIONS[action]
    sqlite = db_url.startswith("sqlite")
    files = sqlite_files(db_url) if sqlite else postgres_files(db_url)
    if files is not None:
        assert scan(files, needles), "the scan would find the data before the change"
    before = None if sqlite else database_now(db_url)
    if action == "purge":
        purge(app, 0)  # every third-party text is past a retention of 0 months
    else:
        act(client, auth, action, eva)
    if not sqlite and action != "purge":  # the change vacuumed what it touched: no dead row version is reachable
        expected = {"feedback", "feedback_identifiers", "feedback_pain_points", "pain_point_facts", "feedback_facts"}
        if action == "erasure":
            expected |= {"customers", "identities", "purchases", "consent_events", "quarantine"}
        assert expected <= vacuumed_since(db_url, before)
        purge(app, 1200)  # removes nothing more, rewrites the tables (VACUUM FULL is not counted as a vacuum)
    if files is not None:
        found = scan(sqlite_files(db_url) if sqlite else postgres_files(db_url), needles)
        assert found == [], (found, None if sqlite else relation_names(db_url, {name for name, _n in found}))
