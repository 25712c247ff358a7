"""The client page's callbacks: jump to an area, mark the client's part complete, answer the
supplier's request to change the run mode."""
from __future__ import annotations

from ui.session import database, live, state

AREA_KEY = "w.c.area"


def jump() -> None:
    state.set_area_index(int(state.get(AREA_KEY)))


@database.safely
def mark_complete(complete: bool) -> None:
    database.store().mark_complete(state.session_id(), "client", complete, viewer=state.acting())
    live.refresh()


@database.safely
def answer_request(mode: str) -> None:
    database.store().request_mode(state.session_id(), mode, state.acting())
    live.refresh()
