"""The questionnaire's callbacks: move between areas and hand the screen to the other party."""
from __future__ import annotations

from ui.session import state

AREA_KEY = "w.q.area"
PARTY_KEY = "w.q.party"


def jump() -> None:
    state.set_area_index(int(state.get(AREA_KEY)))


def switch_party() -> None:
    state.set_party(state.get(PARTY_KEY))


def step(to: int) -> None:
    state.set_area_index(to)


def hand_over(to: str) -> None:
    state.set_party(to)
