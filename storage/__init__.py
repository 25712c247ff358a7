"""Storage: sessions saved one answer at a time in SQLite (default) or PostgreSQL.

The only package that imports SQLAlchemy. Start with ``Store.open()`` (cache it once per
process: it holds the connection pool); everything it returns is plain data
(``questions.Session`` and the records in :mod:`storage.records`). From the UI:
``save_change``, called by ``ui.session.saving``, saves each answer as it is given;
``load_view(id, party)`` opens a session as that party may see it; ``answers_since(id, revision,
viewer=party)`` polls for the other party's new answers; ``resolve_link(token)`` opens a link.

Names are imported on first use (PEP 562): importing SQLAlchemy takes a fifth of a second, so
``from storage import StorageError`` (plain records) must not pay it; the app's first page
paints before anything touches the database.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "ConfigError": "records", "create_engine": "db", "resolve_url": "db",
    "head_revision": "migrations", "migrate": "migrations",
    "MODES": "access", "Viewer": "access",
    "AnswerChange": "records", "Changes": "records", "CorruptRow": "records",
    "DatabaseError": "records", "Forbidden": "records", "InvalidAnswer": "records",
    "LinkNotValid": "records", "SessionInfo": "records", "SessionNotFound": "records",
    "SessionSummary": "records", "StorageError": "records", "StorageUnavailable": "records",
    "StoredDraft": "records", "Superseded": "records",
    "Store": "repo", "save_change": "saving",
}
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from .db import create_engine, resolve_url
    from .migrations import head_revision, migrate
    from .access import MODES, Viewer
    from .records import (AnswerChange, Changes, ConfigError, CorruptRow, DatabaseError, Forbidden,
                          InvalidAnswer, LinkNotValid, SessionInfo, SessionNotFound,
                          SessionSummary, StorageError, StorageUnavailable, StoredDraft,
                          Superseded)
    from .repo import Store
    from .saving import save_change


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
