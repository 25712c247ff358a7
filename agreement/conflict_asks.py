"""Dates that do not fit, as asks: what the results page and the discovery brief list beside the
scoring's asks (the results page is scoring's; this is the data it takes from the drafting)."""
from __future__ import annotations

from typing import Sequence

from questions.session import Session
from questions.workdays import add_business_days
from scoring.report import Ask

from .draft import Dependency

DUE_DAYS = 5  # business days after the deal date, as the scoring model's asks.due_days


def conflict_asks(session: Session, dependencies: Sequence[Dependency],
                  due_days: int = DUE_DAYS) -> list[Ask]:
    """One ask per dependency whose date does not fit the event it serves: agree a date that
    fits (move the event, bring the dependency forward or shorten what comes between)."""
    deal = session.deal.date
    try:
        due = add_business_days(deal, due_days).isoformat() if deal else ""
    except OverflowError:  # a deal dated at the calendar's end
        due = ""
    return [Ask(code=f"conflict:{d.id}", text=f"Agree a date that fits for \u201c{d.title}\u201d: {d.conflict}",
                owner=d.who.party, due=due, impact=0.0)
            for d in dependencies if d.conflict]
