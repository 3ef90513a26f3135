"""Background jobs as operators see them: what was asked, where it stands, how it ended."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Job(Base):
    """One job of the engine: its kind, parameters, attempts, timings and last error (never a secret)."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status", "status", "enqueued_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    connector: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict]
    status: Mapped[str] = mapped_column(String(16), default="queued")
    # set while queued or running, cleared when it ends: the unique index lets one such job exist per key
    active_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=1)
    # the running attempt's token: a batch commits only while its attempt still owns the job
    token: Mapped[str | None] = mapped_column(String(32))
    worker: Mapped[str | None] = mapped_column(String(120))
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(1000))
    result: Mapped[dict | None]
