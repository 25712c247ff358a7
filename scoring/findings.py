"""Knock-outs, warnings, conditions, the recommendation and the reasons behind it.

Each finding names the questions and both parties' answers that fired it, and every message
is a plain sentence a salesperson can read to the prospect. Supplier-private answers (the
supplier's minimum price, whether it can decline) are kept in the evidence for the supplier
but never quoted in a message.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from questions.schema import DONT_KNOW, Bank
from questions.session import Session

from .items import answer_label, on_scale
from .model import Model, Party, Ref
from .report import AreaReport, Evidence, Finding, Gap, Loss, Missing, ProceedCondition, Recommendation


@dataclass(frozen=True)
class Facts:
    """What the scores say, handed from :func:`scoring.score.score` to :func:`decide`."""

    bank: Bank
    session: Session
    model: Model
    counted: dict[str, dict[str, Any]]
    scores: dict[str, dict[str, float | None]]
    areas: tuple[AreaReport, ...]
    gaps: tuple[Gap, ...]
    readiness: float | None
    alignment: float | None
    has_pairs: bool
    losses: tuple[Loss, ...]
    scale_labels: dict[str, tuple[str, ...]]
    memo: dict[tuple[str, str], str] = field(default_factory=dict)
    scored_share: float = 0.0  # share of the bank's sub-dimensions scored by either party
    points: dict[str, float] = field(default_factory=dict)  # readiness points a question can move

    def value(self, question: str, party: str) -> Any:
        return self.counted.get(party, {}).get(question)

    def label(self, question: str, party: str) -> str:
        key = (question, party)
        if key not in self.memo:
            self.memo[key] = answer_label(self.bank.by_id[question], self.value(question, party),
                                          self.scale_labels)
        return self.memo[key]

    def evidence(self, *questions: str) -> tuple[Evidence, ...]:
        """Every party's answer to each question, answered or not, so both views are named."""
        return tuple(Evidence(qid, p, self.value(qid, p), self.label(qid, p))
                     for qid in questions for p in self.bank.by_id[qid].answered_by)

    def text(self, question: str, party: str = "supplier") -> str:
        q = self.bank.by_id[question]
        return q.wording(party if party in q.answered_by else q.answered_by[0])


@dataclass(frozen=True)
class Verdict:
    recommendation: Recommendation
    knockouts: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    conditions: tuple[ProceedCondition, ...]
    reasons: tuple[str, ...]
    trust_index: float | None
    deciding: tuple[Missing, ...] = ()


def trust_index(credibility: float, reliability: float, intimacy: float, self_orientation: float) -> float:
    """Maister's T = (C+R+I)/(3S) on 1..5 answers, mapped so 50 is parity and 0..100 the range."""
    t = (credibility + reliability + intimacy) / (3.0 * self_orientation)
    return max(0.0, min(100.0, 100.0 * (math.log(t) + math.log(5)) / (2 * math.log(5))))


def _num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _ref(f: Facts, ref: Ref) -> Any:
    return f.value(ref.question, ref.party)


def knockouts(f: Facts) -> list[Finding]:
    k, found = f.model.knockouts, []
    if k.hours:
        c, r = _ref(f, k.hours.committed), _ref(f, k.hours.required)
        if _num(c) and _num(r) and r > 0 and c / r < k.hours.min_ratio:
            found.append(Finding("hours", (
                f"The client commits {f.label(k.hours.committed.question, 'client')} where the work "
                f"needs {f.label(k.hours.required.question, 'supplier')}: {c / r:.0%} of what is needed, "
                f"below the {k.hours.min_ratio:.0%} minimum."),
                f.evidence(k.hours.committed.question, k.hours.required.question)))
    if k.owner:
        v = f.value(k.owner.question, k.owner.party)
        words = {w.strip().lower() for w in k.owner.no_owner_words}
        if v == DONT_KNOW or (isinstance(v, str) and v.strip().lower() in words):
            found.append(Finding("owner", "No one on the client side is named as accountable for the "
                                 f"work (the answer was \"{f.label(k.owner.question, k.owner.party)}\").",
                                 f.evidence(k.owner.question)))
    if k.iron_triangle:
        found.extend(_iron_triangle(f))
    for code, rule, what in (("decision_maker", k.decision_maker, "There is no decision-maker and no path to one"),
                             ("consequences", k.consequences,
                              "The client would not accept any consequence when it misses a dependency")):
        if rule and f.value(rule.question, rule.party) in rule.values:
            found.append(Finding(code, f"{what} (the {rule.party} answered "
                                 f"\"{f.label(rule.question, rule.party)}\").", f.evidence(rule.question)))
    if k.goals_alignment:
        area = next((a for a in f.areas if a.id == k.goals_alignment.area), None)
        if area and area.alignment is not None and area.alignment < k.goals_alignment.below:
            gap_qs = [q.id for q in f.bank.in_area(area.id) if q.mirrored and q.scored
                      and f.scores["supplier"].get(q.id) is not None and f.scores["client"].get(q.id) is not None]
            found.append(Finding("goals_alignment", (
                f"The two sides see the {area.title.lower()} differently: alignment {area.alignment:.0f} "
                f"of 100, below {k.goals_alignment.below:g}."), f.evidence(*gap_qs)))
    return found


