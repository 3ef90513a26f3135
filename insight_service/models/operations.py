"""Operational tables: API keys, quarantine, connector state and runs, change counters, web sessions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ApiKey(Base):
    """An API key of one role; only a SHA-256 of the key is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class QuarantinedRecord(Base):
    """A record a source sent that failed validation, kept with its reason until retried or discarded."""

    __tablename__ = "quarantine"
    __table_args__ = (Index("ix_quarantine_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(256))
    payload: Mapped[dict | None]
    # the same bad record sent again is not quarantined twice
    payload_hash: Mapped[str] = mapped_column(String(64), index=True)
    errors: Mapped[dict]
    # keyed hashes of identifiers in the payload, so an erasure can find and remove it
    identifier_hashes: Mapped[list | None]
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class SyncState(Base):
    """Per configured connector: the cursor to resume from and the last run."""

    __tablename__ = "sync_state"

    connector: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[dict | None]
    last_run_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(String(1000))
    counts: Mapped[dict | None]


class SyncRun(Base):
    """One run of a connector: when, what it stored, how it ended."""

    __tablename__ = "sync_runs"
    __table_args__ = (Index("ix_sync_runs_connector", "connector", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connector: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    counts: Mapped[dict | None]
    error: Mapped[str | None] = mapped_column(String(1000))


class ChangeCounter(Base):
    """A counter bumped inside the transaction of a change, so a reader sees that it committed, whatever the clocks."""

    __tablename__ = "change_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class WebSession(Base):
    """A signed-in session of the HTML views: the cookie names it, signing out deletes it (the cookie dies with it)."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_created_at", "created_at"),)

    # SHA-256 of the session's random id (the cookie holds the id itself)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
