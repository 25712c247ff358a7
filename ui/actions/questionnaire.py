"""The questionnaire's callbacks: move between areas and hand the screen to the client."""
from __future__ import annotations

from storage.access import Viewer, may_hand_over, party_view
import streamlit as st

from ui.session import opening, resources, saving, state

AREA_KEY = "w.q.area"


def jump() -> None:
    state.set_area_index(int(state.get(AREA_KEY)))


def step(to: int) -> None:
    state.set_area_index(to)


def hand_over() -> None:
    """Hand the screen to the client: from now until the supplier takes it back, this browser
    session is the client's (app.py shows only the client's page) and holds only what the
    client may see. The supplier's unsaved answers are saved first, as the supplier. The button
    sits in the questionnaire's step (a fragment): the whole page is asked for afterwards."""
    _hand_over()
    st.rerun()


def _hand_over() -> None:
    mode, both_done = state.run_mode()
    current = state.session()
    if current is None or not may_hand_over(mode, both_done):
        state.set_notice("In blind mode the client answers through its own link.")
        return
    if not saving.flush() or not state.session_id():
        state.set_notice("Not handed over: your answers are not saved yet. Try again.")
        return
    state.absorb(party_view(resources.bank(), current, Viewer("client"), mode=mode,
                            both_complete=both_done))
    state.set_handed_over(True)
    st.query_params[opening.HANDOVER_PARAM] = "1"
    areas = [a.id for a in resources.bank().areas if resources.bank().for_party("client", a.id)]
    here = resources.bank().areas[state.area_index(len(resources.bank().areas))].id
    started = bool(current.answers.get("client"))
    state.set_client_step(1 + areas.index(here) if started and here in areas else 0)
