"""The calibration numbers: hand-computed small cases, and scikit-learn's and scipy's metrics on
generated data; the refusals below the minimum; suggestions offered as a model file that loads."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import MODEL_PATH, load_model
from scoring.calibration import (MIN_EACH, MIN_OUTCOMES, OutcomeData, auc, brier, calibrate,
                                 model_change, weighted_readiness, wilson)

MODEL = load_model()
AREAS = list(MODEL.areas)


def test_wilson_by_hand():
    # 5 of 10: centre 0.5, half-width 1.96 * sqrt(0.025 + 1.96^2/400) / (1 + 1.96^2/10)
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)


def test_brier_and_auc_by_hand():
    assert brier(np.array([0.1, 0.9]), np.array([0, 1])) == pytest.approx(0.01)
    assert brier(np.array([0.5, 0.5, 0.5]), np.array([0, 1, 1])) == pytest.approx(0.25)
    assert auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])) == pytest.approx(0.75)
    assert auc(np.array([0.5, 0.5]), np.array([0, 1])) == pytest.approx(0.5)  # a tie counts half
    with pytest.raises(ValueError):
        auc(np.array([0.2, 0.3]), np.array([1, 1]))


@given(st.integers(0, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy(kn):
    from scipy.stats import binomtest
    k, n = kn
    if n == 0:
        return
    expected = binomtest(k, n).proportion_ci(method="wilson")
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(expected.low, abs=1e-9) and hi == pytest.approx(expected.high, abs=1e-9)


@given(st.integers(0, 2**32 - 1), st.integers(2, 300), st.sampled_from([1, 5, 101]))
def test_brier_and_auc_match_scikit_learn(seed, n, levels):
    """On generated data with ties (few distinct scores) and without."""
    from sklearn.metrics import brier_score_loss, roc_auc_score
    rng = np.random.default_rng(seed)
    score = rng.integers(0, levels, n) / max(levels - 1, 1) if levels > 1 else np.full(n, 0.3)
    y = rng.random(n) < score * 0.8 + 0.1
    assert brier(score, y) == pytest.approx(brier_score_loss(y, score), abs=1e-12)
    if y.all() or not y.any():
        return
    assert auc(score, y) == pytest.approx(roc_auc_score(y, score), abs=1e-12)


def generated(n: int, seed: int = 1, signal: float = 1.0) -> OutcomeData:
    """Deals whose chance of being won and delivered on time rises with readiness (by
    ``signal``); one area ("investment") carries most of it."""
    rng = np.random.default_rng(seed)
    areas = {a: rng.uniform(20, 95, n) for a in AREAS}
    areas["investment"] = rng.uniform(10, 100, n)
    readiness = weighted_readiness(areas, {a: MODEL.areas[a].weight for a in AREAS})
    chance = 1 / (1 + np.exp(-signal * (areas["investment"] - 55) / 8))
    won = rng.random(n) < chance
    sales = np.where(won, "won", np.where(rng.random(n) < 0.5, "lost", "no_decision")).astype(object)
    sales[rng.random(n) < 0.05] = "walked_away"
    sales[rng.random(n) < 0.1] = None
    on_time = rng.random(n) < chance
    delivery = np.where(sales == "won", np.where(on_time, "on_time", "late"), None).astype(object)
    verdict = np.where(readiness >= 70, "proceed", np.where(readiness < 50, "walk_away",
                                                            "proceed_with_conditions"))
    return OutcomeData(list(verdict), readiness, areas, list(sales), list(delivery))


def test_counts_intervals_and_metrics_on_generated_data():
    from sklearn.metrics import brier_score_loss, roc_auc_score
    data = generated(2000)
    out = calibrate(MODEL, data)
    sales = np.array([s or "" for s in data.sales])
    assert sum(sum(row.values()) for row in out["verdict_vs_sales"].values()) == 2000
    assert out["verdict_vs_sales"]["proceed"]["won"] == int(((np.array(data.verdict) == "proceed")
                                                             & (sales == "won")).sum())
    decided = np.isin(sales, ["won", "lost", "no_decision"])
    won = sales == "won"
    band = out["readiness_bands"][4]  # 70 to under 80
    inside = decided & (data.readiness >= 70) & (data.readiness < 80)
    assert band["winning"]["count"] == int(inside.sum()) and band["winning"]["yes"] == int((inside & won).sum())
    assert band["winning"]["interval95"] == list(wilson(int((inside & won).sum()), int(inside.sum())))
    m = out["metrics"]["winning"]
    assert m["outcomes"] == int(decided.sum())
    assert m["brier"] == pytest.approx(brier_score_loss(won[decided], data.readiness[decided] / 100))
    assert m["auc"] == pytest.approx(roc_auc_score(won[decided], data.readiness[decided]))


def test_too_few_outcomes_are_refused_not_claimed():
    data = generated(MIN_OUTCOMES + 5)
    few = OutcomeData(data.verdict, data.readiness, data.areas,
                      [s if i < MIN_OUTCOMES - 1 else None for i, s in enumerate(data.sales)], data.delivery)
    out = calibrate(MODEL, few)
    assert "refused" in out["metrics"]["winning"] and "brier" not in out["metrics"]["winning"]
    assert f"at least {MIN_OUTCOMES} outcomes" in out["metrics"]["winning"]["refused"]
    assert out["suggestions"] == []
    # enough outcomes but too few of one kind: refused too
    lopsided = OutcomeData(data.verdict, data.readiness, data.areas,
                           ["won"] * (len(data.sales) - MIN_EACH + 1) + ["lost"] * (MIN_EACH - 1), data.delivery)
    assert "refused" in calibrate(MODEL, lopsided)["metrics"]["winning"]


def test_suggestions_come_with_evidence_and_a_model_file_that_loads(tmp_path):
    out = calibrate(MODEL, generated(3000, seed=3, signal=2.0))
    settings = {s["setting"] for s in out["suggestions"]}
    assert "areas.*.weight" in settings  # investment carries the signal: it should gain weight
    weights = next(s for s in out["suggestions"] if s["setting"] == "areas.*.weight")
    assert weights["suggested"]["investment"] > MODEL.areas["investment"].weight
    assert weights["evidence"]["auc_suggested"] > weights["evidence"]["auc_now"]
    for s in out["suggestions"]:
        assert s["why"] and s["evidence"]
    text = MODEL_PATH.read_text(encoding="utf-8")
    patched, diff = model_change(text, out["suggestions"])
    assert diff.startswith("--- a/scoring/model.yaml")
    assert patched.count("\n#") == text.count("\n#")  # comments kept
    path = tmp_path / "model.yaml"
    path.write_text(patched)
    changed = load_model(path)
    assert math.isclose(changed.areas["investment"].weight, weights["suggested"]["investment"])
    assert MODEL_PATH.read_text(encoding="utf-8") == text  # never applied to the real file


def test_no_signal_no_suggestion():
    out = calibrate(MODEL, generated(3000, seed=5, signal=0.0))
    assert out["suggestions"] == []


def test_thresholds_are_suggested_where_the_outcomes_turn(tmp_path):
    """Deals are won from readiness 62 and delivered on time from 78: the suggested walk-away and
    proceed thresholds move to the nearest cut-offs, with the rates on either side as evidence,
    and the changed model file carries them."""
    rng = np.random.default_rng(4)
    n = 600
    readiness = rng.uniform(20, 100, n)
    areas = {a: readiness.copy() for a in AREAS}
    sales = np.where(readiness >= 62, "won", "lost").astype(object)
    delivery = np.where(sales == "won", np.where(readiness >= 78, "on_time", "late"), None).astype(object)
    verdict = ["proceed_with_conditions"] * n
    out = calibrate(MODEL, OutcomeData(verdict, readiness, areas, list(sales), list(delivery)))
    found = {s["setting"]: s for s in out["suggestions"]}
    walk, proceed = found["decision.walk_away_below.readiness"], found["decision.proceed_at.readiness"]
    assert walk["now"] == 50 and walk["suggested"] in (60.0, 65.0)
    assert proceed["now"] == 70 and proceed["suggested"] in (75.0, 80.0)
    split = walk["evidence"]["at_suggested"]
    assert split["below"]["rate"] < 0.2 < 0.8 < split["at_or_above"]["rate"]
    assert out["metrics"]["winning"]["auc"] == pytest.approx(1.0)
    patched, diff = model_change(MODEL_PATH.read_text(encoding="utf-8"), out["suggestions"])
    path = tmp_path / "model.yaml"
    path.write_text(patched)
    changed = load_model(path)
    assert changed.decision.walk_away_below.readiness == walk["suggested"]
    assert changed.decision.proceed_at.readiness == proceed["suggested"]
    assert f"+  walk_away_below: {{readiness: {walk['suggested']:g}, alignment: 58}}" in diff
