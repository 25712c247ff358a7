"""assess(bank, session, model) -> Report: readiness, alignment, resistance and the verdict.

Pure and deterministic. Every number is a mean of item scores, so each can be explained by
the answers behind it, and the points lost split exactly over the items (see ``losses``).
One deliberate change from scoring.md: where the client rates itself more than a point above
the supplier's observation, the client's score is *capped* at one point above the supplier's
instead of the area "taking the lower" of the two. Taking the lower makes the combined score
drop when a client answer improves past the cap; the cap keeps every score monotone in every
answer, and the capped amount is reported as its own loss.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from questions.conditions import visible_answers
from questions.schema import DONT_KNOW, PARTIES, Bank
from questions.session import Session
from questions.words import answer_in_words

from .decide import decide
from .findings import Facts, trust_index  # noqa: F401  (re-exported)
from .items import AreaLayout, item_score, layout, shown
from .fit import require_fit
from .model import Model
from .report import AreaReport, Direction, Evidence, Gap, Loss, Report

_CACHE: dict[tuple[int, int], tuple[Bank, Model, tuple[AreaLayout, ...], dict[str, float]]] = {}


def _prepared(bank: Bank, model: Model) -> tuple[tuple[AreaLayout, ...], dict[str, float]]:
    """Check the model against the bank once per pair; reuse the bank's layout and each
    question's worth in readiness points."""
    key = (id(bank), id(model))
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not bank or hit[1] is not model:
        require_fit(model, bank)
        if len(_CACHE) > 32:
            _CACHE.clear()
        areas = layout(bank, model.client_owned)
        hit = _CACHE[key] = (bank, model, areas, _points(areas, model))
    return hit[2], hit[3]


@dataclass
class _Side:
    """One party's score in one area, and each item's share of its shortfall."""

    score: float | None = None
    shares: list[tuple[str, float]] = field(default_factory=list)  # (question, share of 1)
    insufficient: list[str] = field(default_factory=list)
    scored_subs: set[str] = field(default_factory=set)


def _side(area: AreaLayout, party: str, counted: dict, scores: dict, min_share: float) -> _Side:
    side = _Side()
    sub_means: list[tuple[float, list[tuple[str, float]]]] = []
    for sub in area.subs:
        items = [q for q in sub.items[party] if q.show_if is None or shown(q, counted, party)]
        if not items:
            continue
        got = [(q.id, s) for q in items if (s := scores[party].get(q.id)) is not None]
        if not got or len(got) < min_share * len(items):
            side.insufficient.append(sub.id)
            continue
        sub_means.append((sum(s for _, s in got) / len(got), got))
        side.scored_subs.add(sub.id)
    if sub_means:
        n = len(sub_means)
        side.score = sum(m for m, _ in sub_means) / n
        side.shares = [(qid, (1.0 - s) / (n * len(got))) for _, got in sub_means for qid, s in got]
    return side


def _combine(area_id: str, sup: _Side, cli: _Side, model: Model) -> tuple[float | None, float]:
    """The combined 0..1 score and how much of the client's self-rating was capped (0..1)."""
    s, c = sup.score, cli.score
    if s is None or c is None:
        return (c if s is None else s), 0.0
    if area_id in model.self_rating.areas:
        ceiling = s + model.self_rating.max_points_above_supplier / 4.0
        if c > ceiling:
            return (s + ceiling) / 2.0, c - ceiling
    return (s + c) / 2.0, 0.0


def assess(bank: Bank, session: Session, model: Model, explain: bool = False) -> Report:
    """The verdict, scores and findings of one session, without the asks: what a list of many
    sessions, the asks' own measurement and the search for what would change the verdict need.
    Without ``explain`` the reasons, answer words and quotes are left out (faster)."""
    return evaluate_session(bank, session, model, explain)[0]


