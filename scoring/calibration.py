"""How well the verdicts and readiness predicted what happened: pure functions over plain data.

Two questions are asked of the logged outcomes. *Winning*: among deals with a sales outcome of
won, lost or no decision (a deal the supplier walked away from was never tested, so it counts
in the verdict table but not in a win rate). *On-time delivery*: among won deals with a
delivery outcome. Every rate comes with its count and a 95% Wilson interval; Brier score and
ROC AUC are given only from ``MIN_OUTCOMES`` outcomes with ``MIN_EACH`` of each kind, and
refused below that, saying how many there are. Suggestions for the model's thresholds and
weights need the same and come with the evidence behind them; they are offered as a changed
copy of model.yaml, never applied here.

Readiness is not a probability; the Brier score treats readiness / 100 as one, to say how far
off it would be if read that way. The AUC says only how well it ranks deals.
"""
from __future__ import annotations

import difflib
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .model import Model, ModelError, load_model

MIN_OUTCOMES = 30  # outcomes a metric or a suggestion rests on, at the least
MIN_EACH = 10  # of each kind (won and not won; on time and not)
Z95 = 1.959963984540054
BANDS: tuple[tuple[int, int], ...] = ((0, 40), (40, 50), (50, 60), (60, 70), (70, 80), (80, 101))
CUTS = tuple(range(30, 85, 5))  # thresholds a suggestion chooses from
SALES = ("won", "lost", "no_decision", "walked_away")
DELIVERY = ("on_time", "late", "failed")


