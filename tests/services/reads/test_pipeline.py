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


def test_the_insight_takes_a_handful_of_round_trips(app, session, ingest_into, monkeypatch):
    cid = anna(ingest_into, session)
    session.commit()
    session.expunge_all()
    alone, together = [], []
    engine = app.extensions["db_engine"]
    listener = lambda *_args: alone.append(1)  # noqa: E731 - statements SQLAlchemy sends one by one
    real = read_pipeline.run_together

    def counted(sess, statements):
        together.append(len(statements))
        return real(sess, statements)

    monkeypatch.setattr(read_pipeline, "run_together", counted)
    monkeypatch.setattr("insight_service.services.reads.queries.run_together", counted)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        customer_insight(session, cid, "sales")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    if read_pipeline.pipelined(session):
        # the customer row, two batches (consent + 4 reads + opt-out; 4 reads that consent decides), the latest
        # items with their codes and handling, and the themes: was 15 statements one by one
        assert together == [6, 4] and len(alone) + len(together) <= 9, (alone, together)
    else:
        assert together == [6, 4] and len(alone) >= 10 + 1  # SQLite: the same statements, in turn
