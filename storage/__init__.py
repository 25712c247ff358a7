"""Storage: sessions saved one answer at a time in SQLite (default) or PostgreSQL.

The only package that imports SQLAlchemy. Start with ``Store.open()``; everything it returns is
plain data (``questions.Session`` and the records in :mod:`storage.records`).
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
