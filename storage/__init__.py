"""Storage: sessions saved one answer at a time in SQLite (default) or PostgreSQL.

The only package that imports SQLAlchemy. Start with ``Store.open()`` (cache it once per
process: it holds the connection pool); everything it returns is plain data
(``questions.Session`` and the records in :mod:`storage.records`). From the UI:
``save_change`` in a ``ui.state.on_change`` listener saves each answer as it is given;
``load_view(id, party)`` opens a session as that party may see it; ``answers_since(id, revision,
viewer=party)`` polls for the other party's new answers; ``resolve_link(token)`` opens a link.
"""
from .db import ConfigError, create_engine, resolve_url
from .migrations import SCHEMA_VERSION, migrate
from .records import (MODES, AnswerChange, Changes, CorruptRow, InvalidAnswer, SessionInfo,
                      SessionNotFound, SessionSummary, StorageError)
from .repo import Store
from .sync import save_change

__all__ = ["MODES", "SCHEMA_VERSION", "AnswerChange", "Changes", "ConfigError", "CorruptRow",
           "InvalidAnswer", "SessionInfo", "SessionNotFound", "SessionSummary", "StorageError",
           "Store", "create_engine", "migrate", "resolve_url", "save_change"]
