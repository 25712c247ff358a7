"""Save every change to the Store the moment it happens.

The functions that change the Session (:mod:`ui.session.changes`) hand each change to
:func:`save` directly, on the run that made it. It reads the session id, the viewer and the
pending queue from ``st.session_state``. A change that fails to save stays queued (and in the
page) and is retried with the next change, on every run (app.py), every few seconds by the poll
(:mod:`ui.session.live`) and with the retry button; while the database cannot be reached the
page says so in plain words. Answers picked up from the other party are already stored and
never come through here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

import storage
from questions import Session
from storage.records import (Forbidden, LinkNotValid, SessionInfo, StorageError,
                             StorageUnavailable, Superseded)
from ui.present.failures import logged
from ui.present.markdown import escape_markdown
from ui.session import database, state

UNREACHABLE = "unreachable"  # SAVE_ERROR's value while the database cannot be reached

ChangeKind = Literal["new", "open", "answer", "rows", "goals", "deal", "close"]


@dataclass(frozen=True)
class Change:
    """What changed in the Session, so saving writes just that (e.g. one answer)."""

    kind: ChangeKind
    party: str | None = None
    question: str | None = None
    value: Any = None
    # When an answer that could not be saved at once was given (set when its first write
    # fails): written later, it must not replace a stored answer saved after it.
    given_at: dt.datetime | None = None


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


def _kept(queue: list[Any]) -> list[Any]:
    """The queue with each failed change stamped with when it was given, and of several
    answers to one question only the last (written later, they would replace each other)."""
    now = dt.datetime.now(dt.timezone.utc)
    stamped = [c if c.given_at is not None or c.kind != "answer"
               else dataclasses.replace(c, given_at=now) for c in queue]
    last = {(c.party, c.question): i for i, c in enumerate(stamped) if c.kind == "answer"}
    return [c for i, c in enumerate(stamped)
            if c.kind != "answer" or last[(c.party, c.question)] == i]


def flush(session: Session | None = None) -> bool:
    """Write the queued changes, in order; True when nothing is left unsaved.

    A change the database could not take (unreachable, or refusing) stays queued (and on the
    page) to be retried: by the next change, by :func:`retry` on the next run or poll, or by the
    button. A kept answer that a newer stored one has replaced meanwhile is dropped and the
    page shows the stored one. A change the access rule refuses can never succeed: it is
    dropped, the page goes back to what is stored and says why. Through a revoked link nothing
    is written; the page then shows the plain "not valid" page (app.py checks the link on the
    same run)."""
    session = state.session() if session is None else session
    queue: list[Any] = list(state.get(state.PENDING) or [])
    viewer = state.acting()
    superseded = False
    try:
        while queue:
            change = queue[0]
            try:
                session_id = storage.save_change(database.store(), state.session_id(), session,
                                                 change, viewer)
            except Superseded:
                queue.pop(0)
                superseded = True
                continue
            created = session_id != state.session_id()
            if created:
                state.set_session_id(session_id)
                remember(session_id)
            queue.pop(0)
            if created:  # the whole Session was written as it stands: the rest is in it
                queue.clear()
    except LinkNotValid:
        state.put(state.PENDING, [])
        return False
    except Forbidden as exc:
        state.put(state.PENDING, queue[1:])
        state.put(state.REFUSED, f"Not saved: {exc}.")
        reload_view()
        return False
    except StorageError as exc:
        state.put(state.PENDING, _kept(queue))
        state.put(state.SAVE_ERROR, UNREACHABLE if isinstance(exc, StorageUnavailable)
                  else logged(exc, 'saving an answer'))
        return False
    finally:
        if superseded:
            state.set_notice("An answer kept on this page while the database was away was not "
                             "saved: a newer answer to the same question had been saved "
                             "meanwhile, and that one is shown.")
            reload_view()
    state.put(state.PENDING, [])
    state.drop(state.SAVE_ERROR)
    return True


def retry() -> bool:
    """Write what is still queued from an earlier run (the database was away); True when
    something was waiting and is now saved. Called on every run (app.py) and poll (live.py):
    with nothing queued it costs nothing."""
    if not state.get(state.PENDING):
        return False
    return flush()


def reload_view() -> None:
    """Replace the page's Session with what the viewer may see of the stored one, keeping the
    page's place (step, party)."""
    session_id = state.session_id()
    if session_id is None:
        return
    try:
        state.absorb(database.store().load_view(session_id, state.acting()))
    except StorageError as exc:
        state.put(state.SAVE_ERROR, logged(exc, "reloading the answers"))


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


def told() -> tuple[Any, ...]:
    """What the page says about saving outside a questionnaire step (app.py, the page header):
    the problem, how many changes wait, a refusal, a one-shot notice. A change made inside the
    step (a fragment) asks for the whole page when this changes (ui.components.answer_widget)."""
    return (state.get(state.SAVE_ERROR), len(state.get(state.PENDING) or []),
            state.get(state.REFUSED), state.has(state.NOTICE))


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
    if problem == UNREACHABLE:
        kinds = {c.kind for c in state.get(state.PENDING) or []}
        what = "answer" if kinds == {"answer"} else "change"
        st.warning(f"**Not saved yet**: the database cannot be reached right now. Your "
                   f"{f'{what} is' if waiting == 1 else f'{waiting} {what}s are'} kept on this "
                   "page and will be saved when it is back: it is tried again every few seconds "
                   "while this page is open, with your next answer, and now with the button.",
                   icon=None)
    else:
        st.error(f"**Not saved yet**: {waiting} change(s) could not be written to the database "
                 f"({escape_markdown(problem)}). They are kept on this page; saving is retried with your next "
                 "answer, or now with the button.", icon=None)
    st.button("Try saving again", key="persist.retry", on_click=flush)
