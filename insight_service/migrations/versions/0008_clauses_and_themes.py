"""Clauses and themes: the clause around each pain point's span, and key phrases of uncoded negative clauses.

`feedback_pain_points` gets the clause bounds that quotes show; stored rows get them here from their text with
the same function the analyzer uses (analysis/clauses.py), in batches. `feedback_themes` holds the key phrases
(analysis/themes.py); stored items get theirs when `insight-service reanalyze` brings them to the analyzer
that extracts them.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BATCH = 5000


def _backfill_clauses() -> None:
    from insight_service.analysis.clauses import clause_bounds

    bind = op.get_bind()
    pains = sa.table("feedback_pain_points", sa.column("id", sa.Integer), sa.column("feedback_id", sa.Integer),
                     sa.column("span_start", sa.Integer), sa.column("span_end", sa.Integer),
                     sa.column("clause_start", sa.Integer), sa.column("clause_end", sa.Integer))
    feedback = sa.table("feedback", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(pains.c.id, pains.c.span_start, pains.c.span_end, feedback.c.text)
            .join(feedback, feedback.c.id == pains.c.feedback_id)
            .where(pains.c.id > last, pains.c.span_start.is_not(None), feedback.c.text.is_not(None))
            .order_by(pains.c.id).limit(BATCH)).all()
        if not rows:
            return
        values = []
        for pid, start, end, text in rows:
            a, b = clause_bounds(text, start, end)
            values.append({"pid": pid, "a": a, "b": b})
        bind.execute(pains.update().where(pains.c.id == sa.bindparam("pid"))
                     .values(clause_start=sa.bindparam("a"), clause_end=sa.bindparam("b")), values)
        last = rows[-1][0]


def upgrade() -> None:
    op.add_column("feedback_pain_points", sa.Column("clause_start", sa.Integer(), nullable=True))
    op.add_column("feedback_pain_points", sa.Column("clause_end", sa.Integer(), nullable=True))
    op.create_table(
        "feedback_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("phrase_start", sa.Integer(), nullable=False),
        sa.Column("phrase_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], name=op.f("fk_feedback_themes_feedback_id_feedback"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_themes")),
    )
    op.create_index("ix_feedback_themes_feedback_id", "feedback_themes", ["feedback_id"], unique=False)
    op.create_index("ix_feedback_themes_key", "feedback_themes", ["key", "feedback_id"], unique=False)
    _backfill_clauses()


def downgrade() -> None:
    op.drop_table("feedback_themes")
    with op.batch_alter_table("feedback_pain_points") as batch:
        batch.drop_column("clause_end")
        batch.drop_column("clause_start")
