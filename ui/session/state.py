"""Every ``st.session_state`` key goes through here (and the URL parameter naming the session).

This module only reads and writes keys. The functions that change the current discovery, and
so save it, are in :mod:`ui.session.changes`.
"""
from __future__ import annotations

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
    """Who is using this browser session: ``client`` through a party link, else ``supplier``."""
    return st.session_state.get(VIEWER, "supplier")


def set_viewer(value: str) -> None:
    st.session_state[VIEWER] = value


def acting() -> Viewer:
    """Who is acting, for the store's access rule: the viewer's party and, through a party link,
    its token, which the store re-checks at every write."""
    party = viewer()
    return Viewer(party, st.session_state.get(LINK_TOKEN) if party == "client" else None)


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


def set_area_index(value: int) -> None:
    st.session_state[AREA] = value


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
