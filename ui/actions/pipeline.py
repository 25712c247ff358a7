"""The pipeline page's callbacks: log an outcome, import outcomes from CSV."""
from __future__ import annotations

import datetime as dt

from storage import StorageError
from storage.outcomes import OutcomeError
from ui.actions.uploads import take_upload
from ui.present.failures import logged
from ui.session import database, state

PICK = "pipeline.pick"
SALES = "pipeline.sales"
SALES_DATE = "pipeline.sales_date"
DELIVERY = "pipeline.delivery"
NOTE = "pipeline.note"
UPLOAD = "pipeline.upload"
PROBLEMS = "pipeline.problems"
NONE = ""
UNREAD = "pipeline.unread"  # the discovery whose logged outcome the form could not load


@database.safely
def save_outcome() -> None:
    session_id = state.get(PICK)
    if not session_id:
        return
    if state.get(UNREAD) == session_id:
        state.set_notice("Not saved: the form does not show this discovery's logged outcome yet "
                         "(it could not be read), so saving could replace it. Try again in a moment.")
        return
    sales = state.get(SALES) or None
    day = state.get(SALES_DATE)
    delivery = (state.get(DELIVERY) or None) if sales == "won" else None
    outcome = {"sales": sales, "sales_date": day.isoformat() if sales and isinstance(day, dt.date) else None,
               "delivery": delivery, "delivery_note": (state.get(NOTE) or "") if sales == "won" else ""}
    try:
        database.store().set_outcome(session_id, outcome)
    except OutcomeError as exc:
        state.put(PROBLEMS, list(exc.problems))
        return
    state.drop(PROBLEMS)
    state.set_notice("Outcome saved." if sales else "Outcome cleared.")


@database.safely
def import_outcomes() -> None:
    count = take_upload(UPLOAD, PROBLEMS, lambda data: database.store().import_outcomes(data),
                        OutcomeError)
    if count is not None:
        state.set_notice(f"Imported {count} outcome{'s' * (count != 1)}.")


def load_outcome(session_id: str) -> None:
    """Put the chosen discovery's logged outcome into the form's widgets. When it cannot be read
    (the database is away), the form is marked as not holding it (the page tries again on its
    next run) and saving it is refused: the form's values are not that discovery's outcome and
    must not replace it."""
    try:
        found = database.store().outcome(session_id)
    except StorageError as exc:
        state.put(UNREAD, session_id)
        state.set_notice(f"The logged outcome of this discovery could not be read ({logged(exc, 'reading an outcome')}); "
                         "it is tried again in a moment.")
        return
    state.drop(UNREAD)
    state.put(SALES, found.sales or NONE if found else NONE)
    state.put(SALES_DATE, found.sales_date if found and found.sales_date else dt.date.today())
    state.put(DELIVERY, found.delivery or NONE if found else NONE)
    state.put(NOTE, found.delivery_note if found else "")
