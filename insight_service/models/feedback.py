"""Feedback items with their analysis, and the pain points found in them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class Feedback(Base):
    """Something a person said, first-party or in public, with its analysis; text may be removed."""

    __tablename__ = "feedback"
    __table_args__ = (
        # keyed hash of the source's id: idempotent upserts that still work once the item is de-identified;
        # upserts look items up through it, per source (a second, key-only index cost every insert a random write)
        UniqueConstraint("source", "external_key"),
        Index("ix_feedback_customer_time", "customer_id", "posted_at"),
        Index("ix_feedback_product_time", "product_id", "posted_at"),
        # the service queue: open items of linked customers, oldest first, read a page at a time
        Index("ix_feedback_open", "posted_at", "id", sqlite_where=text("handled_at IS NULL AND customer_id IS NOT NULL"),
              postgresql_where=text("handled_at IS NULL AND customer_id IS NOT NULL")),
        Index("ix_feedback_order_ref", "order_ref"),
        Index("ix_feedback_updated_at", "updated_at"),  # the newest change versions cached aggregates
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_key: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(256))
    channel: Mapped[str] = mapped_column(String(16))
    party: Mapped[str] = mapped_column(String(8))
    author_hash: Mapped[str | None] = mapped_column(String(64))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    link_rule: Mapped[str | None] = mapped_column(String(32))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    order_ref: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    rating: Mapped[float | None] = mapped_column(Float)
    posted_at: Mapped[datetime]
    url: Mapped[str | None] = mapped_column(String(1000))
    sentiment_score: Mapped[float] = mapped_column(Float, default=0.0)
    sentiment_label: Mapped[str] = mapped_column(String(8), default="neutral")
    emotions: Mapped[list | None]
    journey: Mapped[list | None]
    analyzer_version: Mapped[str | None] = mapped_column(String(32))
    taxonomy_version: Mapped[str | None] = mapped_column(String(32))
    handled_at: Mapped[datetime | None]
    handled_by: Mapped[str | None] = mapped_column(String(100))
    handled_note: Mapped[str | None] = mapped_column(Text)
    deidentified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    pain_points: Mapped[list[FeedbackPainPoint]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", passive_deletes=True
    )


class FeedbackIdentifier(Base):
    """An author identifier of a feedback item as a keyed hash, for linking now, later, and erasure."""

    __tablename__ = "feedback_identifiers"
    __table_args__ = (
        UniqueConstraint("feedback_id", "kind"),
        Index("ix_feedback_identifiers_hash", "hash", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))


class FeedbackPainPoint(Base):
    """A pain point tagged in a feedback item, with the span that shows it (removed on de-identification)."""

    __tablename__ = "feedback_pain_points"
    __table_args__ = (Index("ix_pain_points_code_feedback", "code", "feedback_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    taxonomy_version: Mapped[str] = mapped_column(String(32))
    sentiment: Mapped[float] = mapped_column(Float)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    # the clause around the span, what quotes show (analysis/clauses.py); removed with the span
    clause_start: Mapped[int | None]
    clause_end: Mapped[int | None]

    feedback: Mapped[Feedback] = relationship(back_populates="pain_points")


class FeedbackTheme(Base):
    """A key phrase of a negative clause no code covers and where it is; deleted on de-identification."""

    __tablename__ = "feedback_themes"
    __table_args__ = (Index("ix_feedback_themes_key", "key", "feedback_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))  # stemmed content words, "hing snap"
    label: Mapped[str] = mapped_column(String(64))  # the words as written, "hinge snaps"
    # text[phrase_start:phrase_end]; a quote shows the clause around it, drawn from the text when read
    phrase_start: Mapped[int]
    phrase_end: Mapped[int]


class FeedbackHandling(Base):
    """One time an agent handled an item: when, who, the note; appended, never overwritten."""

    __tablename__ = "feedback_handling"
    __table_args__ = (Index("ix_feedback_handling_item", "feedback_id", "handled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    handled_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
