"""Jobs of the job engine (what operators see), and no more lease columns on sync_state.

The engine's locks and the jobs table replace the lease that sync_state carried.

Revision ID: 0009
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

import insight_service.models.base

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
    stamp = insight_service.models.base.UTCDateTime(timezone=True)
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("connector", sa.String(length=64), nullable=True),
        sa.Column("params", json, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("active_key", sa.String(length=120), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=True),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("enqueued_at", stamp, nullable=False),
        sa.Column("started_at", stamp, nullable=True),
        sa.Column("heartbeat_at", stamp, nullable=True),
        sa.Column("finished_at", stamp, nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("result", json, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("active_key", name=op.f("uq_jobs_active_key")),
    )
    op.create_index("ix_jobs_status", "jobs", ["status", "enqueued_at"], unique=False)
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("locked_by")
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("locked_by", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("locked_until", insight_service.models.base.UTCDateTime(timezone=True),
                                   nullable=True))
    op.drop_index("ix_jobs_status", table_name="jobs")
    op.drop_table("jobs")
