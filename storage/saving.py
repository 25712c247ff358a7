"""Save the questionnaire's changes as they happen: one call per change from the UI.

``ui.session.changes`` hands every change to the Session to ``ui.session.saving`` with a small
record (``kind``, ``party``, ``question``, ``value``). :func:`save_change` turns each into the smallest
write: one answer row for an answer, the changed rows of a table answer (merged by row id), the
details for deal or goals, a whole new session the first time. It reads the record by attribute,
so storage needs nothing from the UI package.

Saving only, in one direction (the page to the database): reading a session back and polling for
the other party's answers are :class:`storage.repo.Store`'s ``load_view`` and ``answers_since``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from questions.session import Session

from .access import Viewer
from .repo import Store


class ChangeLike(Protocol):
    kind: str
    party: str | None
    question: str | None
    value: Any
    given_at: dt.datetime | None  # when an answer kept while the database was away was given


def save_change(store: Store, session_id: str | None, session: Session | None,
                change: ChangeLike, viewer: Viewer | str) -> str | None:
    """Persist ``change`` as ``viewer`` and return the session's id (new when it was not stored
    yet). Answers go through the store's access rule (a refused one raises Forbidden)."""
    viewer = Viewer.of(viewer)
    by = viewer.signature  # the party and the writing tab: see Viewer.writer
    if session is None or change.kind == "close":
        return session_id
    if session_id is None:
        return store.create_session(session, by=by)
    if change.kind == "answer":
        store.save_answer(session_id, change.party, change.question, change.value, viewer=viewer,
                          by=by, given_at=change.given_at)
    elif change.kind == "rows":  # row changes, merged by row id in the store
        store.save_rows(session_id, change.party, change.question, change.value, viewer=viewer, by=by)
    elif change.kind in ("deal", "goals"):
        store.save_details(session_id, deal=session.deal, people=session.people, goals=session.goals)
    elif change.kind == "new":
        return store.create_session(session, by=by)
    return session_id
