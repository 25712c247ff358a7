"""Two people at once: pick up the other party's new answers without touching our own.

A fragment polls ``answers_since`` every few seconds (cheap: one small read) and, only when
something new arrived, merges it into the Session and reruns the page. Answers this browser has
not managed to save yet are never overwritten. A change of mode or of the blind-mode completion
marks reloads the whole view, since what may be seen has changed.
"""
from __future__ import annotations

import time
from typing import Any, Iterable

import streamlit as st

from questions import Session
from storage import AnswerChange, StorageError
from ui.session import database, opening, saving, state

POLL_SECONDS = 3
LAST_POLL = "gw.last_poll"


def merge(session: Session, changes: Iterable[AnswerChange], own_party: str,
          pending: Iterable[tuple[str | None, str | None]] = ()) -> Session:
    """``session`` with the other party's changes applied; own and pending answers kept."""
    keep = set(pending)
    result = session
    for change in changes:
        if change.party == own_party or (change.party, change.question_id) in keep:
            continue
        if session.answers.get(change.party, {}).get(change.question_id) == change.value:
            continue
        result = result.with_answer(change.party, change.question_id, change.value)
    return result


def _pending_keys() -> set[tuple[str | None, str | None]]:
    return {(c.party, c.question) for c in state.get(state.PENDING) or []
            if getattr(c, "kind", "") == "answer"}


def refresh() -> bool:
    """Fetch what the other party saved since our cursor; True when the page must be redrawn."""
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
    changes = store.answers_since(session_id, since=int(state.get(state.REVISION) or 0),
                                  viewer=state.acting())
    state.put(state.REVISION, changes.revision)
    merged = merge(current, changes.answers, own_party=viewer if viewer == "client" else
                   "supplier", pending=_pending_keys())
    if merged is current:
        return False
    state.absorb(merged)
    return True


def _refresh_now() -> None:
    try:
        refresh()
    except StorageError as exc:  # a notice: nothing of this page's is left unsaved by it
        state.set_notice(f"Could not check for the other party's answers: {exc}.")


def poll() -> None:
    """Check every few seconds for what the other party saved, while it can save anything: on
    the client's side always (the supplier answers on its own screen), on the supplier's while
    a client link is live (counted when the discovery opens and whenever this browser makes,
    revokes or lists links). A hand-over happens in this very browser, and the manual button
    (:func:`controls`) checks at any time. Without a live link no timer is set: a polling
    fragment costs every rerun about 0.4 ms (README, "Benchmarks"). While changes wait to be
    saved (the database was away), it also tries them again, on either side."""
    if state.get(state.LINK_TOKEN) or state.get(state.LIVE_LINKS) or state.get(state.PENDING):
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
        st.caption(f"Live updates paused: {exc}")
        return
    if changed:
        st.rerun(scope="app")


def controls(key: str = "live.refresh") -> Any:
    """A manual refresh for whoever prefers it (and for tests, which cannot wait on a timer)."""
    return st.button("Check for the other party's answers", key=key, on_click=_refresh_now)