def evaluate_session(bank: Bank, session: Session, model: Model,
                     explain: bool = True) -> tuple[Report, Facts]:
    """The report (without asks) and the facts it was decided from."""
    areas, points = _prepared(bank, model)
    counted = visible_answers(bank.by_id, session.answers)
    for party in PARTIES:
        counted.setdefault(party, {})
    scores = {p: {qid: item_score(bank.by_id[qid], v, counted) for qid, v in counted[p].items()}
              for p in PARTIES}
    sides, combined, capped, pairs, conf = {}, {}, {}, {}, {}
    seen_total = answered_total = 0
    for area in areas:
        sup = _side(area, "supplier", counted, scores, model.min_answered_share)
        cli = _side(area, "client", counted, scores, model.min_answered_share)
        sides[area.id] = (sup, cli)
        combined[area.id], capped[area.id] = _combine(area.id, sup, cli, model)
        pairs[area.id] = [(q, 4.0 * (ss - cs)) for q in area.mirrored
                          if (ss := scores["supplier"].get(q.id)) is not None
                          and (cs := scores["client"].get(q.id)) is not None]
        seen = answered = 0
        for q in area.questions:
            for p in q.answered_by:
                if q.show_if is None or shown(q, counted, p):
                    seen += 1
                    v = counted[p].get(q.id)
                    answered += v is not None and v != DONT_KNOW
        conf[area.id] = answered / seen if seen else None
        seen_total += seen
        answered_total += answered

    scored = {a.id: c for a in areas if (c := combined[a.id]) is not None}
    with_data = list(scored)
    total_weight = sum(model.areas[a].weight for a in with_data)
    weight = {a: model.areas[a].weight / total_weight for a in with_data}
    readiness = 100.0 * sum(weight[a] * c for a, c in scored.items()) if scored else None

    losses: list[Loss] = []
    for area in areas:
        if area.id not in weight:
            continue
        sup, cli = sides[area.id]
        both = sup.score is not None and cli.score is not None
        factor = 100.0 * weight[area.id] * (0.5 if both else 1.0)
        for party, side in (("supplier", sup), ("client", cli)):
            for qid, share in side.shares:
                if share > 0:
                    label = answer_in_words(bank.by_id[qid], counted[party][qid]) if explain else ""
                    losses.append(Loss(qid, area.id, factor * share, party, label=label))
        if capped[area.id] > 0:
            losses.append(Loss(area.id, area.id, factor * capped[area.id], "client", "self_rating_cap",
                               "the client's self-rating counted at most "
                               f"{model.self_rating.max_points_above_supplier:g} point above the supplier's view"))
    losses.sort(key=lambda loss: (-loss.points, loss.area, loss.question, loss.party))

    all_pairs = [d for a in areas for _, d in pairs[a.id]]
    alignment = 100.0 * (1.0 - sum(abs(d) for d in all_pairs) / (4.0 * len(all_pairs))) if all_pairs else None
    tendency = [s for ref in model.resistance.tendency
                if (s := scores[ref.party].get(ref.question)) is not None]
    propensity = 1.0 - sum(tendency) / len(tendency) if tendency else None
    rw = model.resistance.weights

    def resist(ready: float | None, gap: float | None) -> float | None:
        """R over the parts that have data, their weights renormalised; None without readiness."""
        if ready is None:
            return None
        parts = [(rw.readiness, 1.0 - ready), (rw.gap, gap), (rw.tendency, propensity)]
        known = [(w, v) for w, v in parts if v is not None]
        total = sum(w for w, _ in known)
        if total <= 0:
            return None
        return max(0.0, min(100.0, 100.0 * sum(w * v for w, v in known) / total))

    gaps: list[Gap] = []
    area_reports: list[AreaReport] = []
    cut = model.alignment.gap_points - 1e-9
    for area in areas:
        sup, cli = sides[area.id]
        items = pairs[area.id]
        align: float | None = None
        direction: Direction | None = None
        mean_gap: float | None = None
        if items:
            mean_gap = sum(abs(d) for _, d in items) / (4.0 * len(items))
            align = 100.0 * (1.0 - mean_gap)
            lean = sum(d for _, d in items) / len(items)
            level = combined[area.id]
            if level is None:
                # items pairs only questions both parties' scores exist for (none is None)
                level = sum(scores[p][q.id] for q, _ in items for p in PARTIES) / (2 * len(items))  # type: ignore[misc]
            if lean > model.alignment.direction_points:
                direction = "over-estimator"
            elif lean < -model.alignment.direction_points:
                direction = "under-estimator"
            else:
                direction = "agree-good" if 100.0 * level >= model.alignment.agree_good_at else "agree-poor"
        for q, d in items:
            if abs(d) >= cut:
                gaps.append(Gap(q.id, area.id, q.wording("supplier"), counted["supplier"][q.id],
                                counted["client"][q.id], d))
        level = combined[area.id]
        r = resist(level, mean_gap)
        pct = lambda x: None if x is None else 100.0 * x  # noqa: E731
        area_reports.append(AreaReport(
            area.id, area.title, model.areas[area.id].weight, pct(sup.score), pct(cli.score),
            pct(level), align, direction, r, None if r is None else model.band(r), conf[area.id],
            tuple(dict.fromkeys(sup.insufficient + cli.insufficient))))
    gaps.sort(key=lambda g: (-abs(g.difference), g.area, g.question))
    resistance = resist(None if readiness is None else readiness / 100.0,
                        None if alignment is None else 1.0 - alignment / 100.0)
    quotes = () if not explain else tuple(Evidence(q.id, p, counted[p][q.id], str(counted[p][q.id]))
                   for q in bank.questions if q.type == "text" for p in q.answered_by
                   if isinstance(counted[p].get(q.id), str) and counted[p][q.id].strip()
                   and counted[p][q.id] != DONT_KNOW and q.visibility == "shared")
    facts = Facts(bank, session, model, counted, scores, tuple(area_reports), tuple(gaps),
                  readiness, alignment, tuple(losses), scored_share=_scored_share(areas, sides),
                  points=points)
    verdict = decide(facts, explain)
    report = Report(
        recommendation=verdict.recommendation, readiness=readiness, alignment=alignment,
        resistance=resistance, resistance_band=None if resistance is None else model.band(resistance),
        areas=tuple(area_reports), gaps=tuple(gaps), knockouts=verdict.knockouts,
        warnings=verdict.warnings, conditions=verdict.conditions, reasons=verdict.reasons,
        losses=tuple(losses), trust_index=verdict.trust_index,
        confidence=answered_total / seen_total if seen_total else None, quotes=quotes,
        deciding=verdict.deciding)
    return report, facts


