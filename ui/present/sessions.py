"""The sessions list as a table: one row per saved discovery, its verdict filled in by the caller."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from storage.records import SessionSummary

DAMAGED = "damaged: cannot be read"  # a session with a corrupt row (storage.listing)


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
            "Supplier": "" if s.damaged else f"{s.progress['supplier'].answered}/{s.progress['supplier'].total}",
            "Client": "" if s.damaged else f"{s.progress['client'].answered}/{s.progress['client'].total}",
            "Mode": s.mode + (" (archived)" if s.archived else ""),
            "Verdict": DAMAGED if s.damaged else verdicts.get(s.id, ""),
        })
    return pd.DataFrame(rows, columns=["Deal", "Parties", "Date", "Updated", "Supplier", "Client",
                                       "Mode", "Verdict"])
