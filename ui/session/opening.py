"""Open a stored session: by its id (the sessions page, a party link, a change of run mode) or
from the URL's ``?s=<id>`` after a refresh or a restart."""
from __future__ import annotations

import streamlit as st

from questions import Session
from storage.records import CorruptRow, SessionNotFound, StorageError
from ui.present.failures import logged
from ui.present.markdown import escape_markdown
from ui.session import changes, database, saving, state, team_passcode


def open_stored(session_id: str, viewer: str) -> Session:
    """Load what ``viewer`` may see of a stored session and make it the current discovery."""
    found = database.store()
    info = found.session_info(session_id)
    view = found.load_view(session_id, viewer)
    changes.open_session(view, session_id)
    state.put(state.REVISION, info.revision)
    saving.note_info(info)
    return view


def restore_from_url() -> None:
    """Supplier side: reopen ``?s=<id>`` after a refresh or restart, and keep the id in the URL.

    Sidebar links drop query parameters, so the id is written back on every run.
    """
    wanted = st.query_params.get(state.QUERY_KEY)
    if state.session() is None and wanted:
        try:
            open_stored(wanted, "supplier")
        except SessionNotFound:
            st.query_params.pop(state.QUERY_KEY, None)
            state.set_notice("That saved discovery no longer exists; start or open another.")
        except CorruptRow:
            st.error(database.DAMAGED)
        except StorageError as exc:
            st.error(f"The saved discovery could not be opened "
                     f"({escape_markdown(logged(exc, 'opening a saved discovery'))}). Reload the "
                     "page to try again, or open it from the Sessions page.")
    current = state.session_id() if state.session() is not None else None
    if current and st.query_params.get(state.QUERY_KEY) != current:
        st.query_params[state.QUERY_KEY] = current
    elif not current and state.QUERY_KEY in st.query_params and state.session() is None:
        st.query_params.pop(state.QUERY_KEY, None)


HANDOVER_PARAM = "handover"


def resume_handover() -> bool:
    """A page reloaded while the screen was handed to the client (``?handover=1``) stays the
    client's: a reload must not hand the supplier's pages to the client. With a team passcode
    the reload asks for it first (app.py), and whoever gives it is the supplier, so the
    hand-over then ends. True when this run is the client's."""
    if state.handed_over():
        return True
    if st.query_params.get(HANDOVER_PARAM) is None:
        return False
    wanted = st.query_params.get(state.QUERY_KEY)
    if team_passcode.passcode_required() or not wanted:
        st.query_params.pop(HANDOVER_PARAM, None)
        return False
    try:
        open_stored(wanted, "client")
    except StorageError:
        st.query_params.pop(HANDOVER_PARAM, None)
        return False
    state.set_handed_over(True)
    return True
