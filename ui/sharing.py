"""The supplier's controls for sharing a session: run mode, client links, completion marks.

A new link's full URL is shown once (only its hash is stored, so it cannot be shown again).
"""
from __future__ import annotations

import streamlit as st

from storage import MODES
from ui import live, persist, state

MODE_KEY = "share.mode"
NEW_LINK = "share.new_link"
MODE_LABELS = {"together": "Together (live call: both see all shared answers)",
               "blind": "Blind (each side's answers hidden until both mark their part complete)"}


def base_url() -> str:
    """The app's address as the browser sees it, without query parameters."""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (e.g. tests)
        url = ""
    url = url.split("?", 1)[0].split("#", 1)[0]
    for page in ("review", "sessions", "questionnaire", "results", "start"):
        if url.rstrip("/").endswith("/" + page):
            url = url.rstrip("/")[: -len(page)]
    return url.rstrip("/") + "/" if url else "http://localhost:8501/"


def client_url(token: str) -> str:
    return f"{base_url()}?token={token}"


def _set_mode() -> None:
    persist.store().save_details(state.session_id(), mode=state.get(MODE_KEY))
    live.refresh()


def _create_link() -> None:
    token = persist.store().create_link(state.session_id(), "client")
    state.put(NEW_LINK, (state.session_id(), client_url(token)))


def _revoke() -> None:
    count = persist.store().revoke_links(state.session_id(), "client")
    state.drop(NEW_LINK)
    state.set_notice(f"Revoked {count} client link(s).")


def _mark(complete: bool) -> None:
    persist.store().mark_complete(state.session_id(), "supplier", complete)
    live.refresh()


def draw() -> None:
    """The sharing panel for the current stored session (nothing before it is saved)."""
    session_id = state.session_id()
    if not session_id:
        st.caption("Sharing is available once the discovery is saved.")
        return
    store = persist.store()
    info = store.session_info(session_id)
    st.subheader("Share with the client")
    state.put(MODE_KEY, info.mode)
    st.radio("How the two sides answer", list(MODES), key=MODE_KEY, on_change=_set_mode,
             format_func=MODE_LABELS.get)
    shown = state.get(NEW_LINK)
    if shown and shown[0] == session_id:
        new = shown[1]
        st.success("Send this link to the client. It is shown only once: copy it now.")
        st.code(new, language=None)
    live_count = store.live_links(session_id).get("client", 0)
    make, revoke = st.columns(2)
    make.button("Create a client link", key="share.create", on_click=_create_link)
    revoke.button(f"Revoke client links ({live_count} live)", key="share.revoke",
                  on_click=_revoke, disabled=live_count == 0)
    done = {p: bool(when) for p, when in info.completed.items()}
    st.caption(f"Completed: supplier {'yes' if done.get('supplier') else 'no'}, "
               f"client {'yes' if done.get('client') else 'no'}.")
    if done.get("supplier"):
        st.button("Reopen my part", key="share.reopen", on_click=_mark, args=(False,))
    else:
        st.button("Mark my part complete", key="share.complete", on_click=_mark, args=(True,))
    live.controls("share.refresh")
