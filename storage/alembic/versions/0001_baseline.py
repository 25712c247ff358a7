"""Baseline: the schema the hand-written versions 1-4 had reached.

sessions, answers and links (version 1), completions (2), drafts (3), mode_requests (4), and
the old ``schema_version`` table holding version 5, so Groundwork from before Alembic (it knows
4 at most) refuses this database instead of writing to a schema it does not know. A database
those versions created is brought to this shape by storage/legacy_schema.py and stamped with this
revision instead of running it.

Every shape is written out here as it is at this revision, never taken from storage/tables.py:
a later revision changes a table with its own operations, and this one stays what it was.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def _session_id(**kwargs) -> sa.Column:
    return sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                     **kwargs)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("deal", sa.Text, nullable=False),
        sa.Column("people", sa.Text, nullable=False),
        sa.Column("goals", sa.Text, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
    )
    op.create_table(
        "answers",
        _session_id(primary_key=True),
        sa.Column("party", sa.String(16), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("answered_at", UTC_DATETIME, nullable=False),
        sa.Column("answered_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_answers_session_revision", "answers", ["session_id", "revision"])
    op.create_table(
        "links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _session_id(nullable=False),
        sa.Column("party", sa.String(16), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("revoked_at", UTC_DATETIME, nullable=True),
    )
    op.create_index("ix_links_session_id", "links", ["session_id"])
    op.create_table(
        "completions",
        _session_id(primary_key=True),
        sa.Column("party", sa.String(16), primary_key=True),
        sa.Column("completed_at", UTC_DATETIME, nullable=False),
    )
    op.create_table(
        "drafts",
        _session_id(primary_key=True),
        sa.Column("edited", sa.Text, nullable=False),
        sa.Column("drafted", sa.Text, nullable=False),
        sa.Column("agreed", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
    )
    op.create_table(
        "mode_requests",
        _session_id(primary_key=True),
        sa.Column("party", sa.String(16), primary_key=True),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("requested_at", UTC_DATETIME, nullable=False),
    )
    schema_version = op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", UTC_DATETIME, nullable=False),
    )
    op.bulk_insert(schema_version, [{"version": 5, "applied_at": dt.datetime.now(dt.timezone.utc)}])


def downgrade() -> None:
    for table in ("schema_version", "mode_requests", "drafts", "completions", "links", "answers",
                  "sessions"):
        op.drop_table(table)
