"""The review page's callbacks: open one answer for editing in place, and close it."""
from __future__ import annotations

from storage.records import StorageError
from ui.session import database, state


def edit(party: str, question_id: str) -> None:
    state.set_editing((party, question_id))


def done() -> None:
    state.set_editing(None)


def session_json() -> str:
    """The session file as stored (with each answer's record of what was visible when it was
    given), as this viewer may see it; the page's own copy while it is not stored yet."""
    session_id, current = state.session_id(), state.session()
    if session_id:
        try:
            return database.store().export_json(session_id, state.acting())
        except StorageError:  # the page still offers its own copy
            pass
    return current.to_json() if current is not None else "{}"
