"""Transactions on an engine from :mod:`storage.db`: one to write, one to read.

Kept apart from :mod:`storage.db` so that :mod:`storage.migrations`, which ``create_engine``
runs, can use them without importing the module that imports it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.engine import Connection, Engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes SQLite's write lock at once, so it waits rather than
    failing half-way when another writer holds the lock."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot for everything read inside it."""
    with engine.connect() as connection:
        with connection.begin():
            yield connection
