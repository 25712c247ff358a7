"""Every ``st.session_state`` key goes through here (and the URL parameter naming the session).

The app's own keys (``gw.*``) live in one dict under one session-state key (:func:`_bag`);
widget keys, which Streamlit must see, stay in ``st.session_state`` itself.

This module only reads and writes keys. The functions that change the current discovery, and
so save it, are in :mod:`ui.session.changes`.
"""
from __future__ import annotations

import secrets
import threading
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

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
BAG = "gw"
OWN = BAG + "."  # the prefix of the keys kept in the bag (below) rather than in st.session_state


_held = threading.local()  # (the run's context, its bag), per script thread


def _bag() -> dict[str, Any]:
    """This app's own keys (every ``gw.*`` key), in one dict under one st.session_state key.

    Streamlit copies every st.session_state key into a fresh dict for each radio and select box
    it draws (to look up the widget's own key), so each key costs every such widget on every
    run; the questionnaire draws several. Widget keys stay in st.session_state, where Streamlit
    needs them. The dict is looked up once per script run context (each look-up through
    st.session_state takes a lock and several calls; a rerun after an answer made dozens); it is
    the same object for the whole browser session, since nothing replaces it."""
    ctx = get_script_run_ctx(suppress_warning=True)
    held = getattr(_held, "bag", None)
    if ctx is not None and held is not None and held[0] is ctx:
        return held[1]
    bag = st.session_state.get(BAG)
    if bag is None:
        bag = st.session_state[BAG] = {}
    if ctx is not None:
        _held.bag = (ctx, bag)
    return bag


def session() -> Session | None:
    """The current discovery, or None before one is created or opened."""
    return _bag().get(SESSION)


def session_id() -> str | None:
    """The storage id of the current discovery; filled in by storage, None until saved."""
    return _bag().get(SESSION_ID)


def set_session_id(value: str | None) -> None:
    _bag()[SESSION_ID] = value


def absorb(updated: Session) -> None:
    """Take in answers someone else saved (polling) or the stored view: replaces the Session
    without saving it, since those answers are already stored."""
    _bag()[SESSION] = updated


def viewer() -> str:
    """Who is using this browser session: ``client`` through a party link or while the
    supplier's screen is handed over, else ``supplier``."""
    return _bag().get(VIEWER, "supplier")


def handed_over() -> bool:
    """Is the supplier's screen handed to the client (see ui.actions.questionnaire.hand_over)?"""
    return bool(_bag().get(HANDOVER))


def set_handed_over(value: bool) -> None:
    _bag().update({HANDOVER: value, VIEWER: "client" if value else "supplier",
                   PARTY: "client" if value else "supplier"})


def set_viewer(value: str) -> None:
    _bag()[VIEWER] = value


def writer() -> str:
    """This browser session's writer id, made on first use: recorded with every answer it saves,
    so polling can tell this tab's writes from another tab's, even of the same party."""
    bag = _bag()
    value = bag.get(WRITER)
    if value is None:
        value = bag[WRITER] = secrets.token_hex(6)
    return value


def acting() -> Viewer:
    """Who is acting, for the store's access rule: the viewer's party and, through a party link,
    its token, which the store re-checks at every write; and this tab's writer id."""
    bag = _bag()
    party = bag.get(VIEWER, "supplier")
    return Viewer(party, bag.get(LINK_TOKEN) if party == "client" else None, writer())


def run_mode() -> tuple[str, bool]:
    """(mode, both parties complete) of the stored session: 'together' or 'blind'."""
    return _bag().get(MODE, ("together", False))


def party() -> str:
    """Whose questions the questionnaire shows: ``supplier`` or ``client``."""
    value = _bag().get(PARTY, PARTIES[0])
    return value if value in PARTIES else PARTIES[0]


def set_party(value: str) -> None:
    _bag()[PARTY] = value


def area_index(count: int) -> int:
    """The questionnaire step, clamped to the areas that exist."""
    value = _bag().get(AREA, 0)
    return max(0, min(int(value), count - 1)) if count else 0


def set_area_index(value: int, focus: str = "") -> None:
    _bag()[AREA] = value
    navigated(focus)


def client_step(count: int) -> int:
    """The client's step (welcome, areas, finish), clamped to the ``count`` that exist."""
    value = _bag().get(CLIENT_STEP, 0)
    return max(0, min(int(value), count - 1)) if count else 0


def set_client_step(value: int, focus: str = "") -> None:
    _bag()[CLIENT_STEP] = value
    navigated(focus)


def navigated(focus: str = "") -> None:
    """Note a move to another step: the page then scrolls to the top and focuses the step's
    heading, or ``focus`` (a CSS selector, e.g. one question) when given."""
    bag = _bag()
    bag[NAVIGATED] = (bag.get(NAVIGATED, (0, ""))[0] + 1, focus)


def navigation() -> tuple[int, str]:
    """(how many moves so far, where focus goes after the last one)."""
    return _bag().get(NAVIGATED, (0, ""))


def editing() -> tuple[str, str] | None:
    """The (party, question id) being edited on the review page, if any."""
    return _bag().get(EDITING)


def set_editing(value: tuple[str, str] | None) -> None:
    _bag()[EDITING] = value


def errors(scope: str) -> dict[str, str]:
    """Validation messages of a form, by field, kept across reruns until fixed."""
    return _bag().get(f"{ERRORS}.{scope}", {})


def set_errors(scope: str, messages: dict[str, str]) -> None:
    _bag()[f"{ERRORS}.{scope}"] = messages


def notice() -> str | None:
    """A one-shot confirmation message, shown once then cleared."""
    return _bag().pop(NOTICE, None)


def set_notice(text: str) -> None:
    _bag()[NOTICE] = text


def widget_key(scope: str, party: str, question_id: str, part: str = "") -> str:
    """The key of an answer widget; the scope keeps questionnaire and review widgets apart."""
    return f"w.{scope}.{party}.{question_id}" + (f".{part}" if part else "")


def get(key: str, default: Any = None) -> Any:
    return (_bag() if key.startswith(OWN) else st.session_state).get(key, default)


def put(key: str, value: Any) -> None:
    """Set a key (e.g. restore a widget's value from the Session before drawing it)."""
    (_bag() if key.startswith(OWN) else st.session_state)[key] = value


def drop(key: str) -> None:
    (_bag() if key.startswith(OWN) else st.session_state).pop(key, None)


def has(key: str) -> bool:
    return key in (_bag() if key.startswith(OWN) else st.session_state)
