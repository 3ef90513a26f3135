"""Independent statements sent together: one round trip on PostgreSQL (psycopg's pipeline mode), in turn elsewhere.

A per-customer read runs about ten small indexed queries that need nothing from each other; sent one by one, each
waits a network round trip (and, on busy cores, two context switches) before the next goes out. In pipeline mode
psycopg sends them all, then reads all the answers. SQLAlchemy executes a statement and reads its rows at once,
so here each statement is compiled once by SQLAlchemy's own dialect, and its bind and result processors (time
zones, JSON, decimals) are applied exactly as Core execution would.
"""
from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

PREPARE_READS = "insight_prepare_reads"  # engine execution option (db.make_engine): whether reads may prepare


@dataclass
class _Plan:
    sql: str
    compiled: object
    row: type = field(init=False)
    _processors: dict = field(init=False, default_factory=dict)

    def __post_init__(self):
        # rows read like Core's: by position and by column name
        self.row = namedtuple("Row", [e.keyname for e in self.compiled._result_columns] or ["_"], rename=True)

    def params(self, values: dict) -> dict:
        """The statement's parameters for these values, through SQLAlchemy's bind processors."""
        params = self.compiled.construct_params(values)
        processors = self.compiled._bind_processors
        return {k: (processors[k](v) if k in processors and v is not None else v) for k, v in params.items()}

    def rows(self, cursor) -> list[tuple]:
        """The cursor's rows, through the result processors of the statement's column types."""
        result = cursor.pgresult
        if result is None or not result.nfields:  # no rows (an INSERT): what cursor.description says with None
            return []
        # the processors depend on the columns' types as the server sent them: kept per type list (a description
        # would build a Column object per column and call, about a tenth of the read's client CPU)
        types = tuple(result.ftype(i) for i in range(result.nfields))
        procs = self._processors.get(types)
        if procs is None:
            dialect = self.compiled.dialect
            procs = self._processors.setdefault(types, [
                entry.type._cached_result_processor(dialect, type_code)
                for entry, type_code in zip(self.compiled._result_columns, types)])
        make = self.row._make
        if not any(procs):
            return [make(row) for row in cursor.fetchall()]
        return [make(p(v) if p else v for p, v in zip(procs, row)) for row in cursor.fetchall()]


_plans: dict[tuple, _Plan] = {}
_planned_each_time: set = set()


def plan_each_time(statement):
    """Mark a statement never to be prepared: one whose row order is left to the plan (a GROUP BY without ORDER BY)
    and shows in the answer; a generic plan could group by sorting where the plan for the customer at hand would
    hash, and the answer would change (the keys' order of a JSON object)."""
    _planned_each_time.add(statement)
    return statement


def _plan(dialect, statement) -> _Plan:
    key = (dialect.name, dialect.driver, statement)
    plan = _plans.get(key)
    if plan is None:
        compiled = statement.compile(dialect=dialect)
        plan = _plans.setdefault(key, _Plan(compiled.string, compiled))
    return plan


def pipelined(session: Session) -> bool:
    """Whether this session's database takes statements together (PostgreSQL through psycopg 3)."""
    bind = session.get_bind()
    return bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg"


def run_together(session: Session, statements: list[tuple[object, dict]]) -> list[list[tuple]]:
    """Run statements (each with its values) in the session's transaction; the rows of each, in order.

    Statements built per call would be compiled per call: pass statements built once (module constants).
    """
    conn = session.connection()
    if not pipelined(session):
        results = [conn.execute(statement, values or {}) for statement, values in statements]
        return [result.all() if result.returns_rows else [] for result in results]
    plans = [_plan(conn.dialect, statement) for statement, _values in statements]
    raw = conn.connection.driver_connection
    # prepared on each connection once (db.PREPARE_READS: not behind PgBouncer), the server then plans each
    # statement only now and then: these are fixed lookups of one customer by index, where the plan is the same
    # for every customer, and planning was most of the server's CPU per statement (0.2 of 0.27 ms at 1M)
    prepare = True if conn.get_execution_options().get(PREPARE_READS) else None
    cursors = []
    with raw.pipeline():
        for plan, (statement, values) in zip(plans, statements):
            cursor = raw.cursor()
            cursor.execute(plan.sql, plan.params(values or {}),
                           prepare=None if statement in _planned_each_time else prepare)
            cursors.append(cursor)
    try:
        return [plan.rows(cursor) for plan, cursor in zip(plans, cursors)]
    finally:
        for cursor in cursors:
            cursor.close()
