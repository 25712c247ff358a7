"""Every ``st.session_state`` key goes through here (and the URL parameter naming the session).

This module only reads and writes keys. The functions that change the current discovery, and
so save it, are in :mod:`ui.session.changes`.
"""
from __future__ import annotations

import secrets
from typing import Any

import streamlit as st

from questions import PARTIES, Session
from storage.access import Viewer

SESSION = "gw.session"
SESSION_ID = "gw.session_id"
PARTY = "gw.party"
AREA = "gw.area"
EDITING = "gw.editing"
ERRORS = "gw.errors"
NOTICE = "gw.notice"
VIEWER = "gw.viewer"
LINK_TOKEN = "gw.link_token"
PENDING = "gw.pending"
SAVE_ERROR = "gw.save_error"
REFUSED = "gw.refused"
MODE = "gw.mode"
MODE_REQUESTS = "gw.mode_requests"
REVISION = "gw.revision"
HANDOVER = "gw.handover"          # the supplier's screen is handed to the client
CLIENT_STEP = "gw.client_step"    # the client's step: 0 welcome, 1..n areas, n+1 finish
NAVIGATED = "gw.navigated"        # (count, CSS selector): where focus goes after a step change
WRITER = "gw.writer"              # this browser session's writer id (see writer())
QUERY_KEY = "s"  # st.query_params: the stored session's id, so a refresh reopens it


def session() -> Session | None:
    """The current discovery, or None before one is created or opened."""
    return st.session_state.get(SESSION)


def session_id() -> str | None:
    """The storage id of the current discovery; filled in by storage, None until saved."""
    return st.session_state.get(SESSION_ID)


def set_session_id(value: str | None) -> None:
    st.session_state[SESSION_ID] = value


def absorb(updated: Session) -> None:
    """Take in answers someone else saved (polling) or the stored view: replaces the Session
    without saving it, since those answers are already stored."""
    st.session_state[SESSION] = updated


def viewer() -> str:
    """Who is using this browser session: ``client`` through a party link or while the
    supplier's screen is handed over, else ``supplier``."""
    return st.session_state.get(VIEWER, "supplier")


def handed_over() -> bool:
    """Is the supplier's screen handed to the client (see ui.actions.questionnaire.hand_over)?"""
    return bool(st.session_state.get(HANDOVER))


def set_handed_over(value: bool) -> None:
    st.session_state[HANDOVER] = value
    st.session_state[VIEWER] = "client" if value else "supplier"
    st.session_state[PARTY] = "client" if value else "supplier"


def set_viewer(value: str) -> None:
    st.session_state[VIEWER] = value


def writer() -> str:
    """This browser session's writer id, made on first use: recorded with every answer it saves,
    so polling can tell this tab's writes from another tab's, even of the same party."""
    value = st.session_state.get(WRITER)
    if value is None:
        value = st.session_state[WRITER] = secrets.token_hex(6)
    return value


def acting() -> Viewer:
    """Who is acting, for the store's access rule: the viewer's party and, through a party link,
    its token, which the store re-checks at every write; and this tab's writer id."""
    party = viewer()
    return Viewer(party, st.session_state.get(LINK_TOKEN) if party == "client" else None,
                  writer())


def run_mode() -> tuple[str, bool]:
    """(mode, both parties complete) of the stored session: 'together' or 'blind'."""
    return st.session_state.get(MODE, ("together", False))


def party() -> str:
    """Whose questions the questionnaire shows: ``supplier`` or ``client``."""
    value = st.session_state.get(PARTY, PARTIES[0])
    return value if value in PARTIES else PARTIES[0]


def set_party(value: str) -> None:
    st.session_state[PARTY] = value


def area_index(count: int) -> int:
    """The questionnaire step, clamped to the areas that exist."""
    value = st.session_state.get(AREA, 0)
    return max(0, min(int(value), count - 1)) if count else 0


def set_area_index(value: int, focus: str = "") -> None:
    st.session_state[AREA] = value
    navigated(focus)


def client_step(count: int) -> int:
    """The client's step (welcome, areas, finish), clamped to the ``count`` that exist."""
    value = st.session_state.get(CLIENT_STEP, 0)
    return max(0, min(int(value), count - 1)) if count else 0


def set_client_step(value: int, focus: str = "") -> None:
    st.session_state[CLIENT_STEP] = value
    navigated(focus)


def navigated(focus: str = "") -> None:
    """Note a move to another step: the page then scrolls to the top and focuses the step's
    heading, or ``focus`` (a CSS selector, e.g. one question) when given."""
    count = st.session_state.get(NAVIGATED, (0, ""))[0]
    st.session_state[NAVIGATED] = (count + 1, focus)


def navigation() -> tuple[int, str]:
    """(how many moves so far, where focus goes after the last one)."""
    return st.session_state.get(NAVIGATED, (0, ""))


def editing() -> tuple[str, str] | None:
    """The (party, question id) being edited on the review page, if any."""
    return st.session_state.get(EDITING)


def set_editing(value: tuple[str, str] | None) -> None:
    st.session_state[EDITING] = value


def errors(scope: str) -> dict[str, str]:
    """Validation messages of a form, by field, kept across reruns until fixed."""
    return st.session_state.get(f"{ERRORS}.{scope}", {})


def set_errors(scope: str, messages: dict[str, str]) -> None:
    st.session_state[f"{ERRORS}.{scope}"] = messages


def notice() -> str | None:
    """A one-shot confirmation message, shown once then cleared."""
    return st.session_state.pop(NOTICE, None)


def set_notice(text: str) -> None:
    st.session_state[NOTICE] = text


def widget_key(scope: str, party: str, question_id: str, part: str = "") -> str:
    """The key of an answer widget; the scope keeps questionnaire and review widgets apart."""
    return f"w.{scope}.{party}.{question_id}" + (f".{part}" if part else "")


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    """Set a key (e.g. restore a widget's value from the Session before drawing it)."""
    st.session_state[key] = value


def drop(key: str) -> None:
    st.session_state.pop(key, None)


def has(key: str) -> bool:
    return key in st.session_state
