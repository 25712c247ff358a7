"""Who is looking: the supplier (the app as a whole) or a client through a party link.

A party link ``?token=...`` opens one session as its client: only the client page, only what the
client may see. Anything wrong with the token (unknown, truncated, revoked, session deleted)
gets the same plain page and no data, so a guesser learns nothing. A token that cannot be
checked because the database is away is not treated as bad: the page says to try again in a
minute and nothing is dropped or written; a page already open through the link keeps its
answers (each write re-checks the link when it is made, storage.access).
"""
from __future__ import annotations

import streamlit as st

from storage import CorruptRow, SessionNotFound, StorageError
from ui.session import database, opening, state

TOKEN_KEY = "token"
INVALID = "This link is not valid or has been revoked"
UNREACHABLE = "We cannot reach your answers right now"
DAMAGED = "This discovery cannot be opened"


def link_token() -> str | None:
    """The party-link token in the URL; once a browser session came through a link it stays a
    client session even if the parameter is lost, so it can never reach the supplier's pages."""
    value = st.query_params.get(TOKEN_KEY)
    if value is not None:
        return value
    return state.get(state.LINK_TOKEN)


def _invalid() -> None:
    for key in (state.SESSION, state.SESSION_ID, state.PENDING):
        state.drop(key)
    st.title(INVALID)
    st.write("Ask the person who sent it for a new link.")
    st.stop()


def _unreachable() -> None:
    st.title(UNREACHABLE)
    st.write("Please try again in a minute: reload this page. Nothing has been changed.")
    st.stop()


def open_client_link(token: str) -> None:
    """Check the token on every run (a revoked link stops working at once) and open its
    session for the client the first time; stops the page with the plain message otherwise.

    While the token cannot be checked (the database is away), a page already open through this
    link carries on with what it holds, its new answers kept to be saved later; a first visit
    gets the plain "try again in a minute"."""
    try:
        found = database.store().resolve_link(token)
    except StorageError:
        if state.get(state.LINK_TOKEN) == token and state.session() is not None:
            return
        _unreachable()
    if found is None or found[1] != "client":
        _invalid()
    session_id = found[0]
    state.put(state.LINK_TOKEN, token)
    if st.query_params.get(TOKEN_KEY) != token:
        st.query_params[TOKEN_KEY] = token
    state.set_viewer("client")
    if state.session() is None or state.session_id() != session_id:
        try:
            opening.open_stored(session_id, "client")
        except SessionNotFound:
            _invalid()
        except CorruptRow:
            st.title(DAMAGED)
            st.write("Part of what is saved for it cannot be read. Tell the person who sent you "
                     "the link; nothing has been changed.")
            st.stop()
        except StorageError:
            _unreachable()
    state.set_party("client")
    st.query_params.pop(state.QUERY_KEY, None)
