"""Dialect-aware statements the services share: idempotent bulk inserts and chunked IN lists."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy.orm import Session

IN_CHUNK = 900  # below SQLite's default variable limit


def insert_ignoring_conflicts(session: Session, model):
    """Core INSERT ... ON CONFLICT DO NOTHING for the session's database (rowcount tells how many landed)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model.__table__).on_conflict_do_nothing()


def chunks(values: Iterable, size: int = IN_CHUNK) -> Iterator[list]:
    """Split values into lists small enough for an IN clause."""
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
