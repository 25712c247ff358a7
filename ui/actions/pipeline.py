"""The pipeline page's callbacks: log an outcome, import outcomes from CSV."""
from __future__ import annotations

import datetime as dt

from storage.outcomes import OutcomeError
from ui.session import database, state

PICK = "pipeline.pick"
SALES = "pipeline.sales"
SALES_DATE = "pipeline.sales_date"
DELIVERY = "pipeline.delivery"
NOTE = "pipeline.note"
UPLOAD = "pipeline.upload"
PROBLEMS = "pipeline.problems"
NONE = ""


@database.safely
def save_outcome() -> None:
    session_id = state.get(PICK)
    if not session_id:
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
    upload = state.get(UPLOAD)
    if upload is None:
        return
    try:
        count = database.store().import_outcomes(upload.getvalue())
    except OutcomeError as exc:
        state.put(PROBLEMS, list(exc.problems))
        return
    state.drop(PROBLEMS)
    state.set_notice(f"Imported {count} outcome{'s' * (count != 1)}.")


def load_outcome(session_id: str) -> None:
    """Put the chosen discovery's logged outcome into the form's widgets."""
    found = database.store().outcome(session_id)
    state.put(SALES, found.sales or NONE if found else NONE)
    state.put(SALES_DATE, found.sales_date if found and found.sales_date else dt.date.today())
    state.put(DELIVERY, found.delivery or NONE if found else NONE)
    state.put(NOTE, found.delivery_note if found else "")
