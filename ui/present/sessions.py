"""The sessions list as a table, and each session's verdict, cached by when it last changed."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd
import streamlit as st

from questions import Bank
from scoring import Model, score
from storage import StorageError, Store
from storage.records import SessionSummary
from ui.present.results import VERDICTS


@st.cache_data(max_entries=2000, show_spinner=False)
def _verdict(_store: Store, _bank: Bank, _model: Model, url: str, session_id: str,
             stamp: str) -> str:
    """Scoring a session means loading it; the cache key (its last change) makes that rare."""
    try:
        report = score(_bank, _store.load_session(session_id), _model)
    except StorageError:
        return "cannot be read"
    return VERDICTS[report.recommendation][0]


def verdict(store: Store, bank: Bank, model: Model | None, summary: SessionSummary) -> str:
    """The verdict in words; blank when the scoring model did not load."""
    if model is None:
        return ""
    url = store.engine.url.render_as_string(hide_password=True)
    return _verdict(store, bank, model, url, summary.id, summary.updated_at.isoformat())


def rows_frame(found: Iterable[SessionSummary], verdicts: Mapping[str, str]) -> pd.DataFrame:
    """One row per session: what the sessions page lists (text is shown literally by st.dataframe)."""
    rows = []
    for s in found:
        parties = " / ".join(x for x in (s.deal.supplier, s.deal.client) if x)
        people = " / ".join(x for x in (s.people.supplier, s.people.client) if x)
        rows.append({
            "Deal": s.deal.name,
            "Parties": parties + (f" ({people})" if people else ""),
            "Date": s.deal.date.isoformat() if s.deal.date else "",
            "Updated": s.updated_at.strftime("%Y-%m-%d %H:%M"),
            "Supplier": f"{s.progress['supplier'].answered}/{s.progress['supplier'].total}",
            "Client": f"{s.progress['client'].answered}/{s.progress['client'].total}",
            "Mode": s.mode + (" (archived)" if s.archived else ""),
            "Verdict": verdicts.get(s.id, ""),
        })
    return pd.DataFrame(rows, columns=["Deal", "Parties", "Date", "Updated", "Supplier", "Client",
                                       "Mode", "Verdict"])
