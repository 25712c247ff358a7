"""Alembic's environment for Groundwork, run in-process by :func:`storage.migrations.migrate`.

There is no alembic.ini: storage builds the configuration and hands over the connection
(``config.attributes["connection"]``) inside the transaction that holds the upgrade lock, so
every revision runs in that one transaction. ``target_metadata`` is only for comparing
(autogenerate): revisions never build their tables from it.
"""
from __future__ import annotations

from alembic import context

from storage import tables

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("storage/alembic is run by storage.migrations with a connection, "
                       "not from the alembic command line")
context.configure(
    connection=connection,
    target_metadata=tables.metadata,
    # SQLite alters a table by copying it: have autogenerate write such changes as batch
    # operations (storage.transactions.migrating turns foreign keys off around them).
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
