"""Several people, or several tabs, at once: pick up every answer another browser session
stored, without touching what this one has not saved yet.

A fragment polls ``answers_since`` every few seconds (cheap: one small read) and, only when
something new arrived, merges it into the Session and reruns the page, whose widgets are then
drawn from the stored answers. Changes are told apart by writer, not by party: every answer
records the browser session that wrote it (:func:`ui.session.state.writer`), so a second tab of
the same party, or the supplier's screen and a client link, see each other's answers; a tab
skips only what it wrote itself. Answers this browser has not managed to save yet are never
overwritten. When two tabs change the same answer, the one stored last is the answer, and the
other tab shows it on its next poll. A change of mode or of the blind-mode completion marks
reloads the whole view, since what may be seen has changed.
"""
from __future__ import annotations

import time
from typing import Any, Iterable

import streamlit as st

from questions import Session
from storage import AnswerChange, StorageError
from ui.present.failures import logged
from ui.session import database, opening, saving, state

POLL_SECONDS = 3
LAST_POLL = "gw.last_poll"


def _table(value: Any) -> bool:
    """A table answer: rows the store merges by row id with other writers' rows."""
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def merge(session: Session, changes: Iterable[AnswerChange], writer: str = "",
          pending: Iterable[tuple[str | None, str | None]] = ()) -> Session:
    """``session`` with the stored answers it does not show yet.

    Skipped: answers this tab has not managed to save (``pending``), and this tab's own writes
    (``answered_by`` is ``writer``, see :attr:`storage.access.Viewer.signature`), which it shows
    already since each is saved on the run that makes it; except a table's, which the store
    merged by row id with another tab's rows. Everything else, whichever party or tab wrote it,
    replaces what this tab shows."""
    keep = set(pending)
    result = session
    for change in changes:
        if (change.party, change.question_id) in keep:
            continue
        if writer and change.answered_by == writer and not _table(change.value):
            continue
        shown = result.answers.get(change.party, {})
        if shown.get(change.question_id) == change.value and (
                change.value is not None or change.question_id not in shown):
            continue
        result = result.with_answer(change.party, change.question_id, change.value)
    return result


def _pending_keys() -> set[tuple[str | None, str | None]]:
    return {(c.party, c.question) for c in state.get(state.PENDING) or [] if c.kind == "answer"}


def refresh() -> bool:
    """Fetch what other browser sessions saved since our cursor; True when the page must be
    redrawn."""
    session_id, current = state.session_id(), state.session()
    if not session_id or current is None:
        return False
    viewer = state.viewer()
    store = database.store()
    info = store.session_info(session_id)
    if (info.mode, info.both_complete) != state.run_mode():
        opening.open_stored(session_id, viewer)
        if viewer == "client":
            state.set_party("client")
        return True
    asked = tuple(sorted(info.mode_requests.items()))
    if asked != state.get(state.MODE_REQUESTS, ()):
        state.put(state.MODE_REQUESTS, asked)
        return True
    acting = state.acting()
    changes = store.answers_since(session_id, since=int(state.get(state.REVISION) or 0),
                                  viewer=acting)
    state.put(state.REVISION, changes.revision)
    merged = merge(current, changes.answers, writer=acting.signature, pending=_pending_keys())
    if merged is current:
        return False
    state.absorb(merged)
    return True


def _refresh_now() -> None:
    try:
        refresh()
    except StorageError as exc:  # a notice: nothing of this page's is left unsaved by it
        state.set_notice(f"Could not check for new answers ({logged(exc, 'checking for new answers')}).")


def poll(shows_discovery: bool = True) -> None:
    """Check every few seconds for what other browser sessions saved: through a client link
    always, and on a page that shows the open discovery (``shows_discovery``) whenever it is
    stored, since another tab of the same party, another device or a client link may write to
    it at any time and nothing tells this tab so. The manual button (:func:`controls`) checks at
    any time. Elsewhere (start, sessions, pipeline) no timer is set: a polling fragment costs
    every whole-page rerun about 0.3-0.5 ms of CPU (README, "Benchmarks"; the
    questionnaire's step reruns without it). While changes wait to be saved (the
    database was away), it also tries them again, on any page."""
    if (state.get(state.LINK_TOKEN) or state.get(state.PENDING)
            or (shows_discovery and state.session_id())):
        _poll()


@st.fragment(run_every=POLL_SECONDS)
def _poll() -> None:
    """Runs on its own every few seconds; reruns the whole page only when answers arrived.

    A full rerun (a widget change) also calls it: skipped when the last poll is recent, so
    answering a question costs no extra database reads."""
    now = time.monotonic()
    if now - float(state.get(LAST_POLL) or 0.0) < POLL_SECONDS - 0.5:
        return
    state.put(LAST_POLL, now)
    if state.get(state.PENDING):  # kept while the database was away: save them first
        if not saving.retry():
            return
        st.rerun(scope="app")  # saved: the page drops its "not saved yet" warning
    try:
        changed = refresh()
    except StorageError as exc:
        st.caption(f"Live updates paused ({logged(exc, 'checking for new answers')}).")
        return
    if changed:
        st.rerun(scope="app")


def controls(key: str = "live.refresh") -> Any:
    """A manual refresh for whoever prefers it (and for tests, which cannot wait on a timer)."""
    return st.button("Check for new answers", key=key, on_click=_refresh_now)
