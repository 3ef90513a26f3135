"""CRM write-back: what was last written per CRM record (and pending clears after erasure), and write-back runs.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

import insight_service.models.base

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
    stamp = insight_service.models.base.UTCDateTime(timezone=True)
    op.create_table(
        "writeback_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connector", sa.String(length=64), nullable=False),
        sa.Column("crm_id", sa.String(length=128), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("written", json, nullable=True),
        sa.Column("tasks", json, nullable=True),
        sa.Column("clear_fields", json, nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_writeback_state_customer_id_customers"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_writeback_state")),
        sa.UniqueConstraint("connector", "crm_id", name=op.f("uq_writeback_state_connector")),
    )
    op.create_index("ix_writeback_state_customer", "writeback_state", ["customer_id"], unique=False)
    op.create_table(
        "writeback_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connector", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", stamp, nullable=False),
        sa.Column("finished_at", stamp, nullable=True),
        sa.Column("counts", json, nullable=True),
        sa.Column("error", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_writeback_runs")),
    )
    op.create_index("ix_writeback_runs_connector", "writeback_runs", ["connector", "started_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_writeback_runs_connector", table_name="writeback_runs")
    op.drop_table("writeback_runs")
    op.drop_index("ix_writeback_state_customer", table_name="writeback_state")
    op.drop_table("writeback_state")
