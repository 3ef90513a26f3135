"""Derived tables the R&D aggregates read: one fact row per pain point and per item, and feedback per day.

They are copies kept in step with feedback, pain points and purchases by `services/aggregates/facts.py` in the
same transaction as every change (ingest, edits, linking, re-analysis, de-identification, erasure), so an
aggregate reads one narrow table instead of joining feedback, products and purchases at request time.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

NO_PRODUCT = 0  # product_id of items without a product: a real value, so cells compare with = and use indexes
NO_LANGUAGE = ""  # language of items without one, in the per-day counts (a primary key column cannot be null)
QUOTABLE = text("span_start IS NOT NULL")
# the columns every cell needs, after the grouping columns, so each aggregate is an index-only scan
MEASURES = ("posted_at", "sentiment", "code_first", "item_first", "buyer")
QUOTE_KEY = ("product_id", "code", "posted_at", "feedback_id", "id", "source", "language", "month", "week",
             "span_start", "span_end")


class PainPointFact(Base):
    """A pain point with its item's dimensions, author key, buyer flag and span (same id as the pain point)."""

    __tablename__ = "pain_point_facts"
    __table_args__ = (
        # grouping columns first, then the author (distinct counts stream in order), then what cells measure: the
        # default product x code, the full export (month first, so product x code alone takes the index above)
        # and the weekly trends
        Index("ix_pain_point_facts_cells", "product_id", "code", "author_key", "source", "language", *MEASURES),
        Index("ix_pain_point_facts_cells_month", "month", "product_id", "code", "source", "language", "author_key",
              *MEASURES),
        Index("ix_pain_point_facts_trends", "product_id", "code", "week", "author_key", "posted_at", "code_first"),
        # the newest quotable spans of a cell, found by seeking back from its newest item instead of ranking
        # every span; the cell's other columns ride along, so spans of other cells are skipped inside the index
        Index("ix_pain_point_facts_quotes", *QUOTE_KEY, sqlite_where=QUOTABLE, postgresql_where=QUOTABLE),
        Index("ix_pain_point_facts_quotes_time", "posted_at", "feedback_id", "id",
              sqlite_where=QUOTABLE, postgresql_where=QUOTABLE),
        {"sqlite_with_rowid": False},  # the primary key is the table: one b-tree less to write
    )

    # keyed by item first: a refresh replaces an item's facts by this key, with no extra index
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String(32))
    product_id: Mapped[int]
    source: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    posted_at: Mapped[datetime]
    week: Mapped[str] = mapped_column(String(10))
    month: Mapped[str] = mapped_column(String(10))
    # the customer when linked ('c' + id), else the author's keyed hash; null once de-identified
    author_key: Mapped[str | None] = mapped_column(String(72))
    sentiment: Mapped[float] = mapped_column(Float)
    code_first: Mapped[int] = mapped_column(SmallInteger)  # 1 on one row per item and code: mentions by code
    item_first: Mapped[int] = mapped_column(SmallInteger)  # 1 on one row per item: mentions across codes
    buyer: Mapped[int] = mapped_column(SmallInteger)  # 1 when the linked author bought the item's product
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]


class FeedbackFact(Base):
    """The dimensions an item was last counted under in `feedback_day_counts` (every item, with or without pain)."""

    __tablename__ = "feedback_facts"
    __table_args__ = (Index("ix_feedback_facts_posted_at", "posted_at"),)  # partial days at a filter's edges

    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True,
                                             autoincrement=False)
    product_id: Mapped[int]
    source: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    day: Mapped[str] = mapped_column(String(10))
    posted_at: Mapped[datetime]


class FeedbackDayCount(Base):
    """How many items each product, source and language had per UTC day: the share's denominators, summed."""

    __tablename__ = "feedback_day_counts"
    __table_args__ = {"sqlite_with_rowid": False}

    product_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_count: Mapped[int]
