"""Who is looking: the supplier (the app as a whole) or a client through a party link.

A party link ``?token=...`` opens one session as its client: only the client page, only what the
client may see. Anything wrong with the token (unknown, truncated, revoked, session deleted)
gets the same plain page and no data, so a guesser learns nothing.
"""
from __future__ import annotations

import streamlit as st

from storage import StorageError
from ui.session import database, opening, state

TOKEN_KEY = "token"
INVALID = "This link is not valid or has been revoked"


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


def open_client_link(token: str) -> None:
    """Check the token on every run (a revoked link stops working at once) and open its
    session for the client the first time; stops the page with the plain message otherwise."""
    try:
        found = database.store().resolve_link(token)
    except StorageError:
        found = None
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
        except StorageError:
            _invalid()
    state.set_party("client")
    st.query_params.pop(state.QUERY_KEY, None)
