"""Each listed session's verdict in words: the stored report's when it is up to date (one
query for the whole list), else scored here and cached by when the session last changed.

Scoring a stored session means loading it, so the sessions page would load every listed
session on every rerun; the stored reports (storage.reports) make that rare, and
``st.cache_data`` keyed by the database, the id and the last change covers the rest (a
discovery imported from the command line, before the pipeline has scored it).
"""
from __future__ import annotations

import streamlit as st

from questions import Bank
from scoring import Model, assess
from storage import StorageError, Store
from storage.records import SessionSummary
from ui.session import resources


@st.cache_data(max_entries=2000, show_spinner=False)
def _verdict(_store: Store, _bank: Bank, _model: Model, url: str, session_id: str,
             stamp: str) -> str:
    """Scoring a session means loading it; the cache key (its last change) makes that rare."""
    try:
        report = assess(_bank, _store.load_view(session_id, "supplier"), _model)  # as blind mode allows
    except StorageError:
        return "cannot be read"
    return _model.verdicts[report.recommendation].name


def verdict(store: Store, bank: Bank, model: Model | None, summary: SessionSummary) -> str:
    """The verdict in words; blank when the scoring model did not load."""
    if model is None:
        return ""
    url = store.engine.url.render_as_string(hide_password=True)
    return _verdict(store, bank, model, url, summary.id, summary.updated_at.isoformat())


def verdicts_of(store: Store, bank: Bank, model: Model | None,
                found: list[SessionSummary]) -> dict[str, str]:
    """The verdict in words of every listed session (blank while the model does not load)."""
    if model is None:
        return {s.id: "" for s in found}
    from portfolio.reports import fingerprint

    mark = resources.once(("fingerprint", id(bank), id(model)), lambda: fingerprint(bank, model))
    try:
        stored = store.fresh_verdicts(mark, [s.id for s in found])
    except StorageError:
        stored = {}
    return {s.id: model.verdicts[stored[s.id]].name if s.id in stored else verdict(store, bank, model, s)
            for s in found}
