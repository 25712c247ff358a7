"""Knock-outs and warnings: named findings with the answers that fired them.

Each finding has a name a salesperson can use ("Late payment"), a plain sentence saying why it
matters with both parties' answers in words, and those answers as evidence. Supplier-private
answers (the supplier's minimum price, whether it can decline) are kept in the evidence for the
supplier but never quoted in a sentence.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from questions.conditions import evaluate
from questions.schema import DONT_KNOW, Bank
from questions.session import Session
from questions.words import answer_in_words, is_number
from questions.workdays import plus_days

from .items import on_scale
from .model import Model, Ref, WarningRule
from .report import AreaReport, Evidence, Finding, Gap, Loss


@dataclass(frozen=True)
class Facts:
    """What the scores say, handed from :mod:`scoring.score` to the findings, the decision and
    the asks."""

    bank: Bank
    session: Session
    model: Model
    counted: dict[str, dict[str, Any]]
    scores: dict[str, dict[str, float | None]]
    areas: tuple[AreaReport, ...]
    gaps: tuple[Gap, ...]
    readiness: float | None
    alignment: float | None
    losses: tuple[Loss, ...]
    scored_share: float = 0.0  # share of the bank's sub-dimensions scored by either party
    points: dict[str, float] = field(default_factory=dict)  # readiness points a question can move
    memo: dict[tuple[str, str], str] = field(default_factory=dict)

    def value(self, question: str, party: str) -> Any:
        return self.counted.get(party, {}).get(question)

    def label(self, question: str, party: str) -> str:
        """The answer in words ("4 of 5 (agree)", "1,200 EUR"), or "no answer"."""
        key = (question, party)
        if key not in self.memo:
            self.memo[key] = answer_in_words(self.bank.by_id[question], self.value(question, party),
                                             "no answer")
        return self.memo[key]

    def evidence(self, *questions: str) -> tuple[Evidence, ...]:
        """Every party's answer to each question, answered or not, so both views are named."""
        return tuple(Evidence(qid, p, self.value(qid, p), self.label(qid, p))
                     for qid in questions for p in self.bank.by_id[qid].answered_by)

    def text(self, question: str, party: str = "supplier") -> str:
        q = self.bank.by_id[question]
        return q.wording(party if party in q.answered_by else q.answered_by[0])

    def said(self, question: str) -> str:
        """Both parties' answers to a question in words, for a sentence; a private answer is
        named as such, never quoted."""
        q = self.bank.by_id[question]
        views = []
        for party in q.answered_by:
            if self.value(question, party) is None:
                continue
            words = "a private answer" if q.visibility == "supplier_private" \
                else f"\"{self.label(question, party)}\""
            views.append(f"the {party} answered {words}")
        return f"asked \"{self.text(question)}\", " + " and ".join(views) if views else ""


def trust_index(credibility: float, reliability: float, intimacy: float, self_orientation: float) -> float:
    """Maister's T = (C+R+I)/(3S) on 1..5 answers, mapped so 50 is parity and 0..100 the range."""
    t = (credibility + reliability + intimacy) / (3.0 * self_orientation)
    return max(0.0, min(100.0, 100.0 * (math.log(t) + math.log(5)) / (2 * math.log(5))))


def _ref(f: Facts, ref: Ref) -> Any:
    return f.value(ref.question, ref.party)


def knockouts(f: Facts) -> list[Finding]:
    k, found = f.model.knockouts, []
    if k.hours:
        c, r = _ref(f, k.hours.committed), _ref(f, k.hours.required)
        if is_number(c) and is_number(r) and r > 0 and c / r < k.hours.min_ratio:
            found.append(Finding("hours", k.hours.name, (
                f"The client commits {f.label(k.hours.committed.question, 'client')} where the work "
                f"needs {f.label(k.hours.required.question, 'supplier')}: {c / r:.0%} of what is needed, "
                f"below the {k.hours.min_ratio:.0%} minimum."),
                f.evidence(k.hours.committed.question, k.hours.required.question)))
    if k.owner:
        v = f.value(k.owner.question, k.owner.party)
        words = {w.strip().lower() for w in k.owner.no_owner_words}
        if v == DONT_KNOW or (isinstance(v, str) and v.strip().lower() in words):
            found.append(Finding("owner", k.owner.name, "No one on the client side is named as "
                                 "accountable for the work (the answer was "
                                 f"\"{f.label(k.owner.question, k.owner.party)}\").",
                                 f.evidence(k.owner.question)))
    if k.iron_triangle:
        found.extend(_iron_triangle(f))
    for code, rule, what in (("decision_maker", k.decision_maker, "There is no decision-maker and no path to one"),
                             ("consequences", k.consequences,
                              "The client would not accept any consequence when it misses a dependency")):
        if rule and f.value(rule.question, rule.party) in rule.values:
            found.append(Finding(code, rule.name, f"{what} (the {rule.party} answered "
                                 f"\"{f.label(rule.question, rule.party)}\").", f.evidence(rule.question)))
    if k.goals_alignment:
        area = next((a for a in f.areas if a.id == k.goals_alignment.area), None)
        mirrored = [q for q in f.bank.in_area(k.goals_alignment.area) if q.mirrored and q.scored]
        gap_qs = [q.id for q in mirrored if f.scores["supplier"].get(q.id) is not None
                  and f.scores["client"].get(q.id) is not None]
        # an average over one or two questions is not "the goals": it needs the area's share
        enough = len(gap_qs) >= f.model.min_answered_share * len(mirrored)
        if area and area.alignment is not None and area.alignment < k.goals_alignment.below and enough:
            found.append(Finding("goals_alignment", k.goals_alignment.name, (
                f"The two sides see the {area.title.lower()} differently: they agree {area.alignment:.0f} "
                f"of 100, below {k.goals_alignment.below:g}."), f.evidence(*gap_qs)))
    return found