@dataclass(frozen=True)
class OutcomeData:
    """One entry per reported discovery (None: not available or not logged)."""

    verdict: Sequence[str]
    readiness: np.ndarray  # 0..100, NaN: not available
    areas: dict[str, np.ndarray]  # area id -> combined score 0..100 (NaN: not available)
    sales: Sequence[str | None]
    delivery: Sequence[str | None]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of k successes in n trials (no continuity correction)."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared difference between the predicted probability and what happened (0 or 1)."""
    return float(np.mean((np.asarray(p, float) - np.asarray(y, float)) ** 2))


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """ROC AUC: the chance a random positive scores above a random negative (ties count half),
    from the ranks (Mann-Whitney U)."""
    score, y = np.asarray(score, float), np.asarray(y, bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        raise ValueError("AUC needs both kinds of outcome")
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    start = 0
    while start < len(score):  # average rank over ties
        end = start
        while end + 1 < len(score) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2.0 + 1.0
        start = end + 1
    return float((ranks[y].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def _rate(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"count": n, "yes": k, "rate": None if n == 0 else k / n, "interval95": [lo, hi]}


def _targets(data: OutcomeData) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(which discoveries count, whether it happened) for winning and for on-time delivery."""
    sales = np.array([s or "" for s in data.sales], dtype=object)
    delivery = np.array([d or "" for d in data.delivery], dtype=object)
    known = ~np.isnan(data.readiness)
    decided = known & np.isin(sales, ["won", "lost", "no_decision"])
    delivered = known & (sales == "won") & np.isin(delivery, list(DELIVERY))
    return {"winning": (decided, sales == "won"), "on_time": (delivered, delivery == "on_time")}


def _enough(mask: np.ndarray, y: np.ndarray) -> str | None:
    """Why there is not enough to go on (None when there is)."""
    n, k = int(mask.sum()), int((mask & y).sum())
    if n < MIN_OUTCOMES or min(k, n - k) < MIN_EACH:
        return (f"needs at least {MIN_OUTCOMES} outcomes with at least {MIN_EACH} of each kind; "
                f"there are {n} ({k} yes, {n - k} no)")
    return None


def _youden(readiness: np.ndarray, y: np.ndarray, cut: float) -> float:
    """Sensitivity + specificity - 1 of "readiness >= cut" as a forecast of y."""
    said = readiness >= cut
    return float((said & y).sum() / max(y.sum(), 1) + (~said & ~y).sum() / max((~y).sum(), 1) - 1.0)


def _split(readiness: np.ndarray, y: np.ndarray, cut: float) -> dict[str, Any]:
    below, above = readiness < cut, readiness >= cut
    return {"below": _rate(int((below & y).sum()), int(below.sum())),
            "at_or_above": _rate(int((above & y).sum()), int(above.sum()))}


def _threshold(setting: str, now: float, readiness: np.ndarray, y: np.ndarray, what: str,
               floor: float = 0.0) -> dict[str, Any] | None:
    """The cut-off that best separates y by readiness, when it clearly beats the current one."""
    cuts = [c for c in CUTS if c >= floor]
    if not cuts:
        return None
    scores = {c: _youden(readiness, y, c) for c in cuts}
    best = max(cuts, key=lambda c: (round(scores[c], 9), -abs(c - now)))
    current = _youden(readiness, y, now)
    split = _split(readiness, y, best)
    apart = split["below"]["interval95"][1] < split["at_or_above"]["interval95"][0]
    if best == now or scores[best] - current < 0.05 or not apart:
        return None
    return {"setting": setting, "now": now, "suggested": float(best),
            "why": (f"readiness {best} separates {what} better than {now:g}: sensitivity plus "
                    f"specificity - 1 is {scores[best]:.2f} against {current:.2f}, and the rates "
                    "below and above it have 95% intervals that do not overlap"),
            "evidence": {"at_suggested": split, "at_current": _split(readiness, y, now),
                         "outcomes": int(len(y))}}


def weighted_readiness(areas: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Readiness from the areas' scores under ``weights``, renormalised over the areas with a
    score (as scoring does)."""
    first = next(iter(areas.values()), np.zeros(0))
    total, acc = np.zeros(first.shape), np.zeros(first.shape)
    for area, score in areas.items():
        has = ~np.isnan(score)
        total = total + np.where(has, weights[area], 0.0)
        acc = acc + np.where(has, weights[area] * np.where(has, score, 0.0), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, acc / total, np.nan)


def _weights(model: Model, data: OutcomeData, mask: np.ndarray, y: np.ndarray) -> dict[str, Any] | None:
    """Weights moved halfway toward how well each area's score separates won from not won,
    suggested when that ranks held-out deals (every other one) clearly better."""
    idx = np.flatnonzero(mask)
    fit, test = idx[0::2], idx[1::2]
    if _enough(np.isin(np.arange(len(y)), fit), y) or _enough(np.isin(np.arange(len(y)), test), y):
        return None
    now = {a: model.areas[a].weight for a in data.areas}
    separation = {}
    for area, score in data.areas.items():
        rows = fit[~np.isnan(score[fit])]
        if len(rows) < MIN_OUTCOMES or len(set(y[rows].tolist())) < 2:
            return None
        separation[area] = auc(score[rows], y[rows])
    total_now = sum(now.values())
    lift = {a: max(s - 0.5, 0.01) for a, s in separation.items()}
    total_lift = sum(lift.values())
    suggested = {a: max(0.01, round(total_now * (0.5 * now[a] / total_now + 0.5 * lift[a] / total_lift), 2))
                 for a in now}
    before = weighted_readiness({a: s[test] for a, s in data.areas.items()}, now)
    after = weighted_readiness({a: s[test] for a, s in data.areas.items()}, suggested)
    known = ~np.isnan(before) & ~np.isnan(after)
    auc_before, auc_after = auc(before[known], y[test][known]), auc(after[known], y[test][known])
    if auc_after - auc_before < 0.02 or all(abs(suggested[a] - now[a]) < 0.005 for a in now):
        return None
    return {"setting": "areas.*.weight", "now": now, "suggested": suggested,
            "why": (f"on the held-out half of the deals ({int(known.sum())}), readiness with these "
                    f"weights ranks won above not-won deals with AUC {auc_after:.2f}, against "
                    f"{auc_before:.2f} with today's"),
            "evidence": {"area_auc": {a: round(v, 3) for a, v in separation.items()},
                         "fitted_on": int(len(fit)), "tested_on": int(known.sum()),
                         "auc_now": auc_before, "auc_suggested": auc_after}}


def calibrate(model: Model, data: OutcomeData) -> dict[str, Any]:
    """The calibration report as plain JSON-ready data (see the module docstring)."""
    verdicts: list[str] = list(model.verdicts)
    sales_table: dict[str, dict[str, int]] = {v: {s: 0 for s in (*SALES, "not_logged")} for v in verdicts}
    delivery_table: dict[str, dict[str, int]] = {v: {d: 0 for d in (*DELIVERY, "not_logged")} for v in verdicts}
    for v, s, d in zip(data.verdict, data.sales, data.delivery):
        sales_table[v][s or "not_logged"] += 1
        if s == "won":
            delivery_table[v][d or "not_logged"] += 1
    targets = _targets(data)
    r = data.readiness
    bands = []
    for lo, hi in BANDS:
        inside = ~np.isnan(r) & (r >= lo) & (r < hi)
        label = f"{lo} to under {hi}" if hi <= 100 else f"{lo} to 100"
        row: dict[str, Any] = {"band": label, "from": lo, "to": min(hi, 100), "discoveries": int(inside.sum())}
        for name, (mask, y) in targets.items():
            row[name] = _rate(int((inside & mask & y).sum()), int((inside & mask).sum()))
        bands.append(row)
    metrics: dict[str, Any] = {}
    suggestions: list[dict[str, Any]] = []
    for name, (mask, y) in targets.items():
        refused = _enough(mask, y)
        if refused:
            metrics[name] = {"outcomes": int(mask.sum()), "refused": refused}
            continue
        p = r[mask] / 100.0
        metrics[name] = {"outcomes": int(mask.sum()), "yes": int((mask & y).sum()),
                         "brier": brier(p, y[mask]), "auc": auc(p, y[mask])}
    walk, proceed = model.decision.walk_away_below, model.decision.proceed_at
    win_mask, won = targets["winning"]
    if "refused" not in metrics["winning"]:
        found = _threshold("decision.walk_away_below.readiness", walk.readiness, r[win_mask], won[win_mask],
                           "won from not-won deals")
        suggestions += [found] if found else []
        weights = _weights(model, data, win_mask, won)
        suggestions += [weights] if weights else []
    on_mask, on_time = targets["on_time"]
    if "refused" not in metrics["on_time"]:
        floor = next((s["suggested"] for s in suggestions if s["setting"].startswith("decision.walk")),
                     walk.readiness)
        found = _threshold("decision.proceed_at.readiness", proceed.readiness, r[on_mask], on_time[on_mask],
                           "on-time deliveries from late or failed ones", floor)
        suggestions += [found] if found else []
    return {"discoveries": len(data.verdict),
            "minimum": {"outcomes": MIN_OUTCOMES, "of_each_kind": MIN_EACH},
            "verdict_vs_sales": sales_table, "verdict_vs_delivery": delivery_table,
            "readiness_bands": bands, "metrics": metrics, "suggestions": suggestions}


def _replace(text: str, pattern: str, value: float) -> str:
    changed, count = re.subn(pattern, lambda m: f"{m.group(1)}{value:g}", text, count=1, flags=re.M)
    if count != 1:
        raise ValueError(f"model.yaml: cannot find {pattern!r}")
    return changed


def model_change(text: str, suggestions: list[dict[str, Any]], name: str = "model.yaml") -> tuple[str, str]:
    """(the model file with the suggestions applied, a unified diff of it); the changed copy is
    checked by loading it, so a download always loads. Comments and layout are kept."""
    changed = text
    for s in suggestions:
        if s["setting"] == "decision.walk_away_below.readiness":
            changed = _replace(changed, r"(walk_away_below:\s*\{[^}]*?readiness:\s*)[0-9.]+", s["suggested"])
        elif s["setting"] == "decision.proceed_at.readiness":
            changed = _replace(changed, r"(proceed_at:\s*\{[^}]*?readiness:\s*)[0-9.]+", s["suggested"])
        elif s["setting"] == "areas.*.weight":
            for area, weight in s["suggested"].items():
                changed = _replace(changed, rf"(^  {re.escape(area)}:\s*\n(?:    .*\n)*?    weight:\s*)[0-9.]+", weight)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(changed, encoding="utf-8")
        try:
            load_model(path)
        except ModelError as exc:
            raise ValueError(f"the suggested model does not load: {exc}") from None
    diff = "".join(difflib.unified_diff(text.splitlines(True), changed.splitlines(True),
                                        f"a/scoring/{name}", f"b/scoring/{name}"))
    return changed, diff
