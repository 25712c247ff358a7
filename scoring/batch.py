"""The verdict and figures of many sessions at once: :func:`scoring.assess.assess` over columns.

Input: :class:`scoring.columns.Columns` (the answers of ``n`` sessions). Output: a
:class:`Batch` of arrays, one value per session: the verdict, readiness, alignment, resistance,
each area's figures, the knock-outs, warnings and proceed checks, and the over-estimation on
mirrored questions. What it must agree with is ``assess``: every rule is the same rule, every
answer-level decision (its score, whether a condition holds for it) is made by the same
function once per distinct answer (:mod:`scoring.columns`), and the sums run in the order
``assess`` adds them, so the figures agree to the last bit and a threshold cannot fall
differently. tests/test_batch.py checks that on the examples and on drawn sessions.
"""
from __future__ import annotations

import numpy as np

from questions.schema import PARTIES, Bank

from .batch_answers import NAN, Counted
from .batch_rules import RECOMMENDATIONS, Batch, blocks_of, decide_many, report_blocks
from .columns import Columns
from .fit import require_fit
from .items import layout
from .model import Model


def _mean(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(sum in order, count) of the non-NaN entries: Python's ``sum`` over what is there."""
    total = np.zeros(parts[0].shape) if parts else np.zeros(0)
    count = np.zeros(total.shape, dtype=np.int64)
    for p in parts:
        has = ~np.isnan(p)
        total = total + np.where(has, p, 0.0)
        count += has
    return total, count


def assess_many(bank: Bank, model: Model, columns: Columns) -> Batch:
    """The verdict and figures of every session in ``columns`` (see the module docstring)."""
    require_fit(model, bank)
    a = Counted(bank, columns)
    n = columns.n
    areas = layout(bank, model.client_owned)
    share = model.min_answered_share
    level: dict[str, np.ndarray] = {}
    sub_scored: list[np.ndarray] = []
    pair_d: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for area in areas:
        sides: dict[str, np.ndarray] = {}
        for party in PARTIES:
            total = np.zeros(n)
            subs = np.zeros(n, dtype=np.int64)
            for sub in area.subs:
                items = sub.items[party]
                if not items:
                    continue
                shown_n = np.zeros(n, dtype=np.int64)
                for q in items:
                    shown_n += a.shown(q.id, party)
                s, got = _mean([np.where(a.shown(q.id, party), a.score(party, q.id), NAN) for q in items])
                ok = (got > 0) & ~(got < share * shown_n)
                total = total + np.where(ok, s / np.maximum(got, 1), 0.0)
                subs += ok
                sides.setdefault("scored:" + sub.id, np.zeros(n, dtype=bool))
                sides["scored:" + sub.id] |= ok
            sides[party] = np.where(subs > 0, total / np.maximum(subs, 1), NAN)
        for sub in area.subs:
            if sub.items["supplier"] or sub.items["client"]:
                sub_scored.append(sides.get("scored:" + sub.id, np.zeros(n, dtype=bool)))
        s, c = sides["supplier"], sides["client"]
        combined = (s + c) / 2.0
        if area.id in model.self_rating.areas:
            ceiling = s + model.self_rating.max_points_above_supplier / 4.0
            combined = np.where(c > ceiling, (s + ceiling) / 2.0, combined)
        level[area.id] = np.where(np.isnan(s), c, np.where(np.isnan(c), s, combined))
        pair_d[area.id] = []
        for q in area.mirrored:
            ss, cs = a.score("supplier", q.id), a.score("client", q.id)
            pair_d[area.id].append((4.0 * (ss - cs), ~np.isnan(ss) & ~np.isnan(cs)))

    has = [~np.isnan(level[x.id]) for x in areas]
    total_weight = np.zeros(n)
    for x, h in zip(areas, has):
        total_weight = total_weight + np.where(h, model.areas[x.id].weight, 0.0)
    acc = np.zeros(n)
    for x, h in zip(areas, has):
        w = model.areas[x.id].weight / np.where(total_weight > 0, total_weight, 1.0)
        acc = acc + np.where(h, w * np.where(h, level[x.id], 0.0), 0.0)
    any_area = np.any(np.array(has), axis=0) if has else np.zeros(n, dtype=bool)
    readiness = np.where(any_area, 100.0 * acc, NAN)

    all_pairs = [p for x in areas for p in pair_d[x.id]]
    gap_sum, pairs, lean_sum = np.zeros(n), np.zeros(n, dtype=np.int64), np.zeros(n)
    for d, both in all_pairs:
        gap_sum = gap_sum + np.where(both, np.abs(d), 0.0)
        lean_sum = lean_sum + np.where(both, d, 0.0)
        pairs += both
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        alignment = np.where(pairs > 0, 100.0 * (1.0 - gap_sum / (4.0 * pairs)), NAN)
        overestimation = np.where(pairs > 0, lean_sum / pairs, NAN)
    shares = np.zeros(n)
    for got in sub_scored:
        shares = shares + got
    scored_share = shares / len(sub_scored) if sub_scored else np.zeros(n)
    return decide_many(a, bank, model, areas, level, pair_d, readiness, alignment, overestimation,
                       pairs, scored_share)




def questions_read(bank: Bank, model: Model) -> set[str]:
    """The questions the batch path reads: every one but the free-text questions nothing
    tests (free text is never scored; the owner knock-out and conditions may read some)."""
    from questions.schema import referenced_questions

    read = {q.id for q in bank.questions if q.type != "text"}
    for q in bank.questions:
        if q.show_if is not None:
            read |= referenced_questions(q.show_if)
    for w in model.warnings:
        for condition in (w.when, w.resolved_when):
            if condition is not None:
                read |= referenced_questions(condition)
    if model.knockouts.owner:
        read.add(model.knockouts.owner.question)
    return read


_LAYOUTS: dict[tuple[int, int], tuple[Bank, Model, tuple]] = {}


def _layout(bank: Bank, model: Model) -> tuple:
    """The bank's layout for this model, worked out once per pair (lean runs on every save)."""
    key = (id(bank), id(model))
    hit = _LAYOUTS.get(key)
    if hit is None or hit[0] is not bank or hit[1] is not model:
        if len(_LAYOUTS) > 32:
            _LAYOUTS.clear()
        hit = _LAYOUTS[key] = (bank, model, layout(bank, model.client_owned))
    return hit[2]


def lean(bank: Bank, model: Model, scores: dict[str, dict[str, float | None]]) -> tuple[float | None, int]:
    """One session's mean (supplier - client) on the 1-5 scale over the mirrored questions both
    scored, and how many: the batch path's ``overestimation`` and ``pairs``."""
    d = [4.0 * (s - c) for area in _layout(bank, model) for q in area.mirrored
         if (s := scores["supplier"].get(q.id)) is not None and (c := scores["client"].get(q.id)) is not None]
    return (sum(d) / len(d) if d else None), len(d)


__all__ = ["Batch", "RECOMMENDATIONS", "assess_many", "blocks_of", "lean", "questions_read", "report_blocks"]
