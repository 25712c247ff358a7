"""Save every change to the Store the moment it happens, and reopen a session from the URL.

The Store is opened once per database setting and bank (:func:`ui.session.resources.once`). One listener on
:mod:`ui.session.state` saves each change; ``ui.session.state``'s listeners are shared by every browser session
in the server process, so the listener reads the session id, the viewer and the pending queue
from ``st.session_state`` at call time and never captures them. A change that fails to save
stays queued (and in the page) and is retried with the next change or the retry button.
"""
from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Callable

import streamlit as st

import storage
from questions import Session
from storage.records import Forbidden, LinkNotValid, SessionInfo, SessionNotFound, StorageError
from ui.session import resources, state
from ui.present.markdown import escape_markdown

if TYPE_CHECKING:
    from storage import Store

QUERY_KEY = "s"
LISTENER = "storage"


def _open(url: str, bank_directory: str) -> Store:
    return resources.once(("store", url, bank_directory),
                          lambda: storage.Store.open(url, resources.bank()))


def require_store() -> Store:
    """The Store, or a clear error naming the database setting and the page stops."""
    try:
        return store()
    except StorageError as exc:  # ConfigError and DatabaseError included
        st.error(f"**The database could not be opened** ({escape_markdown(str(exc))}). Check GROUNDWORK_DATABASE_URL "
                 "or .streamlit/secrets.toml and reload the page.")
        st.stop()


def store() -> Store:
    """The Store for the configured database (env > secrets > SQLite file), opened once.

    Resolving the URL reads secrets files, so it is resolved once per setting of the
    environment variables (and working folder) rather than on every call. SQLAlchemy is first
    imported here, when something is first saved or read, not before the first page paints."""
    from storage.db import PATH_ENV, URL_ENV

    settings = (os.environ.get(URL_ENV), os.environ.get(PATH_ENV), os.getcwd())
    url = resources.once(("url", settings), storage.resolve_url)
    return _open(url, resources.bank_dir())


def _save(session: Session | None, change: state.Change) -> None:
    """The ui.session.state listener: queue the change, then write everything queued, in order."""
    if change.kind == "close":
        st.query_params.pop(QUERY_KEY, None)
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
            session_id = storage.save_change(store(), state.session_id(), session, change, viewer)
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
        state.absorb(store().load_view(session_id, state.acting()))
    except StorageError as exc:
        state.put(state.SAVE_ERROR, str(exc))


def safely(action: Callable[..., Any]) -> Callable[..., Any]:
    """A button's action whose storage failure (or refusal) becomes a message on the page
    instead of a traceback; programming errors still surface."""
    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            action(*args, **kwargs)
        except StorageError as exc:
            state.set_notice(f"That did not work: {exc}")
    return run


def install() -> None:
    """Register the saving listener (idempotent, by name)."""
    state.on_change(LISTENER, _save)


def remember(session_id: str | None) -> None:
    """Keep the session's id and its run mode in the page, so polling knows where it is."""
    if session_id is None:
        return
    try:
        info = store().session_info(session_id)
    except StorageError:
        return
    note_info(info)


def note_info(info: SessionInfo) -> None:
    state.put(state.MODE, (info.mode, info.both_complete))
    state.put(state.MODE_REQUESTS, tuple(sorted(info.mode_requests.items())))
    if state.get(state.REVISION) is None:
        state.put(state.REVISION, info.revision)


def open_stored(session_id: str, viewer: str) -> Session:
    """Load what ``viewer`` may see of a stored session and make it the current discovery."""
    found = store()
    info = found.session_info(session_id)
    view = found.load_view(session_id, viewer)
    state.open_session(view, session_id)
    state.put(state.REVISION, info.revision)
    note_info(info)
    return view


def restore_from_url() -> None:
    """Supplier side: reopen ``?s=<id>`` after a refresh or restart, and keep the id in the URL.

    Sidebar links drop query parameters, so the id is written back on every run.
    """
    wanted = st.query_params.get(QUERY_KEY)
    if state.session() is None and wanted:
        try:
            open_stored(wanted, "supplier")
        except SessionNotFound:
            st.query_params.pop(QUERY_KEY, None)
            state.set_notice("That saved discovery no longer exists; start or open another.")
        except StorageError as exc:
            st.error(f"The saved discovery could not be opened: {exc}")
    current = state.session_id() if state.session() is not None else None
    if current and st.query_params.get(QUERY_KEY) != current:
        st.query_params[QUERY_KEY] = current
    elif not current and QUERY_KEY in st.query_params and state.session() is None:
        st.query_params.pop(QUERY_KEY, None)


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
