"""Answer copies: each discovery's answers as one row, so a rescoring of every discovery reads a
row per discovery instead of one per answer (see storage/answer_copies.py).

A new table only; no existing row changes. It starts empty: the next rescoring reads the
answers table and writes the copies.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 15:01:39.389968
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table('answer_copies',
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('layout', sa.String(length=16), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('texts', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id')
    )


def downgrade() -> None:
    op.drop_table('answer_copies')
