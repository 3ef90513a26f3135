"""Aggregate facts: pain points with their item's dimensions, per-item day keys and items per day; backfilled.

The R&D aggregates read these instead of joining feedback, products and purchases per request; the services
keep them in step from now on (services/aggregates/facts.py). The backfill derives them from the stored rows
with the same rules, in three set-based statements, and builds the indexes afterwards (faster on a full
database than filling indexed tables). The purchases index by product also gets the purchase time, so buyers
up to a moment are counted from the index alone.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

QUOTABLE = sa.text("span_start IS NOT NULL")
MEASURES = ["posted_at", "sentiment", "code_first", "item_first", "buyer"]
INDEXES = {
    "ix_pain_point_facts_cells": ["product_id", "code", "author_key", "source", "language", *MEASURES],
    "ix_pain_point_facts_cells_month": ["month", "product_id", "code", "source", "language", "author_key", *MEASURES],
    "ix_pain_point_facts_trends": ["product_id", "code", "week", "author_key", "posted_at", "code_first"],
}
QUOTE_INDEXES = {
    "ix_pain_point_facts_quotes": ["product_id", "code", "posted_at", "feedback_id", "id", "source", "language",
                                   "month", "week", "span_start", "span_end"],
    "ix_pain_point_facts_quotes_time": ["posted_at", "feedback_id", "id"],
}
# UTC day, week (Monday) and month of feedback.posted_at as 'YYYY-MM-DD', as services/aggregates/periods.py computes them
BUCKETS = {
    "sqlite": ("date(f.posted_at)", "date(f.posted_at, 'weekday 0', '-6 days')", "strftime('%Y-%m-01', f.posted_at)"),
    "postgresql": ("to_char(timezone('UTC', f.posted_at), 'YYYY-MM-DD')",
                   "to_char(date_trunc('week', timezone('UTC', f.posted_at)), 'YYYY-MM-DD')",
                   "to_char(date_trunc('month', timezone('UTC', f.posted_at)), 'YYYY-MM-DD')"),
}


def _create_tables() -> None:
    op.create_table(
        "pain_point_facts",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=10), nullable=False),
        sa.Column("author_key", sa.String(length=72), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=False),
        sa.Column("code_first", sa.SmallInteger(), nullable=False),
        sa.Column("item_first", sa.SmallInteger(), nullable=False),
        sa.Column("buyer", sa.SmallInteger(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], name=op.f("fk_pain_point_facts_feedback_id_feedback"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("feedback_id", "id", name=op.f("pk_pain_point_facts")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "feedback_facts",
        sa.Column("feedback_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], name=op.f("fk_feedback_facts_feedback_id_feedback"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_feedback_facts")),
    )
    op.create_table(
        "feedback_day_counts",
        sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "source", "language", "day", name=op.f("pk_feedback_day_counts")),
        sqlite_with_rowid=False,
    )


def _backfill(dialect: str) -> None:
    day, week, month = BUCKETS[dialect]
    op.execute(f"INSERT INTO feedback_facts (feedback_id, product_id, source, language, day, posted_at) "
               f"SELECT f.id, COALESCE(f.product_id, 0), f.source, COALESCE(f.language, ''), {day}, f.posted_at "
               f"FROM feedback f")
    op.execute("INSERT INTO feedback_day_counts (product_id, source, language, day, item_count) "
               "SELECT product_id, source, language, day, COUNT(*) FROM feedback_facts "
               "GROUP BY product_id, source, language, day")
    op.execute(f"""
        INSERT INTO pain_point_facts (id, feedback_id, code, product_id, source, language, posted_at, week, month,
                                      author_key, sentiment, code_first, item_first, buyer, span_start, span_end)
        SELECT p.id, p.feedback_id, p.code, COALESCE(f.product_id, 0), f.source, f.language, f.posted_at, {week},
               {month}, COALESCE('c' || CAST(f.customer_id AS VARCHAR), f.author_hash), p.sentiment,
               CASE WHEN ROW_NUMBER() OVER (PARTITION BY p.feedback_id, p.code ORDER BY p.id) = 1 THEN 1 ELSE 0 END,
               CASE WHEN ROW_NUMBER() OVER (PARTITION BY p.feedback_id ORDER BY p.id) = 1 THEN 1 ELSE 0 END,
               CASE WHEN f.customer_id IS NOT NULL AND EXISTS (
                   SELECT 1 FROM purchases b WHERE b.customer_id = f.customer_id AND b.product_id = f.product_id)
                   THEN 1 ELSE 0 END,
               p.span_start, p.span_end
        FROM feedback_pain_points p JOIN feedback f ON f.id = p.feedback_id""")


def upgrade() -> None:
    _create_tables()
    _backfill(op.get_bind().dialect.name)
    for name, columns in INDEXES.items():
        op.create_index(name, "pain_point_facts", columns, unique=False)
    for name, columns in QUOTE_INDEXES.items():
        op.create_index(name, "pain_point_facts", columns, unique=False, sqlite_where=QUOTABLE,
                        postgresql_where=QUOTABLE)
    op.create_index("ix_feedback_facts_posted_at", "feedback_facts", ["posted_at"], unique=False)
    # distinct buyers per product up to a moment, from the index alone
    op.drop_index("ix_purchases_product", table_name="purchases")
    op.create_index("ix_purchases_product", "purchases", ["product_id", "customer_id", "purchased_at"], unique=False)
    op.execute("ANALYZE pain_point_facts")
    op.execute("ANALYZE feedback_facts")
    op.execute("ANALYZE feedback_day_counts")


def downgrade() -> None:
    op.drop_index("ix_purchases_product", table_name="purchases")
    op.create_index("ix_purchases_product", "purchases", ["product_id", "customer_id"], unique=False)
    op.drop_table("feedback_day_counts")
    op.drop_table("feedback_facts")
    op.drop_table("pain_point_facts")
