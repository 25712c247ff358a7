"""The decision rule of :mod:`scoring.decide` and the findings of :mod:`scoring.findings`, for
many sessions at once (called by :func:`scoring.batch.assess_many`): resistance, knock-outs,
warnings, whether the answers can carry a verdict, the proceed checks and the verdict."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from questions.schema import DONT_KNOW, PARTIES, Bank

from .batch_answers import NAN, Counted
from .items import AreaLayout
from .model import Model
from .report import Report

RECOMMENDATIONS: tuple[str, ...] = ("proceed", "proceed_with_conditions", "walk_away", "not_enough_answers")


@dataclass(frozen=True)
class Batch:
    """Per-session results (arrays of length n; NaN where ``assess`` says None)."""

    verdict: np.ndarray  # int8 index into RECOMMENDATIONS
    readiness: np.ndarray
    alignment: np.ndarray
    resistance: np.ndarray
    overestimation: np.ndarray  # mean (supplier - client) on the 1-5 scale over mirrored pairs
    pairs: np.ndarray  # how many mirrored questions both parties answered with a score
    area_ids: tuple[str, ...]
    area_score: np.ndarray  # (areas, n) combined 0..100
    area_alignment: np.ndarray
    area_resistance: np.ndarray
    knockouts: dict[str, np.ndarray]  # code -> fired
    warnings: dict[str, np.ndarray]  # code -> fired and not resolved
    conditions: dict[str, np.ndarray]  # proceed-check code ("area:goals", ...) -> failing

    def recommendation(self, i: int) -> str:
        return RECOMMENDATIONS[int(self.verdict[i])]


def blocks_of(verdict: str, knockouts: list[str], conditions: list[str],
              goals_area: str | None) -> tuple[list[str], list[str]]:
    """(areas, asks) that stand between a decided deal and proceeding: the areas of failing
    area, resistance and gap checks (and of the different-goals knock-out), and the knock-outs
    and open warnings to lift. Nothing for "proceed" or "not enough answers yet"."""
    if verdict not in ("walk_away", "proceed_with_conditions"):
        return [], []
    areas = [c.split(":", 1)[1] for c in conditions if c.split(":", 1)[0] in ("area", "resistance", "gap")]
    if goals_area and "goals_alignment" in knockouts:
        areas.append(goals_area)
    asks = [f"knockout:{k}" for k in knockouts] + [c for c in conditions if c.startswith("warning:")]
    return list(dict.fromkeys(areas)), list(dict.fromkeys(asks))


def report_blocks(report: Report, model: Model) -> tuple[list[str], list[str]]:
    goals = model.knockouts.goals_alignment
    return blocks_of(report.recommendation, [k.code for k in report.knockouts],
                     [c.code for c in report.conditions], goals.area if goals else None)


def _resist(model: Model, ready: np.ndarray, gap: np.ndarray, propensity: np.ndarray) -> np.ndarray:
    """R over the parts that have data, weights renormalised; NaN without readiness (``resist``)."""
    rw = model.resistance.weights
    parts = [(rw.readiness, 1.0 - ready), (rw.gap, gap), (rw.tendency, propensity)]
    total, acc = np.zeros(ready.shape), np.zeros(ready.shape)
    for w, v in parts:
        known = ~np.isnan(v)
        total = total + np.where(known, w, 0.0)
        acc = acc + np.where(known, w * np.where(known, v, 0.0), 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.maximum(0.0, np.minimum(100.0, 100.0 * acc / total))
    return np.where(np.isnan(ready) | ~(total > 0), NAN, r)


def _iso_day(value: Any) -> float:
    if not isinstance(value, str) or value == DONT_KNOW:
        return NAN
    try:
        return float((dt.date.fromisoformat(value) - dt.date(1970, 1, 1)).days)
    except ValueError:
        return NAN


def _knockouts(a: Counted, model: Model, area_alignment: dict[str, np.ndarray],
               pair_count: dict[str, np.ndarray], deal_days: np.ndarray) -> dict[str, np.ndarray]:
    k, n, out = model.knockouts, a.n, {}
    if k.hours:
        c = a.number(k.hours.committed.party, k.hours.committed.question)
        r = a.number(k.hours.required.party, k.hours.required.question)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out["hours"] = ~np.isnan(c) & ~np.isnan(r) & (r > 0) & (c / r < k.hours.min_ratio)
    if k.owner:
        words = {w.strip().lower() for w in k.owner.no_owner_words}
        out["owner"] = a.value(k.owner.party, k.owner.question, "no_owner", lambda v: v == DONT_KNOW or (
            isinstance(v, str) and v.strip().lower() in words), False, bool)
    if k.iron_triangle:
        it = k.iron_triangle
        budget, price = a.number(it.budget.party, it.budget.question), a.number(it.min_price.party, it.min_price.question)
        weeks_needed = a.number(it.min_weeks.party, it.min_weeks.question)
        target = a.value(it.target_date.party, it.target_date.question, "day", _iso_day, NAN, float)
        corners = set(it.corners)
        locked = a.value(it.flex.party, it.flex.question, "locked",
                         lambda v: isinstance(v, list) and not set(v) & corners, False, bool)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            weeks = (target - deal_days) / 7.0
            known = ~np.isnan(budget) & (price > 0) & (weeks_needed > 0) & ~np.isnan(target) & ~np.isnan(deal_days)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out["iron_triangle"] = known & locked & ~(budget / price >= it.max_ratio) \
                & ~(weeks / weeks_needed >= it.max_ratio)
    for code in ("decision_maker", "consequences"):
        rule = getattr(k, code)
        if rule:
            out[code] = a.value(rule.party, rule.question, f"in:{code}", lambda v, r=rule: v in r.values,
                                False, bool)
    if k.goals_alignment:
        g = k.goals_alignment
        mirrored = [q for q in a.bank.in_area(g.area) if q.mirrored and q.scored]
        count = pair_count.get(g.area, np.zeros(n, dtype=np.int64))
        align = area_alignment.get(g.area, np.full(n, NAN))
        out["goals_alignment"] = ~np.isnan(align) & (align < g.below) \
            & ~(count < model.min_answered_share * len(mirrored))
    return out


def _trust(a: Counted, model: Model) -> np.ndarray:
    t = model.trust
    if t is None:
        return np.zeros(a.n, dtype=bool)
    whole = lambda v: float(v) if isinstance(v, int) and not isinstance(v, bool) else NAN  # noqa: E731
    raw = [a.value(t.party, q, "whole", whole, NAN, float)
           for q in (t.credibility, t.reliability, t.intimacy, t.self_orientation)]
    c, r, i, s = raw
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = (c + r + i) / (3.0 * s)
        index = np.maximum(0.0, np.minimum(100.0, 100.0 * (np.log(ratio) + math.log(5)) / (2 * math.log(5))))
    low = np.zeros(a.n, dtype=bool)
    for v in (c, r, i):
        low |= ~np.isnan(v) & (v <= t.low_factor)
    return (~np.isnan(index) & (index < t.low_index)) | low


def _scale_mean(a: Counted, qid: str) -> np.ndarray:
    parts = [1.0 + 4.0 * a.score(p, qid) for p in PARTIES]  # on_scale, for arrays
    total, count = np.zeros(a.n), np.zeros(a.n, dtype=np.int64)
    for p in parts:
        has = ~np.isnan(p)
        total = total + np.where(has, p, 0.0)
        count += has
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(count > 0, total / count, NAN)


def _warnings(a: Counted, bank: Bank, model: Model) -> dict[str, np.ndarray]:
    """Each warning that fires and is not resolved."""
    out = {}
    for rule in model.warnings:
        if rule.kind == "trust":
            fires = _trust(a, model)
        elif rule.kind == "one_way_need":
            assert rule.supplier_need and rule.client_need and rule.min_points
            sm, cm = _scale_mean(a, rule.supplier_need), _scale_mean(a, rule.client_need)
            fires = ~np.isnan(sm) & ~np.isnan(cm) & ~(np.abs(sm - cm) < rule.min_points - 1e-9)
        else:
            assert rule.when is not None
            said = np.zeros(a.n, dtype=bool)
            for qid in model.warning_questions[rule.code]:
                for party in bank.by_id[qid].answered_by:
                    said |= a.counted(party, qid)
            fires = a.holds(rule.when, "supplier") & said
        resolved = a.holds(rule.resolved_when, "supplier") if rule.resolved_when is not None \
            else np.zeros(a.n, dtype=bool)
        out[rule.code] = fires & ~resolved
    return out


def decide_many(a: Counted, bank: Bank, model: Model, areas: tuple[AreaLayout, ...],
                level: dict[str, np.ndarray], pair_d: dict[str, list[tuple[np.ndarray, np.ndarray]]],
                readiness: np.ndarray, alignment: np.ndarray, overestimation: np.ndarray,
                pairs: np.ndarray, scored_share: np.ndarray) -> Batch:
    n = a.n
    tendency = [a.score(ref.party, ref.question) for ref in model.resistance.tendency]
    t_sum, t_count = np.zeros(n), np.zeros(n, dtype=np.int64)
    for s in tendency:
        has = ~np.isnan(s)
        t_sum, t_count = t_sum + np.where(has, s, 0.0), t_count + has
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        propensity = np.where(t_count > 0, 1.0 - t_sum / t_count, NAN)
    at, walk = model.decision.proceed_at, model.decision.walk_away_below
    cut = model.alignment.gap_points - 1e-9
    conditions: dict[str, np.ndarray] = {
        "readiness": ~np.isnan(readiness) & (readiness < at.readiness),
        "alignment": np.isnan(alignment) | (alignment < at.alignment)}
    area_alignment, area_resistance, pair_count = {}, {}, {}
    for area in areas:
        gap_sum, count = np.zeros(n), np.zeros(n, dtype=np.int64)
        gap = np.zeros(n, dtype=bool)
        for d, both in pair_d[area.id]:
            gap_sum = gap_sum + np.where(both, np.abs(d), 0.0)
            count += both
            gap |= both & (np.abs(d) >= cut)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            mean_gap = np.where(count > 0, gap_sum / (4.0 * count), NAN)
        area_alignment[area.id] = 100.0 * (1.0 - mean_gap)
        pair_count[area.id] = count
        r = _resist(model, level[area.id], mean_gap, propensity)
        area_resistance[area.id] = r
        pct = 100.0 * level[area.id]
        conditions[f"area:{area.id}"] = ~np.isnan(pct) & (pct < at.area)
        if model.decision.high_resistance_blocks_proceed:
            conditions[f"resistance:{area.id}"] = ~np.isnan(r) & (r >= model.resistance.bands.high)
        conditions[f"gap:{area.id}"] = gap
    open_warnings = _warnings(a, bank, model)
    if model.decision.warnings_block_proceed:
        conditions.update({f"warning:{code}": fired for code, fired in open_warnings.items()})
    knockouts = _knockouts(a, model, area_alignment, pair_count, a.c.deal_days)
    any_ko = np.zeros(n, dtype=bool)
    for fired in knockouts.values():
        any_ko |= fired
    rule = model.decision.enough_answers
    short = np.isnan(readiness) | (scored_share < rule.min_scored_share)
    for qid in rule.required:
        answered = np.zeros(n, dtype=bool)
        for party in bank.by_id[qid].answered_by:
            answered |= a.given(party, qid)
        short |= ~answered
    short &= ~any_ko
    walk_away = any_ko | (~short & ~np.isnan(readiness) & (readiness < walk.readiness)) \
        | (~short & ~np.isnan(alignment) & (alignment < walk.alignment))
    failing = np.zeros(n, dtype=bool)
    for fails in conditions.values():
        failing |= fails
    index = {r: i for i, r in enumerate(RECOMMENDATIONS)}
    verdict = np.where(walk_away, index["walk_away"], np.where(
        short, index["not_enough_answers"], np.where(failing, index["proceed_with_conditions"],
                                                     index["proceed"]))).astype(np.int8)
    ready = readiness / 100.0
    resistance = _resist(model, ready, 1.0 - alignment / 100.0, propensity)
    return Batch(verdict, readiness, alignment, resistance, overestimation, pairs,
                 tuple(x.id for x in areas), np.array([100.0 * level[x.id] for x in areas]).reshape(len(areas), n),
                 np.array([area_alignment[x.id] for x in areas]).reshape(len(areas), n),
                 np.array([area_resistance[x.id] for x in areas]).reshape(len(areas), n),
                 knockouts, open_warnings, conditions)
