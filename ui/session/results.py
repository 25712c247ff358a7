"""The current discovery's report and what would change its verdict, worked out once per
version of the answers.

Scoring with the asks measures each ask by rescoring, and the search for what would change the
verdict rescores a few dozen variants: tens of milliseconds the results page should not pay on
every rerun. Both are kept in the browser session next to the fingerprint of the Session they
were made from, and made again only when an answer, the deal or a goal changes.
"""
from __future__ import annotations

from questions import Bank, Session
from scoring import Model, Report, WhatWouldChange, score, what_would_change
from ui.present.dependencies import fingerprint
from ui.session import state

KEY = "gw.results"


def report_and_change(bank: Bank, session: Session, model: Model) -> tuple[Report, WhatWouldChange]:
    mark = fingerprint(session)
    kept = state.get(KEY)
    if kept is not None and kept[0] == mark and kept[1] is model:
        return kept[2], kept[3]
    report = score(bank, session, model)
    change = what_would_change(bank, session, model, report)
    state.put(KEY, (mark, model, report, change))
    return report, change
