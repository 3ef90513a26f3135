"""The audit trail of reads and changes of personal data."""
from __future__ import annotations

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from ...models import AuditLog, utcnow

_COLUMNS = ("at", "actor", "action", "subject_type", "subject_id", "detail", "request_id")
# Built once, so a read sends it with its own statements (services/reads/pipeline.py compiles it once).
AUDIT_INSERT = insert(AuditLog).values({name: bindparam(name, type_=AuditLog.__table__.c[name].type)
                                        for name in _COLUMNS})


def record_audit(session: Session, actor: str, action: str, subject_type: str | None = None,
                 subject_id: str | int | None = None, detail: dict | None = None,
                 request_id: str | None = None) -> None:
    """Append one audit entry; callers pass ids and counts, never identifiers or texts."""
    session.add(AuditLog(actor=actor, action=action, subject_type=subject_type,
                         subject_id=None if subject_id is None else str(subject_id),
                         detail=detail, request_id=request_id))


def audit_statement(actor: str, action: str, subject_type: str | None = None, subject_id: str | int | None = None,
                    detail: dict | None = None, request_id: str | None = None) -> tuple:
    """The same entry as record_audit, as (statement, values) to run with other statements of the transaction."""
    return AUDIT_INSERT, {"at": utcnow(), "actor": actor, "action": action, "subject_type": subject_type,
                          "subject_id": None if subject_id is None else str(subject_id), "detail": detail,
                          "request_id": request_id}


def list_audit(session: Session, *, subject_type: str | None = None, subject_id: str | None = None,
               limit: int = 100, before_id: int | None = None) -> list[AuditLog]:
    """Audit entries, newest first, optionally for one subject."""
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if subject_type:
        query = query.where(AuditLog.subject_type == subject_type)
    if subject_id:
        query = query.where(AuditLog.subject_id == subject_id)
    if before_id:
        query = query.where(AuditLog.id < before_id)
    return list(session.scalars(query))
