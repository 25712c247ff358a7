"""Every change to the current discovery, each handed to saving the moment it is made.

The current :class:`questions.Session` is the single source of truth for a discovery. It is
immutable: each change replaces it through :func:`_commit`, which keeps it in the page
(:mod:`ui.session.state`) and then hands it, with a :class:`~ui.session.saving.Change` saying
what happened, to :func:`ui.session.saving.save`. Answers the other party saved are taken in
with :func:`ui.session.state.absorb` instead, which saves nothing.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from questions import Session
from questions.session import Deal, Goal, People
from ui.session import saving, state
from ui.session.saving import Change


def _commit(session: Session | None, change: Change) -> None:
    if session is None:
        state.drop(state.SESSION)
    else:
        state.put(state.SESSION, session)
    saving.save(session, change)


def _reset_navigation() -> None:
    for key in (state.AREA, state.EDITING, state.PARTY, state.MODE, state.MODE_REQUESTS,
                state.REVISION, state.CLIENT_STEP):
        state.drop(key)


def new_session(name: str, supplier: str = "", client: str = "", supplier_person: str = "",
                client_person: str = "", date: dt.date | None = None,
                goals: Iterable[Goal] = (), country: str | None = None) -> Session:
    """Start a fresh discovery with no answers (raises pydantic ValidationError on bad input)."""
    created = Session(deal=Deal(name=name, supplier=supplier, client=client, date=date,
                                country=country),
                      people=People(supplier=supplier_person, client=client_person),
                      goals=tuple(goals))
    _reset_navigation()
    state.set_session_id(None)
    _commit(created, Change("new"))
    return created


def open_session(opened: Session, session_id: str | None = None) -> None:
    """Make ``opened`` (an example, an import, a stored session) the current discovery."""
    _reset_navigation()
    state.set_session_id(session_id)
    _commit(opened, Change("open"))


def close_session() -> None:
    _reset_navigation()
    state.set_session_id(None)
    _commit(None, Change("close"))


def set_answer(party: str, question_id: str, value: Any) -> None:
    """Record one answer (``None`` removes it); a no-op when nothing changes."""
    current = state.session()
    if current is None:
        return
    if current.answers.get(party, {}).get(question_id) == value and (
            value is not None or question_id not in current.answers.get(party, {})):
        return
    _commit(current.with_answer(party, question_id, value),
            Change("answer", party, question_id, value))


def set_rows(party: str, question_id: str, row_changes: list[tuple[str, Any]]) -> None:
    """Change some rows of a table answer by row id ("set" a row, "delete" an id); saved as
    those rows only, so another person's edits to other rows of the same table are kept."""
    current = state.session()
    if current is None or not row_changes:
        return
    _commit(current.with_rows(party, question_id, row_changes),
            Change("rows", party, question_id, list(row_changes)))


def set_goals(goals: Iterable[Goal]) -> None:
    current = state.session()
    if current is not None:
        goals = tuple(goals)
        data = current.model_dump() | {"goals": [g.model_dump() for g in goals]}
        _commit(Session.model_validate(data), Change("goals", value=goals))


def set_deal(name: str, supplier: str, client: str, supplier_person: str, client_person: str,
             date: dt.date | None, country: str | None = None) -> None:
    """Replace the deal and people of the current discovery, keeping its answers and goals."""
    current = state.session()
    if current is not None:
        deal = Deal(name=name, supplier=supplier, client=client, date=date, country=country)
        people = People(supplier=supplier_person, client=client_person)
        _commit(current.model_copy(update={"deal": deal, "people": people}), Change("deal"))
