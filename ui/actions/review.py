"""The review page's callbacks: open one answer for editing in place, and close it."""
from __future__ import annotations

from ui.session import state


def edit(party: str, question_id: str) -> None:
    state.set_editing((party, question_id))


def done() -> None:
    state.set_editing(None)