@dataclass(frozen=True)
class Triangle:
    """What the iron-triangle knock-out compares: budget against the lowest price, the time to
    the target date against the shortest duration; the limits that would lift it."""

    budget: float
    price: float
    target: dt.date
    start: dt.date
    weeks_needed: float
    max_ratio: float

    @property
    def weeks(self) -> float:
        return (self.target - self.start).days / 7.0

    @property
    def min_budget(self) -> float:
        return math.ceil(self.price * self.max_ratio)

    @property
    def earliest_date(self) -> dt.date:
        return plus_days(self.start, math.ceil(self.weeks_needed * self.max_ratio * 7))


def triangle(f: Facts) -> Triangle | None:
    """The iron triangle's numbers when every one of them is answered, else None."""
    it = f.model.knockouts.iron_triangle
    if it is None:
        return None
    budget, price = _ref(f, it.budget), _ref(f, it.min_price)
    target, weeks, start = _ref(f, it.target_date), _ref(f, it.min_weeks), f.session.deal.date
    if not (is_number(budget) and is_number(price) and price > 0 and is_number(weeks) and weeks > 0
            and isinstance(target, str) and target != DONT_KNOW and start):
        return None
    try:
        day = dt.date.fromisoformat(target)
    except ValueError:
        return None
    return Triangle(float(budget), float(price), day, start, float(weeks), it.max_ratio)


def _iron_triangle(f: Facts) -> list[Finding]:
    it = f.model.knockouts.iron_triangle
    t = triangle(f)
    flex = _ref(f, it.flex) if it else None
    if it is None or t is None or not isinstance(flex, list) or set(flex) & set(it.corners):
        return []
    if t.budget / t.price >= it.max_ratio or t.weeks / t.weeks_needed >= it.max_ratio:
        return []
    return [Finding("iron_triangle", it.name, (
        f"Scope, cost and date are all fixed (asked which can flex, the client answered "
        f"\"{f.label(it.flex.question, it.flex.party)}\"), "
        f"the budget of {f.label(it.budget.question, it.budget.party)} is under {it.max_ratio:.0%} of the "
        f"lowest price the work can be done for, and the target date is {t.weeks:.0f} weeks away "
        f"where the work needs at least {t.weeks_needed:g}: perfect, cheap and now is not on offer."),
        f.evidence(it.flex.question, it.budget.question, it.min_price.question,
                   it.target_date.question, it.min_weeks.question))]


def _scale(f: Facts, qid: str, party: str) -> float | None:
    s = f.scores.get(party, {}).get(qid)
    return None if s is None else on_scale(s)


def _trust(f: Facts) -> tuple[float | None, list[str]]:
    """The client's trust index (None without all four answers) and the low trust factors."""
    t = f.model.trust
    if t is None:
        return None, []
    raw = [f.value(q, t.party) for q in (t.credibility, t.reliability, t.intimacy, t.self_orientation)]
    whole = [v for v in raw if isinstance(v, int) and not isinstance(v, bool)]
    index = trust_index(*raw) if len(whole) == 4 else None
    low = [q for q, v in zip((t.credibility, t.reliability, t.intimacy), raw)
           if isinstance(v, int) and not isinstance(v, bool) and v <= t.low_factor]
    return index, low


def _fires(f: Facts, rule: WarningRule, index: float | None, low: list[str]) -> str | None:
    """The detail sentence when the warning fires, else None."""
    if rule.kind == "trust":
        t = f.model.trust
        if t is None or not ((index is not None and index < t.low_index) or low):
            return None
        parts = ", ".join(f"\"{f.text(q, t.party)}\" {f.label(q, t.party)}"
                          for q in (t.credibility, t.reliability, t.intimacy))
        idx = f"; trust index {index:.0f} of 100, below {t.low_index:g}" if index is not None else ""
        return f"The {t.party} answered {parts}{idx}."
    if rule.kind == "one_way_need":
        assert rule.supplier_need and rule.client_need and rule.min_points
        s_need = [v for p in ("supplier", "client") if (v := _scale(f, rule.supplier_need, p)) is not None]
        c_need = [v for p in ("supplier", "client") if (v := _scale(f, rule.client_need, p)) is not None]
        if not (s_need and c_need):
            return None
        sm, cm = sum(s_need) / len(s_need), sum(c_need) / len(c_need)
        if abs(sm - cm) < rule.min_points - 1e-9:
            return None
        who = "the supplier needs the deal" if sm > cm else "the client needs the supplier"
        return (f"Mostly {who}: the supplier's need for the deal averages {sm:.1f} of 5, the "
                f"client's need for this supplier {cm:.1f} of 5.")
    assert rule.when is not None
    if not evaluate(rule.when, f.counted, "supplier"):
        return None
    said = [s for q in f.model.warning_questions[rule.code] if (s := f.said(q))]
    return ("Behind it: " + "; ".join(said) + ".") if said else None


def warnings(f: Facts) -> tuple[list[tuple[Finding, WarningRule]], float | None]:
    """Every warning that fires, with its rule, and the trust index."""
    index, low = _trust(f)
    order = {q.id: i for i, q in enumerate(f.bank.questions)}
    found = []
    for rule in f.model.warnings:
        detail = _fires(f, rule, index, low)
        if detail is None:
            continue
        resolved = rule.resolved_when is not None and evaluate(rule.resolved_when, f.counted, "supplier")
        questions = sorted(f.model.warning_questions[rule.code], key=lambda q: order.get(q, 0))
        text = f"{rule.explain} {detail}" + (" The ask is agreed in the answers." if resolved else "")
        found.append((Finding(rule.code, rule.name, text, f.evidence(*questions), resolved), rule))
    return found, index
