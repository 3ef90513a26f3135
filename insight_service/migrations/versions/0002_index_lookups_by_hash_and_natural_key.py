"""Index lookups by hash and natural key: the selective column leads, so batch lookups never scan

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:50:55.859964
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401 (autogenerate names it in JSONB variants)
import insight_service.models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_external_id', ['external_id'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_external_key', ['external_key'], unique=False)

    with op.batch_alter_table('feedback_identifiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_identifiers_kind_hash'))
        batch_op.create_index('ix_feedback_identifiers_hash', ['hash', 'kind'], unique=False)

    with op.batch_alter_table('identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identities_kind_hash'))
        batch_op.create_index('ix_identities_hash', ['hash', 'kind'], unique=False)

    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.create_index('ix_purchases_external_id', ['external_id'], unique=False)

    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.create_index('ix_suppressions_hash', ['hash'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.drop_index('ix_suppressions_hash')

    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_index('ix_purchases_external_id')

    with op.batch_alter_table('identities', schema=None) as batch_op:
        batch_op.drop_index('ix_identities_hash')
        batch_op.create_index(batch_op.f('ix_identities_kind_hash'), ['kind', 'hash'], unique=False)

    with op.batch_alter_table('feedback_identifiers', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_identifiers_hash')
        batch_op.create_index(batch_op.f('ix_feedback_identifiers_kind_hash'), ['kind', 'hash'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_external_key')

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_external_id')

