"""Reports and outcomes: each discovery's stored figures and what blocks it (so the pipeline
view aggregates stored numbers), and what became of the deal (sales and delivery outcomes).

New tables only; no existing row changes. Every shape is written out as it is at this revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:19:18.496468
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table('outcomes',
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('sales', sa.String(length=16), nullable=True),
    sa.Column('sales_date', sa.Date(), nullable=True),
    sa.Column('delivery', sa.String(length=16), nullable=True),
    sa.Column('delivery_note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id')
    )
    op.create_table('reports',
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('verdict', sa.String(length=32), nullable=False),
    sa.Column('readiness', sa.Float(), nullable=True),
    sa.Column('alignment', sa.Float(), nullable=True),
    sa.Column('resistance', sa.Float(), nullable=True),
    sa.Column('overestimation', sa.Float(), nullable=True),
    sa.Column('mirrored_pairs', sa.Integer(), nullable=False),
    sa.Column('areas', sa.Text(), nullable=False),
    sa.Column('deal', sa.Text(), nullable=False),
    sa.Column('client', sa.Text(), nullable=False),
    sa.Column('salesperson', sa.Text(), nullable=False),
    sa.Column('deal_date', sa.Date(), nullable=True),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_month', ['month'], unique=False)

    op.create_table('report_blocks',
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['reports.session_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'kind', 'code')
    )


def downgrade() -> None:
    op.drop_table('report_blocks')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_month')

    op.drop_table('reports')
    op.drop_table('outcomes')
