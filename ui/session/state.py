"""Every ``st.session_state`` key goes through here.

The current :class:`questions.Session` is the single source of truth for a discovery. It is
immutable: each change replaces it through :func:`_commit`, the one place where listeners
(e.g. storage saving every answer) are told about it. Register a listener with
:func:`on_change`; it receives the new Session and a :class:`Change` describing what happened.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Literal

import streamlit as st

from questions import PARTIES, Session
from questions.session import Deal, Goal, People
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

ChangeKind = Literal["new", "open", "answer", "goals", "deal", "close"]


@dataclass(frozen=True)
class Change:
    """What changed in the Session, so a listener can save just that (e.g. one answer)."""

    kind: ChangeKind
    party: str | None = None
    question: str | None = None
    value: Any = None


Listener = Callable[[Session | None, Change], None]
_listeners: dict[str, Listener] = {}


def on_change(name: str, listener: Listener) -> None:
    """Register (or replace, by name, so reruns stay idempotent) a listener for Session changes."""
    _listeners[name] = listener


def _commit(session: Session | None, change: Change) -> None:
    if session is None:
        st.session_state.pop(SESSION, None)
    else:
        st.session_state[SESSION] = session
    for listener in list(_listeners.values()):
        listener(session, change)


def session() -> Session | None:
    """The current discovery, or None before one is created or opened."""
    return st.session_state.get(SESSION)


def session_id() -> str | None:
    """The storage id of the current discovery; filled in by storage, None until saved."""
    return st.session_state.get(SESSION_ID)


def set_session_id(value: str | None) -> None:
    st.session_state[SESSION_ID] = value


def new_session(name: str, supplier: str = "", client: str = "", supplier_person: str = "",
                client_person: str = "", date: dt.date | None = None,
                goals: Iterable[Goal] = ()) -> Session:
    """Start a fresh discovery with no answers (raises pydantic ValidationError on bad input)."""
    created = Session(deal=Deal(name=name, supplier=supplier, client=client, date=date),
                      people=People(supplier=supplier_person, client=client_person),
                      goals=tuple(goals))
    _reset_navigation()
    set_session_id(None)
    _commit(created, Change("new"))
    return created


def open_session(opened: Session, session_id: str | None = None) -> None:
    """Make ``opened`` (an example, an import, a stored session) the current discovery."""
    _reset_navigation()
    set_session_id(session_id)
    _commit(opened, Change("open"))


def close_session() -> None:
    _reset_navigation()
    set_session_id(None)
    _commit(None, Change("close"))


def set_answer(party: str, question_id: str, value: Any) -> None:
    """Record one answer (``None`` removes it); a no-op when nothing changes."""
    current = session()
    if current is None:
        return
    if current.answers.get(party, {}).get(question_id) == value and (
            value is not None or question_id not in current.answers.get(party, {})):
        return
    _commit(current.with_answer(party, question_id, value),
            Change("answer", party, question_id, value))


def set_goals(goals: Iterable[Goal]) -> None:
    current = session()
    if current is not None:
        goals = tuple(goals)
        data = current.model_dump() | {"goals": [g.model_dump() for g in goals]}
        _commit(Session.model_validate(data), Change("goals", value=goals))


def set_deal(name: str, supplier: str, client: str, supplier_person: str, client_person: str,
             date: dt.date | None) -> None:
    """Replace the deal and people of the current discovery, keeping its answers and goals."""
    current = session()
    if current is not None:
        deal = Deal(name=name, supplier=supplier, client=client, date=date)
        people = People(supplier=supplier_person, client=client_person)
        _commit(current.model_copy(update={"deal": deal, "people": people}), Change("deal"))


def _reset_navigation() -> None:
    for key in (AREA, EDITING, PARTY, MODE, MODE_REQUESTS, REVISION):
        st.session_state.pop(key, None)


def absorb(updated: Session) -> None:
    """Take in answers someone else saved (polling): replaces the Session without telling the
    listeners, since those answers are already stored."""
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
