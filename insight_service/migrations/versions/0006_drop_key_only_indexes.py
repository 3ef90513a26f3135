"""Drop the key-only indexes on feedback and purchases: upserts look up through the (source, key) unique index.

Each insert paid a write at a random place in a second index over the same keys (hashes for feedback); at
80,000 items that was a third of a feedback row's insert cost on SQLite, and it grows with the table.

Revision ID: 0006
Revises: 0004
"""
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_feedback_external_key", table_name="feedback")
    op.drop_index("ix_purchases_external_id", table_name="purchases")


def downgrade() -> None:
    op.create_index("ix_purchases_external_id", "purchases", ["external_id"], unique=False)
    op.create_index("ix_feedback_external_key", "feedback", ["external_key"], unique=False)
