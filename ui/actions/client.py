"""The client page's callbacks: move between steps, go to an open question, mark the client's
part complete, answer the supplier's request to change the run mode, and (on a screen handed
over) give the screen back to the supplier."""
from __future__ import annotations

import streamlit as st

from storage.records import StorageError
from ui.actions.start import GOTO_KEY
from ui.session import database, live, opening, saving, state, team_passcode

STEP_KEY = "w.c.area"
PASSCODE_KEY = "c.takeback.passcode"
TAKE_BACK_TRIED = "c.takeback.tried"  # a refused try keeps the passcode box open


def jump() -> None:
    state.set_client_step(int(state.get(STEP_KEY)))


def step(to: int) -> None:
    state.set_client_step(to)


def go_to(to: int, selector: str) -> None:
    """A link from the finish to an open question: its step, with focus on the question."""
    state.set_client_step(to, focus=selector)


@database.safely
def mark_complete(complete: bool) -> None:
    database.store().mark_complete(state.session_id(), "client", complete, viewer=state.acting())
    live.refresh()


@database.safely
def answer_request(mode: str) -> None:
    database.store().request_mode(state.session_id(), mode, state.acting())
    live.refresh()


def take_back() -> None:
    """End the hand-over: with the team passcode when one is set, after the client's answers
    are saved; the supplier's own view of the session is opened again from the store."""
    if not state.handed_over():
        return
    problem = team_passcode.check(state.get(PASSCODE_KEY) or "")
    state.drop(PASSCODE_KEY)
    if problem is not None:
        state.set_notice(problem)
        state.put(TAKE_BACK_TRIED, True)
        return
    state.drop(TAKE_BACK_TRIED)
    if not saving.flush():
        state.set_notice("The screen stays with the client until its answers are saved; try again.")
        return
    area = state.get(state.AREA, 0)
    state.set_handed_over(False)
    st.query_params.pop(opening.HANDOVER_PARAM, None)
    session_id = state.session_id()
    if session_id:
        try:
            opening.open_stored(session_id, "supplier")
        except StorageError:
            state.set_notice("The supplier's view could not be reloaded; reload the page.")
    state.set_area_index(area)
    state.put(GOTO_KEY, True)  # the start page (the default after the client's page) moves on
    state.set_notice("The screen is back with the supplier.")
