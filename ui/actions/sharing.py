"""The sharing panel's callbacks: ask to change the run mode, create and revoke client links,
mark the supplier's part complete; and where a new link points and whether it may be made."""
from __future__ import annotations

import os

import streamlit as st

from ui.present.link_policy import LinkPolicy, client_link, link_policy
from ui.session import database, live, public_address, state, team_passcode

NEW_LINK = "share.new_link"
GOTO = "share.goto_questionnaire"
RISK_OK = "share.unprotected_ok"


def current_policy() -> LinkPolicy:
    return link_policy(bool(os.environ.get(team_passcode.PASSCODE_ENV)), st.get_option("server.address"),
                       public_address.public_url()[0])


def base_url() -> str:
    """The configured public address; else the app's address as the browser sees it, without
    query parameters."""
    configured, _ = public_address.public_url()
    if configured:
        return configured.rstrip("/") + "/"
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
    return client_link(base_url(), token)


@database.safely
def ask_mode(mode: str) -> None:
    outcome = database.store().request_mode(state.session_id(), mode, state.acting())
    if outcome == "asked":
        state.set_notice("Asked the client to switch to together mode; it changes once the "
                         "client agrees on their page.")
    live.refresh()


@database.safely
def create_link() -> None:
    policy = current_policy()
    if not policy.allowed or (policy.needs_consent and not state.get(RISK_OK)):
        state.set_notice("No link was created: " + policy.message)
        return
    token = database.store().create_link(state.session_id(), "client")
    state.put(NEW_LINK, (state.session_id(), client_url(token)))


@database.safely
def revoke() -> None:
    count = database.store().revoke_links(state.session_id(), "client")
    state.drop(NEW_LINK)
    state.set_notice(f"Revoked {count} client link(s).")


@database.safely
def mark_complete(complete: bool) -> None:
    database.store().mark_complete(state.session_id(), "supplier", complete, viewer=state.acting())
    live.refresh()


def go_to(to: int, selector: str) -> None:
    """A link from the open-questions list to one supplier question on the questionnaire."""
    state.set_area_index(to, focus=selector)
    state.put(GOTO, True)
