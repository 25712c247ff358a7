"""One saved dependency table per session, so edits to the draft agreement survive a refresh.

The UI hands over plain rows (dicts of scalars); they are stored as JSON and checked when read
back, so a damaged row is reported as a :class:`CorruptRow` naming the session instead of
breaking the page later. Saving a draft does not bump the session's revision: pollers watch
answers, and the draft is derived from them.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from questions.session import MAX_TEXT

from . import tables
from .transactions import reading, writing
from .records import CorruptRow, SessionNotFound, StoredDraft, utc

SCALARS = (str, int, float, bool, type(None))
MAX_CELL = MAX_TEXT  # characters in one cell; the page refuses longer ones first, naming the cell


def _plain(value: Any) -> Any:
    """numpy and pandas scalars (from the table widget) as the Python values they hold."""
    if hasattr(value, "item") and not isinstance(value, SCALARS):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be stored in a draft")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)


def _check_rows(session_id: str, name: str, value: Any) -> list[dict[str, Any]]:
    where = f"session {session_id}: stored draft {name}"
    if not isinstance(value, list):
        raise CorruptRow(f"{where} is not a list of rows")
    seen: set[str] = set()
    for number, row in enumerate(value, 1):
        if not isinstance(row, dict):
            raise CorruptRow(f"{where}, row {number}: not an object")
        row_id = row.get("id")
        if not isinstance(row_id, str) or not row_id:
            raise CorruptRow(f"{where}, row {number}: no id")
        if row_id in seen:
            raise CorruptRow(f"{where}, row {number}: id {row_id!r} appears twice")
        seen.add(row_id)
        bad = [k for k, v in row.items() if not isinstance(v, SCALARS)]
        if bad:
            raise CorruptRow(f"{where}, row {number}: {bad[0]!r} is not a plain value")
        long = [k for k, v in row.items() if isinstance(v, str) and len(v) > MAX_CELL]
        if long:
            raise CorruptRow(f"{where}, row {number}: {long[0]!r} is longer than {MAX_CELL:,} "
                             "characters")
    return value


def _load(session_id: str, name: str, text: Any) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError):
        raise CorruptRow(f"session {session_id}: stored draft {name} is not valid JSON") from None


def decode(row: Any) -> StoredDraft:
    """A stored row as a :class:`StoredDraft`, every part checked."""
    sid = row.session_id
    rows = _check_rows(sid, "rows", _load(sid, "rows", row.edited))
    drafted = _check_rows(sid, "drafted rows", _load(sid, "drafted rows", row.drafted))
    agreed = _load(sid, "agreed ids", row.agreed)
    if not isinstance(agreed, list) or not all(isinstance(a, str) for a in agreed):
        raise CorruptRow(f"session {sid}: stored draft agreed ids are not a list of ids")
    if not isinstance(row.fingerprint, str) or not row.fingerprint:
        raise CorruptRow(f"session {sid}: stored draft has no fingerprint")
    return StoredDraft(session_id=sid, rows=rows, drafted=drafted, agreed=frozenset(agreed),
                       fingerprint=row.fingerprint, updated_at=utc(row.updated_at))


def save_draft(engine: Engine, session_id: str, rows: Sequence[dict[str, Any]],
               agreed: Iterable[str], fingerprint: str,
               drafted: Sequence[dict[str, Any]] | None = None) -> None:
    """Insert or replace the session's draft; rows are checked as they would be on reading."""
    values = {"session_id": session_id, "edited": _dump(list(rows)),
              "drafted": _dump(list(drafted) if drafted is not None else []),
              "agreed": _dump(sorted(set(agreed))), "fingerprint": fingerprint,
              "updated_at": dt.datetime.now(dt.timezone.utc)}
    _check_rows(session_id, "rows", json.loads(values["edited"]))
    _check_rows(session_id, "drafted rows", json.loads(values["drafted"]))
    if not isinstance(fingerprint, str) or not fingerprint:
        raise ValueError(f"session {session_id}: a draft needs the Session's fingerprint")
    insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert(tables.drafts)
    upsert = insert.on_conflict_do_update(
        index_elements=["session_id"],
        set_={c: insert.excluded[c] for c in ("edited", "drafted", "agreed", "fingerprint",
                                              "updated_at")})
    with writing(engine) as connection:
        exists = connection.execute(sa.select(tables.sessions.c.id)
                                    .where(tables.sessions.c.id == session_id)).first()
        if exists is None:
            raise SessionNotFound(session_id)
        connection.execute(upsert, values)


def load_draft(engine: Engine, session_id: str) -> StoredDraft | None:
    """The session's saved draft, or None when it has none (or the session does not exist)."""
    with reading(engine) as connection:
        row = connection.execute(sa.select(tables.drafts)
                                 .where(tables.drafts.c.session_id == session_id)).first()
    return None if row is None else decode(row)
