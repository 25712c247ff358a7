"""The decision rule: walk away, proceed, proceed with conditions, or not enough answers yet.

The checks that stand between a deal and "proceed" are listed in plain words, each with the
party who can change it (``conditions``); the asks (:mod:`scoring.asks`) turn them into terms
someone can agree to.
"""
from __future__ import annotations

from dataclasses import dataclass

from questions.schema import DONT_KNOW

from .findings import Facts, knockouts, warnings
from .items import shown
from .report import Finding, Missing, ProceedCondition, Recommendation

_MAX_LOSS_REASONS = 3
_MAX_GAP_REASONS = 5


@dataclass(frozen=True)
class Verdict:
    recommendation: Recommendation
    knockouts: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    conditions: tuple[ProceedCondition, ...]
    reasons: tuple[str, ...]
    trust_index: float | None
    deciding: tuple[Missing, ...] = ()


def _fmt(value: float, threshold: float) -> str:
    """A score rounded for reading, with a decimal where rounding would hide that it missed."""
    text = f"{value:.0f}"
    return f"{value:.1f}" if (value < threshold) != (float(text) < threshold) else text


def _conditions(f: Facts, warned: list[Finding]) -> list[ProceedCondition]:
    """Every proceed check that fails, in plain words, with the party who can change it."""
    m, at = f.model, f.model.decision.proceed_at
    out: list[ProceedCondition] = []
    if f.readiness is not None and f.readiness < at.readiness:
        out.append(ProceedCondition("readiness", (
            f"Readiness is {_fmt(f.readiness, at.readiness)} of 100; proceeding needs "
            f"{at.readiness:g}."), "client"))
    if f.alignment is None:
        out.append(ProceedCondition("alignment", "The two views cannot be compared yet: no "
                                    "question has both parties' answers.", "client"))
    elif f.alignment < at.alignment:
        out.append(ProceedCondition("alignment", (
            f"The two views agree {_fmt(f.alignment, at.alignment)} of 100; proceeding needs "
            f"{at.alignment:g}."), "supplier"))
    for a in f.areas:
        owner = m.areas[a.id].owner
        if a.combined is not None and a.combined < at.area:
            out.append(ProceedCondition(f"area:{a.id}", (
                f"{a.title} scores {_fmt(a.combined, at.area)} of 100; proceeding needs "
                f"{at.area:g} in every area."), owner))
        if m.decision.high_resistance_blocks_proceed and a.resistance_band == "high" \
                and a.resistance is not None:
            out.append(ProceedCondition(f"resistance:{a.id}", (
                f"High resistance is expected in {a.title} ({a.resistance:.0f} of 100, high from "
                f"{m.resistance.bands.high:g})."), owner))
    for area_id in dict.fromkeys(g.area for g in f.gaps):
        count = sum(1 for g in f.gaps if g.area == area_id)
        title = next(a.title for a in f.areas if a.id == area_id)
        out.append(ProceedCondition(f"gap:{area_id}", (
            f"The two sides differ by {m.alignment.gap_points:g} points or more on {count} "
            f"question{'s' * (count != 1)} in {title}."), "supplier"))
    if m.decision.warnings_block_proceed:
        for finding in warned:
            if not finding.resolved:
                rule = next(w for w in m.warnings if w.code == finding.code)
                out.append(ProceedCondition(f"warning:{finding.code}",
                                            f"{finding.name}: {rule.explain}", rule.owner))
    return out


def _loss_reason(f: Facts, loss) -> str:
    if loss.kind == "self_rating_cap":
        title = next(a.title for a in f.areas if a.id == loss.area)
        return f"{title}: {loss.label}, {loss.points:.1f} points."
    q = f.bank.by_id[loss.question]
    answer = "a private answer" if q.visibility == "supplier_private" else f"\"{loss.label}\""
    return f"\"{f.text(loss.question, loss.party)}\": the {loss.party} answered {answer}, {loss.points:.1f} points."


def _given(f: Facts, question: str, party: str) -> bool:
    value = f.value(question, party)
    return value is not None and value != DONT_KNOW


def open_required(f: Facts) -> list[str]:
    """The questions a knock-out turns on that no party has answered yet, in the model's order."""
    return [qid for qid in f.model.decision.enough_answers.required
            if not any(_given(f, qid, p) for p in f.bank.by_id[qid].answered_by)]


