"""Write-back bookkeeping: runs (queued, started, listed), records that failed, and what erasure leaves behind."""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...models import WritebackRun, WritebackState, utcnow
from ...wiping import mark as mark_for_wipe

INTERRUPTED = "interrupted: the runner stopped before the end; the next run goes on"
WAKE_KEY = "writeback_wake"  # session.info: connectors whose write-back should run once this transaction commits


def wake(session: Session, customer_ids) -> set[str]:
    """After a privacy change: the connectors holding fields we wrote for these customers run once it commits."""
    ids = sorted({c for c in customer_ids if c is not None})
    names = set(session.scalars(select(WritebackState.connector).where(WritebackState.customer_id.in_(ids))
                                .distinct())) if ids else set()
    if names:
        session.info.setdefault(WAKE_KEY, set()).update(names)
    return names


def queue_run(session: Session, name: str) -> WritebackRun:
    """A run waiting for its job (the API answers with its id at once)."""
    run = WritebackRun(connector=name, status="queued", started_at=utcnow(), counts={})
    session.add(run)
    session.flush()
    return run


def begin_run(session: Session, name: str, run_id: int | None = None) -> WritebackRun:
    """Start the queued run `run_id`, or open a new one; a run left running by a dead worker is marked failed."""
    now = utcnow()
    session.execute(update(WritebackRun).where(WritebackRun.connector == name, WritebackRun.status == "running")
                    .values(status="failed", finished_at=now, error=INTERRUPTED)
                    .execution_options(synchronize_session=False))
    run = session.get(WritebackRun, run_id) if run_id is not None else None
    if run is None or run.connector != name or run.status != "queued":
        run = WritebackRun(connector=name, counts={})
        session.add(run)
    run.status, run.started_at = "running", now
    session.flush()
    return run


def forget_customer(session: Session, customer_id: int) -> int:
    """At erasure: keep, per CRM record we wrote to, only its id and the names of the fields to clear."""
    wake(session, [customer_id])
    rows = list(session.scalars(select(WritebackState).where(WritebackState.customer_id == customer_id)))
    for row in rows:
        fields = sorted(row.written or {})
        if not fields:
            session.delete(row)
            continue
        row.customer_id, row.written, row.tasks, row.error, row.clear_fields = None, None, None, None, fields
    if rows:
        session.flush()
        mark_for_wipe(session, "writeback_state")
    return len(rows)


def list_runs(session: Session, name: str, *, limit: int = 50, offset: int = 0) -> tuple[list[WritebackRun], int]:
    """A connector's write-back runs, newest first, with the total."""
    total = session.scalar(select(func.count()).select_from(WritebackRun).where(WritebackRun.connector == name))
    rows = session.scalars(select(WritebackRun).where(WritebackRun.connector == name)
                           .order_by(WritebackRun.started_at.desc(), WritebackRun.id.desc()).limit(limit).offset(offset))
    return list(rows), total


def list_failures(session: Session, name: str, *, limit: int = 50, offset: int = 0):
    """CRM records whose last write failed (retried next run), most failures first, with the total."""
    where = (WritebackState.connector == name) & WritebackState.error.is_not(None)
    total = session.scalar(select(func.count()).select_from(WritebackState).where(where))
    rows = session.scalars(select(WritebackState).where(where)
                           .order_by(WritebackState.failures.desc(), WritebackState.id).limit(limit).offset(offset))
    return list(rows), total



def last_runs(session: Session, names) -> dict[str, WritebackRun]:
    """The latest write-back run of each named connector that has one."""
    latest = (select(WritebackRun.connector, func.max(WritebackRun.id).label("id"))
              .where(WritebackRun.connector.in_(list(names))).group_by(WritebackRun.connector).subquery())
    rows = session.scalars(select(WritebackRun).join(latest, WritebackRun.id == latest.c.id))
    return {row.connector: row for row in rows}
