"""Answer first, then compare: answers.other_visible records whether the other party's answer
to the question was visible to whoever wrote this one, at that moment.

Nullable, with no default: answers written before this revision were not recorded, and null
says so instead of claiming they were given blind.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("other_visible", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("other_visible")
