"""The consent ledger, the suppression list and the audit log."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ConsentEvent(Base):
    """One append-only consent event; the current state per purpose is derived from the ledger."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_customer_purpose", "customer_id", "purpose", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    valid_from: Mapped[datetime]
    expires_at: Mapped[datetime | None]


class Suppression(Base):
    """A keyed hash of an identifier that must never be collected with text or identity again."""

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("kind", "hash"), Index("ix_suppressions_hash", "hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(16))
    # "all" (opt-out, erasure) or "third_party" (social_profiling withdrawn: public posts only)
    scope: Mapped[str] = mapped_column(String(16), default="all")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditLog(Base):
    """Who read or changed personal data, and when; never a secret or a raw identifier."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict | None]
    request_id: Mapped[str | None] = mapped_column(String(64))
