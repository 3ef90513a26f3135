"""Drop indexes that every insert paid for and no query needs (or that misled the planner).

- ix_feedback_external_key, ix_purchases_external_id: upserts look items up through the (source, key)
  unique index instead; the second index over the same keys cost each insert a write at a random place.
- ix_feedback_author: no query filters or sorts by author_hash.
- ix_feedback_queue: the service queue reads ix_feedback_open (0004); without statistics the planners
  picked this one instead and sorted (SQLite: 0.4-0.6 s instead of 15-20 ms at 200,000 items).

At 200,000 feedback items each inserted row dirtied about a quarter fewer pages with them gone.

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_feedback_external_key", table_name="feedback")
    op.drop_index("ix_purchases_external_id", table_name="purchases")
    op.drop_index("ix_feedback_author", table_name="feedback")
    op.drop_index("ix_feedback_queue", table_name="feedback")


def downgrade() -> None:
    op.create_index("ix_feedback_queue", "feedback", ["handled_at", "sentiment_label", "posted_at"], unique=False)
    op.create_index("ix_feedback_author", "feedback", ["author_hash"], unique=False)
    op.create_index("ix_purchases_external_id", "purchases", ["external_id"], unique=False)
    op.create_index("ix_feedback_external_key", "feedback", ["external_key"], unique=False)
