"""A partial index for the service queue: open items of linked customers in time order.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
OPEN = "handled_at IS NULL AND customer_id IS NOT NULL"


def upgrade() -> None:
    op.create_index("ix_feedback_open", "feedback", ["posted_at", "id"], unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index("ix_feedback_open", table_name="feedback")
