"""Statements sent together: the same rows as Core execution, and the insight in a few round trips."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import bindparam, event, select

from insight_service.models import AuditLog, ConsentEvent, Purchase
from insight_service.services.reads import pipeline as read_pipeline
from insight_service.services.access.audit import audit_statement
from insight_service.services.departments.insight import customer_insight
from tests.services.insight_data import anna

STATEMENTS = [
    select(ConsentEvent.purpose, ConsentEvent.valid_from, ConsentEvent.expires_at)
    .where(ConsentEvent.customer_id == bindparam("cid")).order_by(ConsentEvent.id),
    select(Purchase.amount, Purchase.purchased_at, Purchase.quantity).where(Purchase.customer_id == bindparam("cid")),
    select(AuditLog.detail, AuditLog.at).where(AuditLog.subject_id == bindparam("sid")),
]


def test_rows_are_those_core_execution_gives_by_position_and_by_name(session, ingest_into):
    cid = anna(ingest_into, session)
    write = audit_statement("crm:abc", "insight.read", "customer", cid, {"fields": ["a"], "n": 2}, "req-1")
    run = [(STATEMENTS[0], {"cid": cid}), (STATEMENTS[1], {"cid": cid}), write]
    together = read_pipeline.run_together(session, run)
    assert len(together[2]) <= 1  # an INSERT gives no rows (or its new id)
    [[stored]] = read_pipeline.run_together(session, [(STATEMENTS[2], {"sid": str(cid)})])
    assert stored.detail == {"fields": ["a"], "n": 2} and stored.at.tzinfo is not None
    conn = session.connection()
    for (statement, values), rows in zip(run[:2], together):
        core = conn.execute(statement, values).all()
        assert [tuple(r) for r in rows] == [tuple(r) for r in core] and rows
        assert [r._mapping for r in core] == [dict(zip(r._fields, r)) for r in rows]
    purpose, valid_from, _expires = together[0][0]
    assert isinstance(valid_from, datetime) and valid_from.tzinfo == timezone.utc and purpose
    assert isinstance(together[1][0].amount, Decimal)
    session.rollback()


def test_the_insight_is_the_same_sent_together_or_one_by_one(session, ingest_into, monkeypatch):
    cid = anna(ingest_into, session)
    for role in ("crm", "sales", "marketing", "service"):
        together = customer_insight(session, cid, role)
        with monkeypatch.context() as patch:
            patch.setattr(read_pipeline, "pipelined", lambda _session: False)
            one_by_one = customer_insight(session, cid, role)
        for insight in (together, one_by_one):
            insight.pop("generated_at")
        assert together == one_by_one, role


class Counted:
    """The statements SQLAlchemy sends one by one and the sizes of the pipelines (run_together), while in use."""

    def __init__(self, engine, monkeypatch):
        self.alone: list[str] = []
        self.together: list[int] = []
        self._inside = False
        real = read_pipeline.run_together

        def counted(sess, statements):
            self.together.append(len(statements))
            self._inside = True
            try:
                return real(sess, statements)
            finally:
                self._inside = False

        for module in ("insight_service.services.reads.pipeline", "insight_service.services.reads.queries",
                       "insight_service.services.reads.history", "insight_service.services.departments.insight"):
            monkeypatch.setattr(f"{module}.run_together", counted)
        self.engine = engine
        event.listen(engine, "before_cursor_execute", self._listener)

    def _listener(self, _conn, _cursor, statement, *_args):
        if not self._inside:
            self.alone.append(" ".join(statement.split())[:80])

    def reset(self) -> None:
        """Forget what was counted so far."""
        self.alone.clear()
        self.together.clear()

    def close(self) -> None:
        """Stop counting."""
        event.remove(self.engine, "before_cursor_execute", self._listener)


def test_the_insight_takes_a_handful_of_round_trips(app, session, ingest_into, monkeypatch):
    cid = anna(ingest_into, session)
    session.commit()
    session.expunge_all()
    counted = Counted(app.extensions["db_engine"], monkeypatch)
    try:
        customer_insight(session, cid, "sales")  # fills the per-process caches (affinities, theme counts)
        session.rollback()
        counted.reset()
        customer_insight(session, cid, "sales")
    finally:
        counted.close()
    # two batches: the customer, consent, 4 reads, the opt-out check and the data version; the 7 reads that
    # consent decides (the themes' rows, the newest items and their codes among them). Was 15 statements one
    # by one, then 2 pipelines of 6 and 4 with 5 statements one by one.
    # On SQLite run_together sends the same statements in turn.
    assert counted.together == [8, 7] and counted.alone == [], (counted.together, counted.alone)


def test_an_insight_request_is_two_round_trips_of_statements(app, client, session, ingest_into, make_key,
                                                            monkeypatch):
    """The whole request with a key verified before: no key lookup, no customer lookup, the audit entry sent with
    the first batch (PostgreSQL) or written at the commit (SQLite)."""
    cid = anna(ingest_into, session)
    session.commit()
    headers = {"Authorization": f"Bearer {make_key('crm')}"}
    assert client.get(f"/api/v1/customers/{cid}/insight", headers=headers).status_code == 200
    counted = Counted(app.extensions["db_engine"], monkeypatch)
    try:
        response = client.get(f"/api/v1/customers/{cid}/insight", headers=headers)
        missing = client.get("/api/v1/customers/99999/insight", headers=headers)
    finally:
        counted.close()
    assert response.status_code == 200 and missing.status_code == 404
    if read_pipeline.pipelined(session):
        # the audit INSERT in the first batch, then the unknown customer's first batch (undone by its 404)
        assert counted.together == [9, 7, 9] and counted.alone == [], (counted.together, counted.alone)
    else:  # the entry is written just before the commit
        assert counted.together == [8, 7, 8] and len(counted.alone) == 1, (counted.together, counted.alone)
        assert counted.alone[0].startswith("INSERT INTO audit_log")
    session.expire_all()
    entries = session.scalars(select(AuditLog.subject_id).where(AuditLog.action == "insight.read")).all()
    assert entries == [str(cid), str(cid)]  # one per read that answered, none for the 404


def test_the_reads_are_prepared_on_their_connection_and_nothing_else_is(app, session, ingest_into):
    """On PostgreSQL (not behind PgBouncer) the pipelined reads are planned once per connection: prepared
    explicitly, since psycopg's automatic preparation stays off for every other statement."""
    from sqlalchemy import text

    if not read_pipeline.pipelined(session):
        return  # SQLite: nothing to prepare on a server
    cid = anna(ingest_into, session)
    session.commit()
    prepared = lambda: session.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()  # noqa
    for role in ("sales", "sales", "crm"):
        for _ in range(6):  # more than psycopg's automatic threshold (5)
            customer_insight(session, cid, role)
            session.execute(text("SELECT 1 + :one"), {"one": 1})
    statements = prepared()
    assert statements and any("FROM consent_events" in s for s in statements)
    assert not any(s.startswith("SELECT 1 +") for s in statements)  # no automatic preparation
    assert len(statements) == len(set(statements)) <= 8 + 7 * 2  # each once per connection
    session.rollback()


def test_behind_pgbouncer_nothing_is_prepared(db_url):
    from insight_service.db import make_engine

    engine = make_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1), pgbouncer=True)
    try:
        assert engine.dialect.name != "postgresql" or not engine.get_execution_options()[
            read_pipeline.PREPARE_READS]
    finally:
        engine.dispose()
