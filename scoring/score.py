"""score(bank, session, model) -> Report: the assessment with the asks that would move it.

:func:`scoring.assess.assess` decides; :func:`scoring.asks.draft_asks` works out the asks and
measures each by rescoring. Kept apart so the asks can rescore without a cycle.
"""
from __future__ import annotations

from dataclasses import replace

from questions.schema import Bank
from questions.session import Session

from .asks import draft_asks
from .assess import evaluate_session, trust_index  # noqa: F401  (re-exported)
from .model import Model
from .report import Report


def score(bank: Bank, session: Session, model: Model) -> Report:
    """Score one session, with the asks that would move its verdict (each measured by rescoring
    with the ask met). Raises ModelError when the model names what the bank lacks."""
    report, facts = evaluate_session(bank, session, model)
    if report.recommendation in ("walk_away", "proceed_with_conditions"):
        report = replace(report, asks=draft_asks(facts, report))
    return report
