"""Each listed session's verdict in words, cached by when the session last changed.

Scoring a stored session means loading it, so the sessions page would load every listed
session on every rerun; ``st.cache_data`` keyed by the database, the id and the last change
makes that rare.
"""
from __future__ import annotations

import streamlit as st

from questions import Bank
from scoring import Model, assess
from storage import StorageError, Store
from storage.records import SessionSummary


@st.cache_data(max_entries=2000, show_spinner=False)
def _verdict(_store: Store, _bank: Bank, _model: Model, url: str, session_id: str,
             stamp: str) -> str:
    """Scoring a session means loading it; the cache key (its last change) makes that rare."""
    try:
        report = assess(_bank, _store.load_session(session_id), _model)
    except StorageError:
        return "cannot be read"
    return _model.verdicts[report.recommendation].name


def verdict(store: Store, bank: Bank, model: Model | None, summary: SessionSummary) -> str:
    """The verdict in words; blank when the scoring model did not load."""
    if model is None:
        return ""
    url = store.engine.url.render_as_string(hide_password=True)
    return _verdict(store, bank, model, url, summary.id, summary.updated_at.isoformat())
