"""Dialect-aware statements the services share: idempotent bulk inserts and chunked IN lists."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import JSON, Table, Text, bindparam, cast, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

IN_CHUNK = 900  # below SQLite's default variable limit


def insert_ignoring_conflicts(session: Session, model):
    """Core INSERT ... ON CONFLICT DO NOTHING for the session's database (rowcount tells how many landed)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model.__table__).on_conflict_do_nothing()


def insert_rows(session: Session, model, rows: list[dict], *, ignore_conflicts: bool = False,
                returning: Sequence = ()) -> list:
    """Insert rows (all with the same keys) in bulk; with returning, the rows that landed (in no set order).

    PostgreSQL gets one INSERT ... SELECT FROM unnest(one array per column): parsed and planned once per
    batch, where executemany without prepared statements (db.py) costs the server a parse per row.
    SQLite gets executemany, which its driver runs in C against one prepared statement.
    """
    if not rows:
        return []
    table: Table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        columns = list(rows[0])
        arrays = [_column_array(table, name, [row[name] for row in rows]) for name in columns]
        for name, value in _python_defaults(table, columns):  # what executemany would fill in
            columns.append(name)
            arrays.append(_column_array(table, name, [value] * len(rows)))
        values = select(literal_column("*")).select_from(func.unnest(*arrays).alias("v"))
        statement = postgresql.insert(table).from_select(columns, values)
        if ignore_conflicts:
            statement = statement.on_conflict_do_nothing()
        if returning:
            return session.execute(statement.returning(*returning)).all()
        session.execute(statement)
        return []
    statement = sqlite.insert(table)
    if ignore_conflicts:
        statement = statement.on_conflict_do_nothing()
    if returning:
        return session.execute(statement.returning(*returning), rows).all()
    session.execute(statement, rows)
    return []


def _python_defaults(table: Table, given: list[str]) -> list[tuple[str, object]]:
    found = []
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        if not (default.is_scalar or default.is_callable):
            raise ValueError(f"insert_rows cannot fill in the default of {table.name}.{column.name}")
        found.append((column.name, default.arg if default.is_scalar else default.arg(None)))
    return found


def _column_array(table: Table, name: str, values: list):
    column_type = table.c[name].type
    if isinstance(column_type, JSON):
        # a JSON value may itself be a list, which an array parameter would read as another dimension
        text = [json.dumps(value) for value in values]
        return cast(bindparam(name, text, type_=postgresql.ARRAY(Text)), postgresql.ARRAY(column_type))
    return bindparam(name, values, type_=postgresql.ARRAY(column_type))


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
