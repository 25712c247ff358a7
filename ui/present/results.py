"""What the results page shows, as plain data: the verdict in words and its tables.

No streamlit here, so the wording and the tables can be tested without running the page.
"""
from __future__ import annotations

import pandas as pd

from questions import Bank
from scoring import Finding, Report
from ui.present.answers import answer_in_words

VERDICTS = {
    "proceed": ("Proceed", "Both sides are ready and see the work the same way."),
    "proceed_with_conditions": ("Proceed only under conditions",
                                "Go ahead once the conditions below are agreed, each with its owner."),
    "walk_away": ("Walk away", "As things stand this deal is likely to fail; say why, openly."),
    "not_enough_answers": ("Not enough answers yet",
                           "Too few questions are answered to say proceed or walk away; the "
                           "questions that would decide it are listed below."),
}


def verdict_text(report: Report) -> str:
    """The headline a salesperson can say out loud, e.g. 'Walk away: ...'."""
    title, meaning = VERDICTS[report.recommendation]
    return f"{title}. {meaning}"


def _wording(bank: Bank, question_id: str, party: str) -> str:
    question = bank.by_id.get(question_id)
    if question is None:
        return question_id
    return question.wording(party if party in question.answered_by else question.answered_by[0])


def out_of_100(value: float | None) -> str:
    """A headline number, or a plain "not available" when its answers are not there."""
    return "not available" if value is None else f"{value:.0f} / 100"


def deciding_frame(bank: Bank, report: Report, top: int = 12) -> pd.DataFrame:
    """The unanswered questions that would decide the verdict, most decisive first."""
    return pd.DataFrame([{"Question": _wording(bank, m.question, m.party),
                          "Who answers": m.party.capitalize(), "Why it matters": m.reason}
                         for m in report.deciding[:top]],
                        columns=["Question", "Who answers", "Why it matters"])


def evidence_frame(bank: Bank, finding: Finding) -> pd.DataFrame:
    return pd.DataFrame([{"Question": _wording(bank, e.question, e.party),
                          "Answered by": e.party.capitalize(), "Answer": e.label or str(e.value)}
                         for e in finding.evidence],
                        columns=["Question", "Answered by", "Answer"])


def gaps_frame(bank: Bank, report: Report) -> pd.DataFrame:
    rows = []
    for gap in report.gaps:
        question = bank.by_id.get(gap.question)
        words = (lambda v: answer_in_words(question, v)) if question else str  # noqa: B023 (used in this iteration)
        rows.append({"Area": bank.area(gap.area).title if question else gap.area,
                     "Question": gap.text, "Supplier": words(gap.supplier),
                     "Client": words(gap.client), "Difference": gap.difference})
    return pd.DataFrame(rows, columns=["Area", "Question", "Supplier", "Client", "Difference"])


def areas_frame(report: Report) -> pd.DataFrame:
    def num(value):
        return None if value is None else round(value)
    return pd.DataFrame([{
        "Area": a.title, "Supplier": num(a.supplier), "Client": num(a.client),
        "Combined": num(a.combined), "Alignment": num(a.alignment), "Views": a.direction or "",
        "Resistance": "not available" if a.resistance is None
        else f"{a.resistance:.0f} ({a.resistance_band})",
        "Answered": "" if a.confidence is None else f"{a.confidence:.0%}",
        "Insufficient data": ", ".join(a.insufficient)} for a in report.areas])


def conditions_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{"Condition": c.text, "Owner": c.owner.capitalize(),
                          "Due": c.due or "to agree"} for c in report.conditions],
                        columns=["Condition", "Owner", "Due"])


def losses_frame(bank: Bank, report: Report, top: int = 10) -> pd.DataFrame:
    """The items that cost readiness the most points, largest first."""
    titles = {a.id: a.title for a in bank.areas}
    return pd.DataFrame([{"Question": _wording(bank, loss.question, loss.party),
                          "Answer": loss.label, "Area": titles.get(loss.area, loss.area),
                          "Points lost": round(loss.points, 1)} for loss in report.losses[:top]],
                        columns=["Question", "Answer", "Area", "Points lost"])
