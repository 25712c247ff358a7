"""Save every change to the Store the moment it happens.

The functions that change the Session (:mod:`ui.session.changes`) hand each change to
:func:`save` directly, on the run that made it. It reads the session id, the viewer and the
pending queue from ``st.session_state``. A change that fails to save stays queued (and in the
page) and is retried with the next change or the retry button. Answers picked up from the other
party (:mod:`ui.session.live`) are already stored and never come through here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

import storage
from questions import Session
from storage.records import Forbidden, LinkNotValid, SessionInfo, StorageError
from ui.present.markdown import escape_markdown
from ui.session import database, state

ChangeKind = Literal["new", "open", "answer", "rows", "goals", "deal", "close"]


@dataclass(frozen=True)
class Change:
    """What changed in the Session, so saving writes just that (e.g. one answer)."""

    kind: ChangeKind
    party: str | None = None
    question: str | None = None
    value: Any = None


def save(session: Session | None, change: Change) -> None:
    """Queue the change, then write everything queued, in order."""
    if change.kind == "close":
        st.query_params.pop(state.QUERY_KEY, None)
        state.put(state.PENDING, [])
        state.drop(state.SAVE_ERROR)
        return
    fresh = change.kind in ("new", "open")
    queue: list[Any] = [] if fresh else list(state.get(state.PENDING) or [])
    state.put(state.PENDING, [*queue, change])
    flush(session)


def flush(session: Session | None = None) -> bool:
    """Write the queued changes; True when nothing is left unsaved.

    A change the database could not take stays queued (and on the page) to be retried. A change
    the access rule refuses can never succeed: it is dropped, the page goes back to what is
    stored and says why. Through a revoked link nothing is written; the page then shows the
    plain "not valid" page (app.py checks the link on the same run)."""
    session = state.session() if session is None else session
    queue: list[Any] = list(state.get(state.PENDING) or [])
    viewer = state.acting()
    try:
        while queue:
            change = queue[0]
            session_id = storage.save_change(database.store(), state.session_id(), session, change, viewer)
            if session_id != state.session_id():
                state.set_session_id(session_id)
                remember(session_id)
            queue.pop(0)
    except LinkNotValid:
        state.put(state.PENDING, [])
        return False
    except Forbidden as exc:
        state.put(state.PENDING, queue[1:])
        state.put(state.REFUSED, f"Not saved: {exc}.")
        reload_view()
        return False
    except StorageError as exc:
        state.put(state.PENDING, queue)
        state.put(state.SAVE_ERROR, str(exc))
        return False
    state.put(state.PENDING, [])
    state.drop(state.SAVE_ERROR)
    return True


def reload_view() -> None:
    """Replace the page's Session with what the viewer may see of the stored one, keeping the
    page's place (step, party)."""
    session_id = state.session_id()
    if session_id is None:
        return
    try:
        state.absorb(database.store().load_view(session_id, state.acting()))
    except StorageError as exc:
        state.put(state.SAVE_ERROR, str(exc))


def remember(session_id: str | None) -> None:
    """Keep the session's id and its run mode in the page, so polling knows where it is."""
    if session_id is None:
        return
    try:
        info = database.store().session_info(session_id)
    except StorageError:
        return
    note_info(info)


def note_info(info: SessionInfo) -> None:
    state.put(state.MODE, (info.mode, info.both_complete))
    state.put(state.MODE_REQUESTS, tuple(sorted(info.mode_requests.items())))
    if state.get(state.REVISION) is None:
        state.put(state.REVISION, info.revision)


def show_save_problem() -> None:
    """A clear error while answers wait to be saved (they stay on screen meanwhile), or why an
    answer was refused."""
    refused = state.get(state.REFUSED)
    if refused:
        state.drop(state.REFUSED)
        st.error(escape_markdown(refused))
    problem = state.get(state.SAVE_ERROR)
    if not problem:
        return
    waiting = len(state.get(state.PENDING) or [])
    st.error(f"**Not saved yet**: {waiting} change(s) could not be written to the database "
             f"({escape_markdown(problem)}). They are kept on this page; saving is retried with your next "
             "answer, or now with the button.", icon=None)
    st.button("Try saving again", key="persist.retry", on_click=flush)
