"""The team passcode that guards the supplier's side on a shared server.

One passcode for the team, asked once per browser session and compared in constant time;
client links never need it.
"""
from __future__ import annotations

import hashlib
import hmac
import os

import streamlit as st

from ui.session import state

PASSCODE_ENV = "GROUNDWORK_TEAM_PASSCODE"
SIGNED_IN = "gw.team_signed_in"


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def passcode_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of the typed passcode with the configured one."""
    return hmac.compare_digest(_digest(given), _digest(expected))


def require_team_passcode() -> None:
    """On a shared server the supplier's side (every discovery, the sessions list) is for the
    team only: when ``GROUNDWORK_TEAM_PASSCODE`` is set, ask for it once per browser session
    and stop the page until it is given. Client links never need it. Unset (the default, served
    on loopback for one salesperson), nothing is asked."""
    expected = os.environ.get(PASSCODE_ENV)
    if not expected or state.get(SIGNED_IN):
        return
    st.title("Groundwork")
    with st.form("team_passcode"):
        given = st.text_input("Team passcode", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted and passcode_matches(given, expected):
        state.put(SIGNED_IN, True)
        st.rerun()
    if submitted:
        st.error("That passcode is not right.")
    st.caption("Prospects answer through the private link their supplier sends them.")
    st.stop()
