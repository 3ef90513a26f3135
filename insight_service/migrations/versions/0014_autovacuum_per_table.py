"""Per-table autovacuum and fillfactor on PostgreSQL for append-mostly tables and hot counters (docs/postgresql.md).

Revision ID: 0014
Revises: 0013
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Append-mostly tables grow by inserts. Vacuum after 1% new rows (PostgreSQL's default waits for 20%: 2M rows
# at 10M) keeps their visibility maps current, so the aggregates' and reads' index-only scans skip the heap, and
# freezes in small steps instead of one anti-wraparound pass over the whole table; analyse after 1% so the
# newest weeks are in the statistics that time-range reads are planned from.
APPEND_MOSTLY = ("feedback", "feedback_pain_points", "feedback_identifiers", "feedback_themes", "feedback_handling",
                 "pain_point_facts", "feedback_facts", "purchases", "identities", "consent_events", "audit_log",
                 "outbox_events", "webhook_attempts")
APPEND_SETTINGS = {"autovacuum_vacuum_insert_scale_factor": "0.01", "autovacuum_vacuum_scale_factor": "0.02",
                   "autovacuum_analyze_scale_factor": "0.01"}
# Counters updated in place by every ingest batch: free room on each page lets an update stay on its page
# (a HOT update: no new index entries), and a small table is vacuumed after 1% dead rows plus the threshold.
HOT_COUNTERS = ("feedback_day_counts", "change_counters")
HOT_SETTINGS = {"fillfactor": "80", "autovacuum_vacuum_scale_factor": "0.01"}


def _tables():
    return [(table, APPEND_SETTINGS) for table in APPEND_MOSTLY] + [(table, HOT_SETTINGS) for table in HOT_COUNTERS]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no autovacuum daemon or fillfactor
    for table, settings in _tables():
        op.execute(f"ALTER TABLE {table} SET ({', '.join(f'{k} = {v}' for k, v in settings.items())})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, settings in _tables():
        op.execute(f"ALTER TABLE {table} RESET ({', '.join(settings)})")