def _scored_share(areas: tuple[AreaLayout, ...], sides: dict) -> float:
    """The share of the bank's sub-dimensions (with scored items) that either party scored."""
    total = scored = 0
    for area in areas:
        sup, cli = sides[area.id]
        for sub in area.subs:
            if not (sub.items["supplier"] or sub.items["client"]):
                continue
            total += 1
            scored += sub.id in sup.scored_subs or sub.id in cli.scored_subs
    return scored / total if total else 0.0


def _points(areas: tuple[AreaLayout, ...], model: Model) -> dict[str, float]:
    """Readiness points one answer to each scored question can move at most, for ranking the
    unanswered questions: its area's share of the model weights, split over the area's
    sub-dimensions, their items, and the two parties where both answer."""
    total = sum(model.areas[a.id].weight for a in areas) or 1.0
    out: dict[str, float] = {}
    for area in areas:
        subs = [s for s in area.subs if s.items["supplier"] or s.items["client"]]
        for sub in subs:
            sides = [p for p in PARTIES if sub.items[p]]
            for party in sides:
                for q in sub.items[party]:
                    value = 100.0 * model.areas[area.id].weight / total / len(subs) \
                        / len(sub.items[party]) / len(sides)
                    out[q.id] = max(out.get(q.id, 0.0), value)
    return out
