"""Sample inputs for the agreement templates: every template must render with each of them.

``minimal`` has no goals, people or answers (every optional branch empty); ``full`` fills every
branch of the report (gaps, knock-outs, warnings, conditions); ``hostile`` puts Markdown, HTML,
Jinja syntax, table pipes and line breaks in every field a user types. The examples in
``examples/`` are samples too; tests render them through real scoring.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from questions.session import Session
from scoring.report import AreaReport, Evidence, Finding, Gap, ProceedCondition, Report

HOSTILE = ("# Heading\n| a | b |\n<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} "
           "**bold** _it_ `code` [link](http://x) ![img](y) &amp; \\ ~~s~~ - 1. > q")


def _area(area_id: str, title: str, score: float, resistance: float) -> AreaReport:
    band = "high" if resistance >= 60 else "medium" if resistance >= 33 else "low"
    return AreaReport(id=area_id, title=title, weight=1 / 7, supplier=score + 5, client=score - 5,
                      combined=score, alignment=80.0, direction="agree-good",
                      resistance=resistance, resistance_band=band, confidence=1.0)


def sample_report(text: str = "") -> Report:
    """A report exercising every section; ``text`` is appended to each free-text field."""
    areas = (_area("goals", "Goals", 70, 20), _area("constraints", "Constraints", 55, 40),
             _area("investment", "Client investment", 45, 65), _area("readiness", "Readiness", 60, 35),
             _area("trust", "Trust", 40, 62), _area("control", "Control and respect", 50, 45),
             _area("need", "Mutual need", 65, 25))
    evidence = (Evidence("hours_committed", "client", 2, "2 hours per week"),)
    return Report(
        recommendation="proceed_with_conditions", readiness=58.5, alignment=80.0, resistance=44.0,
        resistance_band="medium", areas=areas,
        gaps=(Gap("trust_reliability", "trust", "They keep promises." + text, 5, 2, 3.0),),
        knockouts=(Finding("hours", "Too few client hours" + text,
                           "The client commits too few hours." + text, evidence),),
        warnings=(Finding("low_trust", "Low trust" + text, "Trust is low." + text, ()),),
        conditions=(ProceedCondition("hours", "Raise committed hours." + text, "client",
                                     "2026-12-01"),),
        reasons=("Readiness is below 70." + text,), losses=())


def _session(goal_text: str, answer_text: str, people: bool = True) -> Session:
    return Session.model_validate({
        "deal": {"name": "Sample deal " + answer_text[:50], "supplier": "Acme Build" + answer_text[:20],
                 "client": "Northwind" + answer_text[:20], "date": dt.date(2026, 11, 23)},
        "people": {"supplier": "Sam Supplier" if people else "",
                   "client": "Cleo Client" if people else ""},
        "goals": [{"id": "g1", "text": "Launch the portal by June" + goal_text},
                  {"id": "g2", "text": "Migrate the data without loss" + goal_text}],
        "answers": {
            "supplier": {"hours_required": 8, "supplier_min_weeks": 12, "meetings_kept": 2,
                         "supplier_notes": "private " + answer_text},
            "client": {"hours_committed": 8, "client_owner": "Cleo Client" + answer_text,
                       "data_access": "partial", "materials_needed": "Exports" + answer_text,
                       "flex_corners": ["date"], "quality_bar": "high",
                       "cancellation_notice": "few_hours", "target_date": "2027-03-01",
                       "past_vendor_failures": "one", "past_failure_story": "Late" + answer_text,
                       "reviewers_named": 4},
        },
    })


def minimal() -> tuple[Session, Report]:
    session = Session.model_validate({"deal": {"name": "Empty deal"}})
    return session, sample_report()


def full() -> tuple[Session, Report]:
    return _session("", ""), sample_report()


def hostile() -> tuple[Session, Report]:
    return _session(" " + HOSTILE, " " + HOSTILE), sample_report(" " + HOSTILE)


SAMPLES: dict[str, Callable[[], tuple[Session, Report]]] = {
    "minimal": minimal, "full": full, "hostile": hostile}
