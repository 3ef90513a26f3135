"""A database lease per connector on `sync_state`, so two runners (threads, processes, machines) never overlap."""
from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import SyncState, utcnow

# Longer than the longest single wait a connector accepts (900 s of throttling) plus a request timeout, so a
# live runner blocked in one fetch keeps its lease; a crashed runner's lease lapses after this.
LEASE_SECONDS = 1200


def new_owner() -> str:
    """A lease owner unique to this run: host, process and a random part."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def ensure_state(session: Session, connector: str) -> None:
    """Create the connector's sync_state row unless it exists (insert-ignore, safe under concurrency)."""
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(insert(SyncState).values(connector=connector).on_conflict_do_nothing())
    elif session.get(SyncState, connector) is None:  # other databases: good enough for one machine
        session.add(SyncState(connector=connector))
        session.flush()


def acquire(session: Session, connector: str, owner: str, seconds: int = LEASE_SECONDS,
            now: datetime | None = None) -> bool:
    """Take the lease if it is free or expired: one atomic UPDATE, so exactly one contender wins."""
    now = now or utcnow()
    ensure_state(session, connector)
    result = session.execute(
        update(SyncState)
        .where(SyncState.connector == connector,
               or_(SyncState.locked_until.is_(None), SyncState.locked_until < now, SyncState.locked_by == owner))
        .values(locked_by=owner, locked_until=now + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def renew(session: Session, connector: str, owner: str, seconds: int = LEASE_SECONDS) -> bool:
    """Extend a lease we hold; False when it lapsed and someone else took it (the caller must stop)."""
    result = session.execute(
        update(SyncState)
        .where(SyncState.connector == connector, SyncState.locked_by == owner)
        .values(locked_until=utcnow() + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def release(session: Session, connector: str, owner: str) -> None:
    """Give the lease back (only if we still hold it)."""
    session.execute(
        update(SyncState)
        .where(SyncState.connector == connector, SyncState.locked_by == owner)
        .values(locked_by=None, locked_until=None)
        .execution_options(synchronize_session=False))


def holder(session: Session, connector: str, now: datetime | None = None) -> tuple[str, datetime] | None:
    """Who holds a live lease and until when, or None."""
    row = session.execute(select(SyncState.locked_by, SyncState.locked_until)
                          .where(SyncState.connector == connector)).first()
    if row is None or row.locked_until is None or row.locked_until < (now or utcnow()):
        return None
    return row.locked_by, row.locked_until
