"""Write-back into CRMs: what was last written per CRM record, and each write-back run."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class WritebackState(Base):
    """Per connector and CRM record: the values last written (so a re-run sends only changes), the tasks made,
    and the last failure. After an erasure only the CRM's own record id and the names of the fields to clear
    are left (a pending clear); the row goes once the CRM has cleared them."""

    __tablename__ = "writeback_state"
    __table_args__ = (UniqueConstraint("connector", "crm_id"), Index("ix_writeback_state_customer", "customer_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    connector: Mapped[str] = mapped_column(String(64))
    crm_id: Mapped[str] = mapped_column(String(128))  # the CRM's own id of the record (it holds it already)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    written: Mapped[dict | None]  # field -> value as the CRM holds it now (cleared fields are absent)
    tasks: Mapped[list | None]  # feedback ids a task or case was made for
    clear_fields: Mapped[list | None]  # after an erasure: field names to clear, nothing else
    error: Mapped[str | None] = mapped_column(String(300))  # codes and field names only, never a value
    failures: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WritebackRun(Base):
    """One write-back run of a connector: when, what it wrote, how it ended."""

    __tablename__ = "writeback_runs"
    __table_args__ = (Index("ix_writeback_runs_connector", "connector", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connector: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    counts: Mapped[dict | None]
    error: Mapped[str | None] = mapped_column(String(1000))
