"""The sessions page's list: deal, parties, dates and progress per party, with search.

Answers are counted with the same visibility rule the questionnaire uses, so "12/40" here means
what the progress bar means. A session with a row that cannot be read (corrupt JSON, an answer
that does not fit its question) is listed as damaged, with what could be read of it, and the
rest are listed as usual: one bad row must not hide every discovery.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from questions.schema import PARTIES, Bank
from questions.session import Deal, People, Progress, SessionError, parse_session, progress

from . import tables
from .transactions import reading
from .records import CorruptRow, SessionSummary, utc

log = logging.getLogger(__name__)


class _Store(Protocol):
    """What the list needs of a :class:`storage.repo.Store` (which imports this module)."""

    engine: Engine
    bank: Bank

    def decode_answer(self, session_id: str, party: str, question_id: str, text: str) -> Any: ...

    def decode_details(self, row: Any) -> dict[str, Any]: ...


def _like(search: str) -> str:
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_sessions(store: _Store, search: str | None = None,
                  include_archived: bool = False) -> list[SessionSummary]:
    """Sessions, most recently updated first; ``search`` matches deal, organisations, people."""
    s = tables.sessions
    query = sa.select(s).order_by(s.c.updated_at.desc(), s.c.id)
    if not include_archived:
        query = query.where(s.c.archived.is_(False))
    if search and search.strip():
        pattern = _like(search)
        query = query.where(sa.or_(sa.func.lower(s.c.deal).like(pattern, escape="\\"),
                                   sa.func.lower(s.c.people).like(pattern, escape="\\")))
    with reading(store.engine) as connection:
        rows = connection.execute(query).all()
        ids = [r.id for r in rows]
        answer_rows = connection.execute(
            sa.select(tables.answers.c.session_id, tables.answers.c.party,
                      tables.answers.c.question_id, tables.answers.c.value)
            .where(tables.answers.c.session_id.in_(ids),
                   tables.answers.c.value.is_not(None))).all() if ids else []
        done = connection.execute(sa.select(tables.completions.c.session_id,
                                            tables.completions.c.party)
                                  .where(tables.completions.c.session_id.in_(ids))).all() if ids else []
    by_session: dict[str, dict[str, dict[str, Any]]] = {i: {p: {} for p in PARTIES} for i in ids}
    damaged: set[str] = set()
    completed = {(sid, party) for sid, party in done}
    for sid, party, qid, text in answer_rows:
        if party not in PARTIES:
            damaged.add(sid)
            continue
        try:
            by_session[sid][party][qid] = store.decode_answer(sid, party, qid, text)
        except CorruptRow as exc:
            log.warning("%s", exc)
            damaged.add(sid)
    summaries = []
    for row in rows:
        try:
            details = store.decode_details(row)
            session = parse_session({"format": "groundwork.session/1", **details})
            session = session.model_copy(update={"answers": by_session[row.id]})
            counts = {p: progress(store.bank, session, (p,)) for p in PARTIES}
            deal, people = session.deal, session.people
        except (CorruptRow, SessionError, ValueError, TypeError) as exc:
            log.warning("session %s: its details cannot be read: %s", row.id, exc)
            damaged.add(row.id)
            deal, people = _readable_details(row)
        if row.id in damaged:
            counts = {p: Progress(0, 0) for p in PARTIES}
        summaries.append(SessionSummary(
            id=row.id, deal=deal, people=people, mode=row.mode,
            archived=bool(row.archived), created_at=utc(row.created_at),
            updated_at=utc(row.updated_at), progress=counts,
            completed={p: (row.id, p) in completed for p in PARTIES}, damaged=row.id in damaged))
    return summaries


def _readable_details(row: Any) -> tuple[Deal, People]:
    """Whatever can be read of a damaged session's deal and people, for its line in the list."""
    def part(text: Any, model: Any, fallback: Any) -> Any:
        try:
            return model.model_validate(json.loads(text))
        except (ValueError, TypeError):
            return fallback
    return (part(row.deal, Deal, Deal(name=f"Discovery {row.id}")), part(row.people, People, People()))
