"""The team passcode that guards the supplier's side on a shared server.

One passcode for the team, asked once per browser session and compared in constant time;
client links never need it. Taking back a screen handed to the client asks for it too. Wrong
guesses are slowed down (ui.present.throttle) per browser session and per server process, and
the page says how long to wait.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import time

import streamlit as st

from ui.present.throttle import Throttle, refusal
from ui.session import state

PASSCODE_ENV = "GROUNDWORK_TEAM_PASSCODE"
SIGNED_IN = "gw.team_signed_in"
THROTTLE = "gw.passcode_throttle"
WRONG = "That passcode is not right."
# Every browser session of this server process together: a guesser opening fresh sessions
# still waits. Shorter first wait, same ceiling, so one colleague's typo barely slows the team.
_process = Throttle(first=0.5)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def passcode_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of the typed passcode with the configured one."""
    return hmac.compare_digest(_digest(given), _digest(expected))


def passcode_required() -> bool:
    return bool(os.environ.get(PASSCODE_ENV))


def _session_throttle() -> Throttle:
    found = state.get(THROTTLE)
    if found is None:
        found = Throttle()
        state.put(THROTTLE, found)
    return found


def check(given: str, now: float | None = None) -> str | None:
    """None when ``given`` is the team passcode (or none is set); otherwise why not, in plain
    words: wrong, or too many wrong guesses and how long to wait. A guess made while either
    throttle says wait is refused without being compared."""
    expected = os.environ.get(PASSCODE_ENV)
    if not expected:
        return None
    now = time.monotonic() if now is None else now
    mine = _session_throttle()
    wait = max(mine.remaining(now), _process.remaining(now))
    if wait > 0:
        return refusal(wait)
    if passcode_matches(given or "", expected):
        mine.succeeded()
        _process.succeeded()
        return None
    wait = max(mine.failed(now), _process.failed(now))
    return f"{WRONG} Wait {max(1, round(wait))} second{'s' if round(wait) > 1 else ''} before trying again."


def require_team_passcode() -> None:
    """On a shared server the supplier's side (every discovery, the sessions list) is for the
    team only: when ``GROUNDWORK_TEAM_PASSCODE`` is set, ask for it once per browser session
    and stop the page until it is given. Client links never need it. Unset (the default, served
    on loopback for one salesperson), nothing is asked."""
    if not passcode_required() or state.get(SIGNED_IN):
        return
    st.title("Groundwork")
    with st.form("team_passcode"):
        given = st.text_input("Team passcode", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        problem = check(given)
        if problem is None:
            state.put(SIGNED_IN, True)
            st.rerun()
        st.error(problem)
    st.caption("Prospects answer through the private link their supplier sends them.")
    st.stop()