def _iron_triangle(f: Facts) -> list[Finding]:
    it = f.model.knockouts.iron_triangle
    if it is None:
        return []
    flex, budget, price = _ref(f, it.flex), _ref(f, it.budget), _ref(f, it.min_price)
    target, weeks_needed, start = _ref(f, it.target_date), _ref(f, it.min_weeks), f.session.deal.date
    if not isinstance(flex, list) or set(flex) & set(it.corners):
        return []
    if not (_num(budget) and _num(price) and price > 0 and budget / price < it.max_ratio):
        return []
    if not (isinstance(target, str) and target != DONT_KNOW and start and _num(weeks_needed)
            and weeks_needed > 0):
        return []
    weeks = (dt.date.fromisoformat(target) - start).days / 7.0
    if weeks / weeks_needed >= it.max_ratio:
        return []
    return [Finding("iron_triangle", (
        f"Scope, cost and date are all fixed (asked which can flex, the client answered "
        f"\"{f.label(it.flex.question, it.flex.party)}\"), "
        f"the budget of {f.label(it.budget.question, it.budget.party)} is under {it.max_ratio:.0%} of the "
        f"lowest price the work can be done for, and {target} is {weeks:.0f} weeks away where the work "
        f"needs at least {weeks_needed:g}: perfect, cheap and now is not on offer."),
        f.evidence(it.flex.question, it.budget.question, it.min_price.question,
                   it.target_date.question, it.min_weeks.question))]


def _scale(f: Facts, qid: str, party: str) -> float | None:
    s = f.scores.get(party, {}).get(qid)
    return None if s is None else on_scale(s)


def warnings(f: Facts) -> tuple[list[tuple[Finding, Party]], float | None]:
    """Warnings with the owner of each, and the trust index (None without all four answers)."""
    w, t, found = f.model.warnings, f.model.trust, []
    index = None
    if t:
        raw = [f.value(q, t.party) for q in (t.credibility, t.reliability, t.intimacy, t.self_orientation)]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
            index = trust_index(*raw)
        low = [q for q, v in zip((t.credibility, t.reliability, t.intimacy), raw)
               if isinstance(v, int) and not isinstance(v, bool) and v <= t.low_factor]
        if w.low_trust and ((index is not None and index < t.low_index) or low):
            parts = ", ".join(f"{q.replace('trust_', '')} {f.label(q, t.party)}"
                              for q in (t.credibility, t.reliability, t.intimacy))
            idx = f"; trust index {index:.0f} of 100" if index is not None else ""
            found.append((Finding("low_trust", f"Trust is low: the {t.party} rates {parts}{idx}.",
                                  f.evidence(t.credibility, t.reliability, t.intimacy, t.self_orientation)),
                          w.low_trust.owner))
    for code, rule, what in (("vendor_failures", w.vendor_failures, "Suppliers have let the client down before"),
                             ("cannot_decline", w.cannot_decline,
                              "The supplier could not walk away from this deal, so it has no position to negotiate from")):
        if rule and f.value(rule.question, rule.party) in rule.values:
            quote = "" if f.bank.by_id[rule.question].visibility == "supplier_private" \
                else f" (\"{f.label(rule.question, rule.party)}\")"
            found.append((Finding(code, f"{what}{quote}.", f.evidence(rule.question)), rule.owner))
    if w.behaviour:
        for qid in w.behaviour.questions:
            q = f.bank.by_id[qid]
            low = [p for p in q.answered_by if (v := _scale(f, qid, p)) is not None and v <= w.behaviour.at_most]
            if low:
                views = " and ".join(f"the {p} answered \"{f.label(qid, p)}\"" for p in q.answered_by)
                found.append((Finding("behaviour", f"\"{f.text(qid)}\": {views}.", f.evidence(qid)),
                              w.behaviour.owner))
    if w.one_way_need:
        n = w.one_way_need
        s_need = [v for p in ("supplier", "client") if (v := _scale(f, n.supplier_need, p)) is not None]
        c_need = [v for p in ("supplier", "client") if (v := _scale(f, n.client_need, p)) is not None]
        if s_need and c_need:
            sm, cm = sum(s_need) / len(s_need), sum(c_need) / len(c_need)
            if abs(sm - cm) >= n.min_points - 1e-9:
                who = "supplier needs the deal" if sm > cm else "client needs the supplier"
                found.append((Finding("one_way_need", (
                    f"Need runs one way: only the {who} (need for the deal {sm:.1f} of 5, "
                    f"client's need for the supplier {cm:.1f} of 5)."),
                    f.evidence(n.supplier_need, n.client_need)), n.owner))
    return found, index
