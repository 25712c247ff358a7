"""The decision rule: walk away, proceed, or proceed under named conditions, with reasons.

Every failed proceed-check becomes a ProceedCondition with one owner, so "proceed with
conditions" is always a list someone can work through, never a shrug.
"""
from __future__ import annotations

from questions.schema import DONT_KNOW

from .findings import Facts, Verdict, knockouts, warnings
from .report import Missing, ProceedCondition, Recommendation

_MAX_LOSS_REASONS = 3
_MAX_GAP_REASONS = 5


def _fmt(value: float, threshold: float) -> str:
    """A score rounded for reading, with a decimal where rounding would hide that it missed."""
    text = f"{value:.0f}"
    return f"{value:.1f}" if (value < threshold) != (float(text) < threshold) else text


def _conditions(f: Facts, warned: list) -> list[ProceedCondition]:
    m, at = f.model, f.model.decision.proceed_at
    out: list[ProceedCondition] = []
    by_area: dict[str, float] = {}
    for loss in f.losses:
        by_area[loss.area] = by_area.get(loss.area, 0.0) + loss.points
    if f.readiness is not None and f.readiness < at.readiness:
        worst = max(f.areas, key=lambda a: (by_area.get(a.id, 0.0), a.id))
        out.append(ProceedCondition("readiness", (
            f"Raise readiness from {_fmt(f.readiness, at.readiness)} to at least {at.readiness:g}: most points were "
            f"lost in {worst.title}."), m.areas[worst.id].owner))
    if f.alignment is None:
        out.append(ProceedCondition("alignment", "Both parties answer the shared questions so their "
                                    "views can be compared.", "supplier"))
    elif f.alignment < at.alignment:
        out.append(ProceedCondition("alignment", (
            f"Close the gap between the two views (alignment {_fmt(f.alignment, at.alignment)}, needs {at.alignment:g}): "
            "go through the differing answers together."), "supplier"))
    for a in f.areas:
        owner = m.areas[a.id].owner
        if a.combined is None:
            missing = f" ({', '.join(a.insufficient)} lack answers)" if a.insufficient else ""
            out.append(ProceedCondition(f"area:{a.id}", f"Answer enough of {a.title} to score it{missing}.", owner))
        elif a.combined < at.area:
            out.append(ProceedCondition(f"area:{a.id}", (
                f"Raise {a.title} from {_fmt(a.combined, at.area)} to at least {at.area:g}."), owner))
        if m.decision.high_resistance_blocks_proceed and a.resistance_band == "high" \
                and a.resistance is not None:
            out.append(ProceedCondition(f"resistance:{a.id}", (
                f"Agree how resistance in {a.title} will be reduced, and the consequence if a "
                f"dependency there slips (expected resistance {a.resistance:.0f}, high)."), owner))
    for g in f.gaps:
        out.append(ProceedCondition(f"gap:{g.question}", (
            f"Resolve the different views on \"{g.text}\": the supplier answered "
            f"\"{f.label(g.question, 'supplier')}\", the client \"{f.label(g.question, 'client')}\"."),
            "supplier"))
    if m.decision.warnings_block_proceed:
        for finding, owner in warned:
            code = finding.code + (f":{finding.evidence[0].question}" if finding.code == "behaviour" else "")
            out.append(ProceedCondition(f"warning:{code}", f"Address this before proceeding: {finding.message}", owner))
    k = m.knockouts.owner
    if k and f.value(k.question, k.party) is None:
        out.append(ProceedCondition("owner", "Name the person on the client side who is accountable "
                                    "for the work.", "client"))
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


def deciding(f: Facts) -> list[Missing]:
    """The unanswered questions that would decide the verdict, most decisive first: the
    questions the knock-outs turn on, then every shown scored question by the readiness points
    its answer can move."""
    from .items import shown

    required = f.model.decision.enough_answers.required
    out: dict[tuple[str, str], Missing] = {}
    for qid in required:
        q = f.bank.by_id[qid]
        if any(_given(f, qid, p) for p in q.answered_by):
            continue
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


def _enough(f: Facts, missing: list[Missing]) -> list[str]:
    """Why the answers cannot carry a verdict yet (empty when they can)."""
    rule = f.model.decision.enough_answers
    why = []
    if f.readiness is None:
        why.append("no area has enough answers to be scored")
    elif f.scored_share < rule.min_scored_share:
        why.append(f"{f.scored_share:.0%} of the topics have enough answers to score; a verdict "
                   f"needs {rule.min_scored_share:.0%}")
    open_ko = sorted({m.question for m in missing if m.points >= 100.0},
                     key=lambda q: rule.required.index(q))
    if open_ko:
        why.append("unanswered by either side: " + "; ".join(
            f"\"{f.text(q)}\"" for q in open_ko))
    return why


def decide(f: Facts) -> Verdict:
    """Apply the decision rule to the scores and findings."""
    m = f.model
    walk = m.decision.walk_away_below
    kos = knockouts(f)
    warned, index = warnings(f)
    missing = deciding(f)
    causes = [k.message for k in kos]
    short = _enough(f, missing) if not kos else []
    if not short and f.readiness is not None and f.readiness < walk.readiness:
        causes.append(f"Readiness is {_fmt(f.readiness, walk.readiness)} of 100, below {walk.readiness:g}.")
    if not short and f.alignment is not None and f.alignment < walk.alignment:
        causes.append(f"The two views are far apart: alignment {_fmt(f.alignment, walk.alignment)} of 100, "
                      f"below {walk.alignment:g}.")
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
        head = [f"Proceed only under {len(conditions)} condition{'s' * (len(conditions) != 1)}: "
                f"readiness {f.readiness:.0f}, alignment {f.alignment:.0f} of 100."
                if f.alignment is not None else
                f"Proceed only under {len(conditions)} condition{'s' * (len(conditions) != 1)}: "
                f"readiness {f.readiness:.0f} of 100."]
    else:
        recommendation = "proceed"
        head = [f"Proceed: readiness {f.readiness:.0f} and alignment {f.alignment:.0f} of 100, "
                "no knock-outs, warnings or open gaps."]
    reasons = list(head)
    if f.losses:
        reasons.append("Most points were lost on: " + " ".join(
            _loss_reason(f, loss) for loss in f.losses[:_MAX_LOSS_REASONS]))
    for g in f.gaps[:_MAX_GAP_REASONS]:
        reasons.append(f"On \"{g.text}\" the supplier answered \"{f.label(g.question, 'supplier')}\" "
                       f"and the client \"{f.label(g.question, 'client')}\".")
    reasons.extend(w.message for w, _ in warned)
    for a in f.areas:
        if a.direction == "over-estimator":
            reasons.append(f"In {a.title} the supplier's view is rosier than the client's own.")
        elif a.direction == "under-estimator":
            reasons.append(f"In {a.title} the client's view is rosier than the supplier's.")
    return Verdict(recommendation, tuple(kos), tuple(w for w, _ in warned),
                   tuple(conditions) if recommendation != "not_enough_answers" else (),
                   tuple(reasons), index,
                   tuple(missing) if recommendation == "not_enough_answers" else ())