def deciding(f: Facts) -> list[Missing]:
    """The unanswered questions that would decide the verdict, most decisive first: the
    questions the knock-outs turn on, then every shown scored question by the readiness points
    its answer can move."""
    out: dict[tuple[str, str], Missing] = {}
    for qid in open_required(f):
        q = f.bank.by_id[qid]
        for party in q.answered_by:
            if shown(q, f.counted, party):
                out[(qid, party)] = Missing(qid, party, "a knock-out turns on it", 100.0)
    ranked = []
    for qid, worth in f.points.items():
        q = f.bank.by_id[qid]
        for party in q.answered_by:
            if (qid, party) not in out and not _given(f, qid, party) and shown(q, f.counted, party):
                ranked.append(Missing(qid, party, f"worth up to {worth:.1f} points of readiness",
                                      worth))
    order = {q.id: i for i, q in enumerate(f.bank.questions)}
    ranked.sort(key=lambda m: (-m.points, order[m.question], m.party))
    return list(out.values()) + ranked


def _enough(f: Facts) -> list[str]:
    """Why the answers cannot carry a verdict yet (empty when they can)."""
    rule = f.model.decision.enough_answers
    why = []
    if f.readiness is None:
        why.append("no area has enough answers to be scored")
    elif f.scored_share < rule.min_scored_share:
        why.append(f"{f.scored_share:.0%} of the topics have enough answers to score; a verdict "
                   f"needs {rule.min_scored_share:.0%}")
    unanswered = open_required(f)
    if unanswered:
        why.append("unanswered by either side: " + "; ".join(f"\"{f.text(q)}\"" for q in unanswered))
    return why


def decide(f: Facts, explain: bool = True) -> Verdict:
    """Apply the decision rule to the scores and findings (``explain``: with the reasons)."""
    m = f.model
    walk = m.decision.walk_away_below
    kos = knockouts(f)
    warned_pairs, index = warnings(f)
    warned = [finding for finding, _ in warned_pairs]
    causes = [k.text for k in kos]
    short = _enough(f) if not kos else []
    if not short and f.readiness is not None and f.readiness < walk.readiness:
        causes.append(f"Readiness is {_fmt(f.readiness, walk.readiness)} of 100, below {walk.readiness:g}.")
    if not short and f.alignment is not None and f.alignment < walk.alignment:
        causes.append(f"The two views are far apart: they agree {_fmt(f.alignment, walk.alignment)} "
                      f"of 100, below {walk.alignment:g}.")
    conditions = _conditions(f, warned)
    recommendation: Recommendation
    if causes:
        recommendation = "walk_away"
        head = ["Walk away. " + causes[0]] + causes[1:]
    elif short:
        recommendation = "not_enough_answers"
        head = ["Not enough answers yet for a verdict: " + "; ".join(short) + "."]
    elif conditions:
        recommendation = "proceed_with_conditions"
        plural = "s" * (len(conditions) != 1)
        agree = f", the views agree {f.alignment:.0f}" if f.alignment is not None else ""
        head = [f"Proceed with conditions: {len(conditions)} check{plural} stand in the way "
                f"(readiness {f.readiness:.0f}{agree} of 100)."]
    else:
        recommendation = "proceed"
        head = [f"Proceed: readiness {f.readiness:.0f} and the views agree {f.alignment:.0f} of "
                "100, with no knock-outs, open warnings or differing answers."]
    reasons = list(head)
    waiting = recommendation == "not_enough_answers"
    if not explain:
        return Verdict(recommendation, tuple(kos), tuple(warned),
                       () if waiting else tuple(conditions), tuple(reasons), index)
    if f.losses:
        reasons.append("Most points were lost on: " + " ".join(
            _loss_reason(f, loss) for loss in f.losses[:_MAX_LOSS_REASONS]))
    for g in f.gaps[:_MAX_GAP_REASONS]:
        reasons.append(f"On \"{g.text}\" the supplier answered \"{f.label(g.question, 'supplier')}\" "
                       f"and the client \"{f.label(g.question, 'client')}\".")
    reasons.extend(f"{w.name}: {w.text}" for w in warned if not w.resolved)
    for a in f.areas:
        if a.direction == "over-estimator":
            reasons.append(f"In {a.title} the supplier's view is rosier than the client's own.")
        elif a.direction == "under-estimator":
            reasons.append(f"In {a.title} the client's view is rosier than the supplier's.")
    return Verdict(recommendation, tuple(kos), tuple(warned),
                   () if waiting else tuple(conditions), tuple(reasons), index,
                   tuple(deciding(f)) if waiting else ())
