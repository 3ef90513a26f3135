"""Keep every handling of a feedback item (when, who, note): a second "handled" no longer overwrites the first.

The existing handled state of each item becomes the first entry of its history.

Revision ID: 0011
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

import insight_service.models.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_handling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("handled_at", insight_service.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("handled_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"],
                                name=op.f("fk_feedback_handling_feedback_id_feedback"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_handling")),
    )
    op.create_index("ix_feedback_handling_item", "feedback_handling", ["feedback_id", "handled_at"], unique=False)
    op.execute("INSERT INTO feedback_handling (feedback_id, handled_at, handled_by, note) "
               "SELECT id, handled_at, COALESCE(handled_by, 'unknown'), handled_note FROM feedback "
               "WHERE handled_at IS NOT NULL AND deidentified_at IS NULL")


def downgrade() -> None:
    op.drop_index("ix_feedback_handling_item", table_name="feedback_handling")
    op.drop_table("feedback_handling")
