"""The sessions page's callbacks: open, duplicate as a template, archive, delete, import.

Each turns a storage failure into a notice on the page (:func:`ui.session.database.safely`).
"""
from __future__ import annotations

from questions import SessionError
from ui.actions.uploads import take_upload
from ui.session import changes, database, opening, state

SEARCH = "sessions.search"
ARCHIVED = "sessions.archived"
PICK = "sessions.pick"
CONFIRM = "sessions.confirm_delete"
UPLOAD = "sessions.upload"
GOTO = "sessions.goto"
IMPORT_PROBLEMS = "sessions.import_problems"


@database.safely
def open_session(session_id: str) -> None:
    opening.open_stored(session_id, "supplier")
    state.set_notice("Opened the saved discovery.")
    state.put(GOTO, True)


@database.safely
def duplicate(session_id: str) -> None:
    store = database.store()
    name = store.load_session(session_id).deal.name
    copy = store.duplicate_session(session_id, name=f"{name} (copy)"[:200])
    state.put(PICK, copy)
    state.set_notice("Duplicated as a template: same deal and goals, no answers.")


@database.safely
def archive(session_id: str, archived: bool) -> None:
    database.store().archive(session_id, archived)
    state.set_notice("Archived." if archived else "Restored from the archive.")


@database.safely
def delete(session_id: str) -> None:
    database.store().delete(session_id)
    state.drop(CONFIRM)
    state.drop(PICK)
    if state.session_id() == session_id:
        changes.close_session()
    state.set_notice("Deleted the discovery and everything saved with it.")


@database.safely
def import_file() -> None:
    new_id = take_upload(UPLOAD, IMPORT_PROBLEMS, lambda data: database.store().import_json(data),
                         SessionError)
    if new_id is not None:
        state.put(PICK, new_id)
        state.set_notice("Imported the session.")
