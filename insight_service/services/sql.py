"""Dialect-aware statements the services share: bulk inserts, lookups by natural key and chunked IN lists."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Table, Text, TypeDecorator, any_, bindparam, cast, column, func, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

IN_CHUNK = 900  # below SQLite's default variable limit


def insert_rows(session: Session, model, rows: list[dict], *, ignore_conflicts: bool = False,
                returning: Sequence = ()) -> list:
    """Insert rows (all with the same keys) in bulk; with returning, the rows that landed (in no set order).

    PostgreSQL gets one INSERT ... SELECT FROM json_to_recordset(the rows as one JSON document): parsed
    and planned once per batch, where executemany without prepared statements (db.py) costs the server a
    parse per row and array parameters cost the client more than the JSON encoder. None in a JSON column is
    stored as SQL NULL there (JSON null on SQLite); both read back as None.
    SQLite gets executemany, which its driver runs in C against one prepared statement.
    """
    if not rows:
        return []
    table: Table = model.__table__
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        statement = postgresql.insert(table).from_select(*_recordset(table, rows, dialect))
    else:
        statement = sqlite.insert(table)
    if ignore_conflicts:
        statement = statement.on_conflict_do_nothing()
    if returning:
        statement = statement.returning(*returning)
    result = session.execute(statement) if dialect.name == "postgresql" else session.execute(statement, rows)
    return result.all() if returning else []


def _recordset(table: Table, rows: list[dict], dialect) -> tuple[list[str], object]:
    """Column names, and a SELECT of the rows from one JSON parameter, typed by the table's own row type."""
    extra = dict(_python_defaults(table, list(rows[0])))  # what executemany would fill in
    columns = [*rows[0], *extra]
    processors = [(name, table.c[name].type.process_bind_param) for name in columns
                  if isinstance(table.c[name].type, TypeDecorator)]
    if extra or processors:
        memos = [(name, process, {}) for name, process in processors]
        rows = [_processed({**row, **extra}, memos, dialect) for row in rows]
    document = ROWS_JSON.encode(rows)
    # json_to_recordset with the inserted columns' types, not json_populate_recordset(NULL::table): the latter
    # looks up every column of the table in each record, about 25 us a feedback row on the server against 12
    source = func.json_to_recordset(cast(bindparam("rows", document, type_=Text), postgresql.JSON))
    values = source.table_valued(*(column(name, table.c[name].type) for name in columns)).render_derived(
        name="r", with_types=True)
    return columns, select(*(values.c[name] for name in columns))


def _processed(row: dict, memos: list, dialect) -> dict:
    for name, process, memo in memos:
        value = row[name]
        if type(value) is datetime:  # a batch repeats its clock reading (created_at, updated_at): convert it once
            converted = memo.get(value)
            if converted is None:
                converted = process(value, dialect)
                converted = memo[value] = converted.isoformat() if isinstance(converted, (datetime, date)) else converted
            row[name] = converted
            continue
        converted = process(value, dialect)
        row[name] = converted.isoformat() if isinstance(converted, (datetime, date)) else converted  # no encoder callback
    return row


def _json_value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # PostgreSQL reads a numeric column from a JSON string exactly
    raise TypeError(f"cannot send {type(value).__name__} in a bulk insert")


ROWS_JSON = json.JSONEncoder(default=_json_value, allow_nan=False, ensure_ascii=False)


def _python_defaults(table: Table, given: list[str]) -> list[tuple[str, object]]:
    found = []
    for table_column in table.columns:
        default = table_column.default
        if table_column.name in given or default is None:
            continue
        if not (default.is_scalar or default.is_callable):
            raise ValueError(f"insert_rows cannot fill in the default of {table.name}.{table_column.name}")
        found.append((table_column.name, default.arg if default.is_scalar else default.arg(None)))
    return found


def rows_by_key(session: Session, model, key: str, pairs: Iterable[tuple[str, str]], columns: Sequence) -> list:
    """The stored rows (given columns, and "key") for (source, key) pairs, one unique-index probe per key.

    The (source, key) unique index serves these lookups: per source with `key IN (...)` on SQLite. PostgreSQL
    gets all pairs as one JSON document joined LATERAL, so each is an equality probe on both columns: with
    `key IN (...)`, or a plain join, a planner without fresh statistics may read every row of the source
    and filter or hash them instead.
    """
    table = model.__table__
    source_column, key_column = table.c.source, table.c[key]
    if session.get_bind().dialect.name != "postgresql":
        return [row for source, chunk in by_source(pairs) for row in session.execute(
            select(key_column, *columns).where(source_column == source, key_column.in_(chunk)))]
    wanted = sorted(set(pairs))
    if not wanted:
        return []
    document = json.dumps([{"source": source, "key": value} for source, value in wanted])
    keys = (func.json_to_recordset(cast(bindparam("pairs", document, type_=Text), postgresql.JSON))
            .table_valued(column("source", Text), column("key", Text)).render_derived(with_types=True))
    # LIMIT 1 (the index is unique) keeps the planner from flattening the probe into a hash join
    probe = (select(key_column, *columns).where(source_column == keys.c.source, key_column == keys.c.key)
             .limit(1).lateral())
    return session.execute(select(probe).select_from(keys).join(probe, true())).all()


def by_source(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """(source, chunk of keys) for (source, key) pairs: lookups the (source, key) unique index serves."""
    keys: dict[str, set[str]] = {}
    for source, key in pairs:
        keys.setdefault(source, set()).add(key)
    for source, found in sorted(keys.items()):
        for chunk in chunks(sorted(found)):
            yield source, chunk


def any_of(session: Session, column, values: list):
    """`column IN values`: one array parameter on PostgreSQL, whose driver otherwise re-parses the SQL text of
    a long IN list on every run (about 2 us a value); an expanding IN elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        literal = array_literal(values)
        if literal is not None:
            # an untyped parameter: the server reads it as the cast's type when binding, so the planner sees the
            # values (a text parameter cast at run time hides them: it then guessed an index scan of 2,000 pages
            # where a sequential scan of 70 was cheaper)
            return column == any_(cast(bindparam(None, literal, type_=NullType()), postgresql.ARRAY(column.type)))
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def array_param(values: list):
    """An array parameter for `CAST(:p AS type[])` in text(): its literal where it can be one, else the list."""
    literal = array_literal(values)
    return values if literal is None else literal


def array_literal(values: Iterable) -> str | None:
    """A PostgreSQL array literal (`{1,2}`, `{"a","b"}`) of ints and strings, None as NULL; None when a value is of
    another type. Sent as one text parameter and cast: psycopg dumps a list parameter element by element in
    Python (about 2 us a value), joining them as text costs a twentieth of that."""
    parts = []
    for value in values:
        kind = type(value)
        if kind is str:
            if "\\" in value or '"' in value:
                value = value.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'"{value}"')
        elif kind is int:
            parts.append(str(value))
        elif value is None:
            parts.append("NULL")
        else:
            return None
    return "{" + ",".join(parts) + "}"


def any_chunks(session: Session, values: Iterable) -> Iterator[list]:
    """Chunks of values for `any_of`: all in one on PostgreSQL (one array parameter has no size limit, and each
    further chunk is one more statement), small enough for SQLite's variable limit elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        found = list(values)
        return iter([found] if found else [])
    return chunks(values)


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
