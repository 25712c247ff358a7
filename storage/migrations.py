"""Bring a database's schema to this program's: Alembic, run in-process when a store opens.

The revisions are in ``storage/alembic/versions/``, run by ``storage/alembic/env.py``; there is
no alembic.ini and nothing is fetched. Each revision writes its tables in the shape they have at
that revision (``op.create_table``, ``op.add_column``, ...), never from :mod:`storage.tables`, so
changing a table later cannot change what an earlier revision did; a test checks that the newest
revision and :mod:`storage.tables` agree. The first revision, ``0001``, is the schema the
hand-written versions 1-4 had reached: a database they created is brought to it and stamped
(:mod:`storage.legacy_schema`), then upgraded like any other.

:func:`migrate` runs in one transaction holding a lock (:func:`storage.transactions.migrating`),
so two processes starting at once do not both create the tables: the second waits, then finds
the work done. A database at a revision this program does not know was upgraded by a newer
Groundwork and is refused with a :class:`~storage.records.ConfigError` naming both revisions.
"""
from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Connection, Engine

from . import legacy_schema
from .records import ConfigError
from .transactions import migrating, reading

SCRIPTS = Path(__file__).resolve().parent / "alembic"
BASELINE = "0001"  # the hand-written version 4


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built here rather than read from an alembic.ini; env.py runs
    its revisions on ``connection``."""
    config = Config(attributes={"connection": connection})
    config.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    return config


@functools.cache
def scripts() -> ScriptDirectory:
    """The revisions this program has (read once per process)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision: the schema this program's :mod:`storage.tables` describes."""
    head = scripts().get_current_head()
    assert head is not None, "storage/alembic/versions has no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for a new database or one from before Alembic."""
    return MigrationContext.configure(connection).get_current_revision()


def _known(revision: str) -> bool:
    try:
        return scripts().get_revision(revision) is not None
    except CommandError:
        return False


def _refuse_newer(connection: Connection, revision: str | None) -> None:
    if revision is not None and not _known(revision):
        raise ConfigError(f"the database is at schema revision {revision}, newer than this "
                          f"program's {head_revision()}: upgrade Groundwork")
    if revision is None and (old := legacy_schema.version(connection)) > legacy_schema.LAST_VERSION:
        raise ConfigError(f"the database is at schema version {old} but has no Alembic revision, "
                          f"so this program (revision {head_revision()}) cannot tell what it holds")


def migrate(engine: Engine, target: str = "head") -> str:
    """Upgrade the database to ``target`` (a revision id, the newest by default) and return the
    revision it is at. Harmless to repeat: a database already there is only read."""
    wanted = head_revision() if target == "head" else target
    with reading(engine) as connection:
        if current_revision(connection) == wanted:
            return wanted
    with migrating(engine) as connection:
        revision = current_revision(connection)
        _refuse_newer(connection, revision)
        if revision is None and (old := legacy_schema.version(connection)):
            legacy_schema.bring_to_version_4(connection, old)
            MigrationContext.configure(connection).stamp(scripts(), BASELINE)
        try:
            command.upgrade(alembic_config(connection), target)
        except CommandError as exc:
            raise ConfigError(f"cannot upgrade the database schema to {target!r}: {exc}") from None
        reached = current_revision(connection)
    assert reached is not None
    return reached
