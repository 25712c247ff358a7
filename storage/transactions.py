"""Transactions on an engine from :mod:`storage.db`: one to write, one to read.

Kept apart from :mod:`storage.db` so that :mod:`storage.migrations`, which ``create_engine``
runs, can use them without importing the module that imports it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .records import DatabaseError


def describe(exc: sa.exc.SQLAlchemyError) -> str:
    """A driver error in one line, without the SQL statement and parameters SQLAlchemy adds
    (they can hold answers) or its link to background reading."""
    cause = getattr(exc, "orig", None) or exc
    first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return f"{type(cause).__name__}: {first}"


@contextmanager
def _wrapped() -> Iterator[None]:
    """Driver and SQLAlchemy errors leave storage as one :class:`DatabaseError`, so callers catch
    one storage error type and programming errors still surface."""
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        raise DatabaseError(f"the database refused or could not be reached ({describe(exc)})") from exc


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
