"""Schema versions and the path between them.

``MIGRATIONS`` maps each version to the function that brings the database from the version
before to it; ``migrate`` applies the missing ones in order, each recorded in ``schema_version``,
under a lock so two processes starting at once do not both create the tables. When a later
version changes a table, freeze the old shape in the earlier migration instead of using
:mod:`storage.tables`.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import tables
from .records import ConfigError
from .transactions import writing

PG_LOCK_KEY = 0x67726F756E64  # "ground": an advisory lock id of our own


def _v1_initial(connection: Connection) -> None:
    for table in (tables.sessions, tables.answers, tables.links):
        table.create(connection, checkfirst=True)


def _v2_completions(connection: Connection) -> None:
    tables.completions.create(connection, checkfirst=True)


def _v3_drafts(connection: Connection) -> None:
    tables.drafts.create(connection, checkfirst=True)


def _v4_mode_requests(connection: Connection) -> None:
    tables.mode_requests.create(connection, checkfirst=True)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_initial, 2: _v2_completions,
                                                       3: _v3_drafts, 4: _v4_mode_requests}
SCHEMA_VERSION = max(MIGRATIONS)


def current_version(connection: Connection) -> int:
    """The highest applied version, 0 for an empty database."""
    if not sa.inspect(connection).has_table("schema_version"):
        return 0
    return connection.execute(sa.select(sa.func.max(tables.schema_version.c.version))).scalar() or 0


def migrate(engine: Engine, target: int = SCHEMA_VERSION) -> int:
    """Apply every missing migration up to ``target`` and return the version reached."""
    if target not in MIGRATIONS:
        raise ValueError(f"unknown schema version {target}; known: {sorted(MIGRATIONS)}")
    with writing(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        tables.schema_version.create(connection, checkfirst=True)
        version = current_version(connection)
        if version > SCHEMA_VERSION:
            raise ConfigError(f"the database is at schema version {version}, newer than this "
                               f"program's {SCHEMA_VERSION}: upgrade Groundwork")
        for step in range(version + 1, target + 1):
            MIGRATIONS[step](connection)
            connection.execute(tables.schema_version.insert().values(
                version=step, applied_at=dt.datetime.now(dt.timezone.utc)))
        return max(version, target)
