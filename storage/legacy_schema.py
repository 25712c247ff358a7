"""Databases from before Alembic: the hand-written schema versions 1-4, kept in ``schema_version``.

Version 1 created sessions, answers and links; 2 added completions, 3 drafts, 4 mode_requests.
Version 4 is exactly Alembic's first revision (see :mod:`storage.migrations`), so a database at
version 1, 2 or 3 gets the tables it lacks, in the shapes those versions gave them (frozen here,
never taken from :mod:`storage.tables`); then version 5 is recorded, which Groundwork from before
Alembic (it knows 4 at most) refuses as newer than itself instead of writing to a schema it does
not know. Nothing is dropped or rewritten: every row stays where it was.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

LAST_VERSION = 4
HANDED_TO_ALEMBIC = 5

UTC_DATETIME = sa.DateTime(timezone=True)
schema_version = sa.table("schema_version", sa.column("version", sa.Integer),
                          sa.column("applied_at", UTC_DATETIME))


def _session_key() -> sa.Column:
    return sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                     primary_key=True)


def _v2_completions(op: Operations) -> None:
    op.create_table("completions", _session_key(),
                    sa.Column("party", sa.String(16), primary_key=True),
                    sa.Column("completed_at", UTC_DATETIME, nullable=False))


def _v3_drafts(op: Operations) -> None:
    op.create_table("drafts", _session_key(),
                    sa.Column("edited", sa.Text, nullable=False),
                    sa.Column("drafted", sa.Text, nullable=False),
                    sa.Column("agreed", sa.Text, nullable=False),
                    sa.Column("fingerprint", sa.String(64), nullable=False),
                    sa.Column("updated_at", UTC_DATETIME, nullable=False))


def _v4_mode_requests(op: Operations) -> None:
    op.create_table("mode_requests", _session_key(),
                    sa.Column("party", sa.String(16), primary_key=True),
                    sa.Column("mode", sa.String(16), nullable=False),
                    sa.Column("requested_at", UTC_DATETIME, nullable=False))


ADDED_IN = {2: _v2_completions, 3: _v3_drafts, 4: _v4_mode_requests}


def version(connection: Connection) -> int:
    """The highest hand-written version recorded; 0 when there is none (a new database, or one
    Alembic has always kept)."""
    if not sa.inspect(connection).has_table("schema_version"):
        return 0
    return connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0


def mark_handed_over(connection: Connection) -> None:
    """Record version 5: Groundwork from before Alembic then refuses the database."""
    connection.execute(schema_version.insert().values(version=HANDED_TO_ALEMBIC,
                                                      applied_at=dt.datetime.now(dt.timezone.utc)))


def bring_to_version_4(connection: Connection, found: int) -> None:
    """Add what versions ``found`` + 1 to 4 added, then mark the database handed over; the caller
    stamps Alembic's baseline in the same transaction."""
    if not 1 <= found <= LAST_VERSION:
        raise ValueError(f"not a hand-written schema version: {found}")
    op = Operations(MigrationContext.configure(connection))
    for step in range(found + 1, LAST_VERSION + 1):
        ADDED_IN[step](op)
    mark_handed_over(connection)
