"""Transactions on an engine from :mod:`storage.db`: one to write, one to read, one to change
the schema.

Kept apart from :mod:`storage.db` so that :mod:`storage.migrations`, which ``create_engine``
runs, can use them without importing the module that imports it.
"""
from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .records import DatabaseError, StorageUnavailable

log = logging.getLogger(__name__)

PG_LOCK_KEY = 0x67726F756E64  # "ground": an advisory lock id of our own


def describe(exc: sa.exc.SQLAlchemyError) -> str:
    """A driver error in one line, without the SQL statement and parameters SQLAlchemy adds
    (they can hold answers) or its link to background reading."""
    cause = getattr(exc, "orig", None) or exc
    first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return f"{type(cause).__name__}: {first}"


SQLITE_UNREACHABLE = ("locked", "busy", "unable to open", "disk i/o")


def unreachable(exc: BaseException) -> bool:
    """Whether a driver error means the database cannot be reached right now (a server down or
    restarting, a cut connection, SQLite's file busy past its wait or not openable) rather than
    refusing the operation: worth trying again in a moment. SQLite reports a missing table as an
    OperationalError too, so there its words decide."""
    cause = getattr(exc, "orig", None) or exc
    if isinstance(cause, sqlite3.Error):
        return any(words in str(cause).lower() for words in SQLITE_UNREACHABLE)
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError,
                            sa.exc.DisconnectionError))


def wrap(exc: BaseException) -> DatabaseError:
    """The storage error for a driver or SQLAlchemy error, in plain words; the driver's own text
    (server address, SQL, paths) goes to the log only."""
    text = describe(exc) if isinstance(exc, sa.exc.SQLAlchemyError) else f"{type(exc).__name__}: {exc}"
    if unreachable(exc):
        log.warning("the database cannot be reached: %s", text)
        return StorageUnavailable(detail=text)
    log.error("the database refused an operation: %s", text)
    return DatabaseError("the database refused the operation (the app's log has the details)",
                         detail=text)


@contextmanager
def _wrapped() -> Iterator[None]:
    """Driver and SQLAlchemy errors leave storage as one :class:`DatabaseError` (a
    :class:`StorageUnavailable` when the database cannot be reached), so callers catch one
    storage error type and programming errors still surface."""
    try:
        yield
    except (sa.exc.SQLAlchemyError, sqlite3.Error) as exc:
        raise wrap(exc) from exc


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes SQLite's write lock at once, so it waits rather than
    failing half-way when another writer holds the lock."""
    with _wrapped(), engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot for everything read inside it."""
    with _wrapped(), engine.connect() as connection:
        with connection.begin():
            yield connection


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """The one transaction a schema upgrade runs in, holding a lock that a second process
    starting at the same moment waits for (PostgreSQL: an advisory lock; SQLite: the write lock,
    taken up front), so only one of them creates or alters tables and the other finds it done.

    On SQLite, foreign keys are off inside it and checked before it commits: Alembic alters a
    SQLite table by copying it and dropping the old one, and with foreign keys on, dropping
    ``sessions`` would cascade to every answer (ON DELETE CASCADE). The pragma only takes effect
    outside a transaction, so it is set on the driver's connection before ours begins, and that
    connection is discarded afterwards instead of going back to the pool with foreign keys off."""
    sqlite = engine.dialect.name == "sqlite"
    with _wrapped(), engine.connect() as connection:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            connection.execution_options(sqlite_begin="IMMEDIATE")
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                       {"key": PG_LOCK_KEY})
                yield connection
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise DatabaseError(f"the schema upgrade would leave {len(broken)} rows "
                                        f"pointing at missing rows (first in table {broken[0][0]}); "
                                        "nothing was changed")
        finally:
            if sqlite:
                connection.invalidate()
