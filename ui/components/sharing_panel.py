"""The supplier's controls for sharing a session: run mode, client links, completion marks.

A new link's full URL is shown once (only its hash is stored, so it cannot be shown again).
Links are created only when the supplier's side is protected: with the team passcode set, or on
a server that listens on this computer only, after an explicit warning (anyone who can reach an
unprotected server can open every discovery; a link reveals the server's address).
"""
from __future__ import annotations

import os

import streamlit as st

from ui.present.link_policy import LinkPolicy, link_policy
from ui.session import database, live, state, team_passcode

NEW_LINK = "share.new_link"
RISK_OK = "share.unprotected_ok"
MODE_LABELS = {"together": "Together: the live call; both sides see the shared answers as they come.",
               "blind": "Blind: each side's answers stay hidden from the other until both have "
                        "marked their part complete."}


def current_policy() -> LinkPolicy:
    return link_policy(bool(os.environ.get(team_passcode.PASSCODE_ENV)), st.get_option("server.address"))


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


@database.safely
def _ask_mode(mode: str) -> None:
    outcome = database.store().request_mode(state.session_id(), mode, state.acting())
    if outcome == "asked":
        state.set_notice("Asked the client to switch to together mode; it changes once the "
                         "client agrees on their page.")
    live.refresh()


@database.safely
def _create_link() -> None:
    policy = current_policy()
    if not policy.allowed or (policy.needs_consent and not state.get(RISK_OK)):
        state.set_notice("No link was created: " + policy.message)
        return
    token = database.store().create_link(state.session_id(), "client")
    state.put(NEW_LINK, (state.session_id(), client_url(token)))


@database.safely
def _revoke() -> None:
    count = database.store().revoke_links(state.session_id(), "client")
    state.drop(NEW_LINK)
    state.set_notice(f"Revoked {count} client link(s).")


@database.safely
def _mark(complete: bool) -> None:
    database.store().mark_complete(state.session_id(), "supplier", complete, viewer=state.acting())
    live.refresh()


def draw_mode(info) -> None:
    """The run mode and the one action that changes it. Leaving blind mode before both sides
    are complete takes both parties, so it is asked for, not switched."""
    st.markdown(f"**How the two sides answer.** {MODE_LABELS[info.mode]}")
    theirs = info.mode_requests.get("client")
    mine = info.mode_requests.get("supplier")
    if info.mode == "together":
        st.button("Switch to blind mode", key="share.blind", on_click=_ask_mode, args=("blind",))
    elif info.both_complete:
        st.button("Switch to together mode", key="share.together", on_click=_ask_mode,
                  args=("together",))
    elif theirs == "together":
        st.info("The client asks to switch to together mode, so both sides see each other's "
                "answers now.")
        agree, keep = st.columns(2)
        agree.button("Agree: switch to together", key="share.agree", on_click=_ask_mode,
                     args=("together",))
        keep.button("Keep blind mode", key="share.keep", on_click=_ask_mode, args=("blind",))
    elif mine == "together":
        st.caption("You asked to switch to together mode; waiting for the client to agree.")
        st.button("Withdraw the request", key="share.withdraw", on_click=_ask_mode,
                  args=("blind",))
    else:
        st.button("Ask the client to switch to together mode", key="share.together",
                  on_click=_ask_mode, args=("together",))


def draw_links(session_id: str) -> None:
    store = database.store()
    policy = current_policy()
    shown = state.get(NEW_LINK)
    if shown and shown[0] == session_id:
        st.success("Send this link to the client. It is shown only once: copy it now.")
        st.code(shown[1], language=None)
    live_count = store.live_links(session_id).get("client", 0)
    if not policy.allowed:
        st.error(policy.message)
    elif policy.needs_consent:
        st.warning(policy.message)
        st.checkbox("I understand: create client links without a team passcode", key=RISK_OK)
    make, revoke = st.columns(2)
    make.button("Create a client link", key="share.create", on_click=_create_link,
                disabled=not policy.allowed or (policy.needs_consent and not state.get(RISK_OK)))
    revoke.button(f"Revoke client links ({live_count} live)", key="share.revoke",
                  on_click=_revoke, disabled=live_count == 0)


def draw() -> None:
    """The sharing panel for the current stored session (nothing before it is saved)."""
    session_id = state.session_id()
    if not session_id:
        st.caption("Sharing is available once the discovery is saved.")
        return
    info = database.store().session_info(session_id)
    st.subheader("Share with the client")
    draw_mode(info)
    draw_links(session_id)
    done = {p: bool(when) for p, when in info.completed.items()}
    st.caption(f"Completed: supplier {'yes' if done.get('supplier') else 'no'}, "
               f"client {'yes' if done.get('client') else 'no'}.")
    if done.get("supplier"):
        st.button("Reopen my part", key="share.reopen", on_click=_mark, args=(False,))
    else:
        st.button("Mark my part complete", key="share.complete", on_click=_mark, args=(True,))
    live.controls("share.refresh")
