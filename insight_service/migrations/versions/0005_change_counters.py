"""Change counters: privacy changes count themselves in their own transaction, versioning cached aggregates.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("change_counters",
                    sa.Column("name", sa.String(length=32), nullable=False),
                    sa.Column("value", sa.BigInteger(), nullable=False),
                    sa.PrimaryKeyConstraint("name", name=op.f("pk_change_counters")))


def downgrade() -> None:
    op.drop_table("change_counters")
