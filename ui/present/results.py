"""What the results page shows, as plain data: the verdict in words, the asks, what would change
the verdict, the headline numbers with what they measure, and the tables.

No streamlit here, so the wording and the tables can be tested without running the page.
Nothing here shows an id: questions by their wording, areas and sub-dimensions by their titles,
answers in words, labels such as "over-estimator" in plain sentences.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from questions import Bank
from questions.words import date_words
from scoring import Finding, Model, Report
from scoring.report import Ask
from ui.present.answers import answer_in_words

VIEWS = {"over-estimator": "The supplier's view is rosier",
         "under-estimator": "The client's view is rosier",
         "agree-good": "Both agree, and it looks good",
         "agree-poor": "Both agree, and it looks weak"}


def verdict_text(report: Report, model: Model) -> str:
    """The headline a salesperson can say out loud, e.g. 'Walk away. As things stand ...'."""
    words = model.verdicts[report.recommendation]
    return f"{words.name}. {words.meaning}"


@dataclass(frozen=True)
class Headline:
    """One headline number: its label, value in words and what it measures, with its threshold."""

    label: str
    value: str
    means: str


def out_of_100(value: float | None) -> str:
    """A headline number, or a plain "not available" when its answers are not there."""
    return "not available" if value is None else f"{value:.0f} / 100"


def headlines(report: Report, model: Model) -> list[Headline]:
    d, bands = model.decision, model.resistance.bands
    trust = model.trust
    band = f" ({report.resistance_band})" if report.resistance_band else ""
    return [
        Headline("Readiness", out_of_100(report.readiness),
                 "How ready both sides are to do the work, from their answers in every area. "
                 f"Proceeding needs {d.proceed_at.readiness:g}; under {d.walk_away_below.readiness:g} "
                 "means walk away."),
        Headline("Alignment", out_of_100(report.alignment),
                 "How closely the two sides' answers agree on the questions both answer (100: the "
                 f"same answers). Proceeding needs {d.proceed_at.alignment:g}; under "
                 f"{d.walk_away_below.alignment:g} means walk away."),
        Headline("Resistance" + band, out_of_100(report.resistance),
                 "How much pushback to expect while the work is done, from readiness, the gaps "
                 f"between the views and the client's tendency to resist change. Medium from "
                 f"{bands.medium:g}, high from {bands.high:g}."),
        Headline("Trust index", out_of_100(report.trust_index),
                 "A rough guide from the client's own answers on the supplier's credibility, "
                 "reliability and openness against its self-interest (Maister's trust "
                 f"equation); 50 is even, under {trust.low_index:g} is low."
                 if trust else "Not configured."),
    ]


def due_words(due: str) -> str:
    return date_words(due) if due else "a date to agree"


def _wording(bank: Bank, question_id: str, party: str) -> str:
    question = bank.by_id.get(question_id)
    if question is None:
        return "a question no longer in the bank"
    return question.wording(party if party in question.answered_by else question.answered_by[0])


@dataclass(frozen=True)
class AskView:
    text: str
    who: str  # "Client" or "Supplier"
    due: str  # in words
    sources: tuple[str, ...]  # the answers it came from, in words


def ask_views(bank: Bank, asks: tuple[Ask, ...]) -> list[AskView]:
    """The asks as the page lists them: the term, who agrees to it, by when, and the answers it
    came from (question wording and who answered)."""
    out = []
    for ask in asks:
        questions = list(dict.fromkeys(
            f"\u201c{_wording(bank, s.question, s.party).rstrip('.?')}\u201d" for s in ask.sources))
        sources = tuple(questions[:3]) + ((f"and {len(questions) - 3} more",)
                                          if len(questions) > 3 else ())
        out.append(AskView(ask.text, ask.owner.capitalize(), due_words(ask.due), sources))
    return out


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
        if question is None:
            continue
        rows.append({"Area": bank.area(gap.area).title, "Question": gap.text,
                     "Supplier": answer_in_words(question, gap.supplier),
                     "Client": answer_in_words(question, gap.client),
                     "Points apart": abs(gap.difference),
                     "Rosier": "Supplier" if gap.difference > 0 else "Client"})
    return pd.DataFrame(rows, columns=["Area", "Question", "Supplier", "Client", "Points apart",
                                       "Rosier"])


def areas_frame(bank: Bank, report: Report) -> pd.DataFrame:
    def num(value):
        return "\u2014" if value is None else f"{value:.0f}"
    subs = {(a.id, s.id): s.title for a in bank.areas for s in a.subs}
    return pd.DataFrame([{
        "Area": a.title, "Supplier": num(a.supplier), "Client": num(a.client),
        "Combined": num(a.combined), "Alignment": num(a.alignment),
        "The two views": VIEWS.get(a.direction or "", "Not compared yet"),
        "Resistance": "not available" if a.resistance is None
        else f"{a.resistance:.0f} ({a.resistance_band})",
        "Answered": "" if a.confidence is None else f"{a.confidence:.0%}",
        "Not enough answers yet": ", ".join(subs.get((a.id, s), s) for s in a.insufficient)}
        for a in report.areas])


def conditions_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{"What stands in the way": c.text, "Who can change it": c.owner.capitalize()}
                         for c in report.conditions],
                        columns=["What stands in the way", "Who can change it"])


def losses_frame(bank: Bank, report: Report, top: int = 10) -> pd.DataFrame:
    """The items that cost readiness the most points, largest first."""
    titles = {a.id: a.title for a in bank.areas}
    rows = []
    for loss in report.losses[:top]:
        if loss.kind == "self_rating_cap":
            question = f"The client's own rating of {titles.get(loss.area, 'this area')}"
        else:
            question = _wording(bank, loss.question, loss.party)
        rows.append({"Question": question, "Answered by": loss.party.capitalize(),
                     "Answer": loss.label, "Area": titles.get(loss.area, ""),
                     "Points lost": round(loss.points, 1)})
    return pd.DataFrame(rows, columns=["Question", "Answered by", "Answer", "Area", "Points lost"])
