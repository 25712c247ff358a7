"""Unit tests of each scoring formula on small synthetic banks built here, so every expected
number can be worked out by hand from scoring.md."""
from __future__ import annotations

import math
from typing import Any

import pytest

from questions.schema import Bank
from questions.session import Session
from scoring import Model, load_model, score, trust_index
from scoring.items import item_score

BASE_MODEL: dict[str, Any] = {
    "areas": {"alpha": {"weight": 0.6, "owner": "client"}, "beta": {"weight": 0.4, "owner": "supplier"}},
    "min_answered_share": 0.5,
    "self_rating": {"areas": ["alpha"], "max_points_above_supplier": 1.0},
    "alignment": {"gap_points": 2, "direction_points": 0.5, "agree_good_at": 50},
    "resistance": {"weights": {"readiness": 0.5, "gap": 0.3, "tendency": 0.2},
                   "bands": {"medium": 33, "high": 60},
                   "tendency": [{"question": "b_resist", "party": "client"}]},
    "decision": {"walk_away_below": {"readiness": 50, "alignment": 58},
                 "proceed_at": {"readiness": 70, "alignment": 75, "area": 50}},
    "verdicts": {v: {"name": v.replace("_", " "), "meaning": "m"}
                 for v in ("proceed", "proceed_with_conditions", "walk_away", "not_enough_answers")},
}


def q(id: str, area: str = "alpha", sub: str = "one", type: str = "likert", parties: str = "both",
      **extra: Any) -> dict:
    text = {p: f"{id}?" for p in (("supplier", "client") if parties == "both" else (parties,))}
    return {"id": id, "area": area, "sub": sub, "type": type, "parties": parties, "text": text,
            "help": "why", **extra}


def make_bank(*questions: dict) -> Bank:
    areas = [{"id": "alpha", "title": "Alpha", "weight": 0.6, "subs": [{"id": "one", "title": "One"},
                                                                         {"id": "two", "title": "Two"}]},
             {"id": "beta", "title": "Beta", "weight": 0.4, "subs": [{"id": "one", "title": "One"}]}]
    return Bank.model_validate({"areas": areas, "questions": list(questions)})


def make_model(**changes: Any) -> Model:
    data = {**BASE_MODEL, **changes}
    return Model.model_validate(data)


RESIST = q("b_resist", area="beta", parties="client", reverse=True)


def session(supplier: dict | None = None, client: dict | None = None) -> Session:
    return Session(deal={"name": "d", "date": "2026-11-23"},
                   answers={"supplier": supplier or {}, "client": client or {}})


@pytest.mark.parametrize("question, value, expected", [
    (q("x"), 1, 0.0), (q("x"), 4, 0.75), (q("x"), 5, 1.0),
    (q("x", reverse=True), 1, 1.0), (q("x", reverse=True), 4, 0.25),
    (q("x", type="frequency"), 3, 0.5),
    (q("x", dont_know=True), "dont_know", None),
    (q("x", type="text", parties="client"), "anything", None),
])
def test_scale_item_scores(question: dict, value: Any, expected: float | None) -> None:
    bank = make_bank(question)
    assert item_score(bank.by_id["x"], value, {}) == expected


OPTS = [{"id": "a", "label": "A", "score": 1.0}, {"id": "b", "label": "B", "score": 0.5},
        {"id": "c", "label": "C", "score": 0.0}]


@pytest.mark.parametrize("combine, value, expected", [
    ("mean", ["a", "b"], 0.75), ("min", ["a", "b"], 0.5), ("max", ["b", "c"], 0.5),
    ("sum", ["a", "b"], 1.0), ("sum", ["b", "c"], 0.5), ("mean", [], None),
])
def test_multi_combines_option_scores(combine: str, value: list, expected: float | None) -> None:
    bank = make_bank(q("x", type="multi", options=OPTS, combine=combine))
    assert item_score(bank.by_id["x"], value, {}) == expected


def test_choice_bands_and_ratio_scores() -> None:
    bank = make_bank(
        q("ch", type="choice", options=OPTS),
        q("band", type="number", parties="client",
          scoring={"bands": [{"at_least": 0, "score": 0.2}, {"at_least": 10, "score": 0.6},
                             {"at_least": 20, "score": 1.0}]}),
        q("need", type="number", parties="supplier"),
        q("give", type="number", parties="client",
          scoring={"ratio_to": {"question": "need", "party": "supplier"}}))
    by = bank.by_id
    assert item_score(by["ch"], "b", {}) == 0.5
    assert [item_score(by["band"], v, {}) for v in (-1, 0, 9.9, 10, 25)] == [0.0, 0.2, 0.2, 0.6, 1.0]
    assert item_score(by["give"], 3, {"supplier": {"need": 12}}) == 0.25
    assert item_score(by["give"], 30, {"supplier": {"need": 12}}) == 1.0
    assert item_score(by["give"], 3, {"supplier": {"need": 0}}) == 1.0
    assert item_score(by["give"], 3, {"supplier": {}}) is None


def test_area_is_mean_of_sub_means_not_of_items() -> None:
    bank = make_bank(q("a1", parties="client"), q("b1", sub="two", parties="client"),
                     q("b2", sub="two", parties="client"), q("b3", sub="two", parties="client"), RESIST)
    report = score(bank, session(client={"a1": 5, "b1": 1, "b2": 1, "b3": 1}), make_model())
    assert report.area("alpha").client == pytest.approx(50.0)  # the item mean would be 25
    assert report.area("alpha").supplier is None


def test_sub_dimension_needs_half_its_items() -> None:
    bank = make_bank(*(q(f"a{i}", parties="client") for i in range(4)), q("b1", sub="two", parties="client"),
                     RESIST)
    thin = score(bank, session(client={"a0": 5, "b1": 3}), make_model())
    assert thin.area("alpha").insufficient == ("one",)
    assert thin.area("alpha").client == pytest.approx(50.0)
    enough = score(bank, session(client={"a0": 5, "a1": 5, "b1": 3}), make_model())
    assert enough.area("alpha").insufficient == ()
    assert enough.area("alpha").client == pytest.approx(75.0)


def test_dont_know_lowers_confidence_not_score() -> None:
    bank = make_bank(q("a1", parties="client"), q("a2", parties="client", dont_know=True), RESIST)
    known = score(bank, session(client={"a1": 5}), make_model())
    unsure = score(bank, session(client={"a1": 5, "a2": "dont_know"}), make_model())
    full = score(bank, session(client={"a1": 5, "a2": 5}), make_model())
    assert unsure.area("alpha").client == known.area("alpha").client == 100.0
    assert unsure.area("alpha").confidence == known.area("alpha").confidence == 0.5
    assert full.area("alpha").confidence == 1.0


def test_hidden_follow_up_is_not_scored() -> None:
    bank = make_bank(q("a1", parties="client"),
                     q("a2", parties="client", show_if={"question": "a1", "op": "lte", "value": 2}), RESIST)
    shown = score(bank, session(client={"a1": 2, "a2": 1}), make_model())
    hidden = score(bank, session(client={"a1": 4, "a2": 1}), make_model())
    assert shown.area("alpha").client == pytest.approx(12.5)
    assert hidden.area("alpha").client == pytest.approx(75.0)


@pytest.mark.parametrize("area, expected", [("alpha", (0.25 + 0.5) / 2), ("beta", (0.25 + 1.0) / 2)])
def test_client_self_rating_is_capped_one_point_above_supplier(area: str, expected: float) -> None:
    bank = make_bank(q("x", area=area), RESIST)
    report = score(bank, session({"x": 2}, {"x": 5}), make_model())
    assert report.area(area).combined == pytest.approx(100 * expected)
    caps = [loss for loss in report.losses if loss.kind == "self_rating_cap"]
    assert bool(caps) == (area == "alpha")


def test_readiness_weights_renormalise_over_areas_with_data() -> None:
    bank = make_bank(q("x"), q("y", area="beta"), RESIST)
    only_alpha = score(bank, session({"x": 4}, {"x": 4}), make_model())
    assert only_alpha.readiness == pytest.approx(75.0)
    both = score(bank, session({"x": 4, "y": 2}, {"x": 4, "y": 2}), make_model())
    assert both.readiness == pytest.approx(0.6 * 75 + 0.4 * 25)


def test_losses_follow_the_formula_and_sum_to_the_shortfall() -> None:
    bank = make_bank(q("a1"), q("a2"), q("b1", sub="two"), q("y", area="beta"), RESIST)
    report = score(bank, session({"a1": 5, "a2": 3, "b1": 4, "y": 1}, {"a1": 4, "a2": 3, "b1": 4, "y": 2}),
                   make_model())
    loss = {(x.question, x.party): x.points for x in report.losses}
    # alpha: weight 0.6, both parties (x 0.5), sub 'one' has 2 of the area's 2 subs
    assert loss[("a2", "supplier")] == pytest.approx(100 * 0.6 * 0.5 * 0.5 / (2 * 2))
    assert loss[("y", "client")] == pytest.approx(100 * 0.4 * 0.5 * 0.75 / 1)
    assert ("a1", "supplier") not in loss
    assert math.isclose(sum(loss.values()), 100 - report.readiness, abs_tol=1e-9)


def test_alignment_gap_and_direction() -> None:
    bank = make_bank(q("x"), q("z", sub="two"), RESIST)
    report = score(bank, session({"x": 5, "z": 4}, {"x": 2, "z": 4}), make_model())
    alpha = report.area("alpha")
    assert alpha.alignment == pytest.approx(100 * (1 - 1.5 / 4))
    assert alpha.direction == "over-estimator"
    assert [(g.question, g.supplier, g.client, g.difference) for g in report.gaps] == [("x", 5, 2, 3.0)]
    swapped = score(bank, session({"x": 2, "z": 4}, {"x": 5, "z": 4}), make_model())
    assert swapped.area("alpha").direction == "under-estimator"
    assert swapped.alignment == report.alignment


@pytest.mark.parametrize("value, label", [(4, "agree-good"), (2, "agree-poor")])
def test_agreeing_areas_are_labelled_by_level(value: int, label: str) -> None:
    bank = make_bank(q("x"), RESIST)
    assert score(bank, session({"x": value}, {"x": value}), make_model()).area("alpha").direction == label


def test_resistance_formula_and_bands() -> None:
    bank = make_bank(q("x"), RESIST)
    report = score(bank, session({"x": 4}, {"x": 2, "b_resist": 4}), make_model())
    ready, gap, tendency = 0.5, 2 / 4, 1 - 0.25  # combined (0.75+0.25)/2; reverse-keyed 4 -> 0.25
    expected = 100 * (0.5 * (1 - ready) + 0.3 * gap + 0.2 * tendency)
    assert report.area("alpha").resistance == pytest.approx(expected)
    assert report.area("alpha").resistance_band == "medium"
    overall = 0.6 * 0.5 + 0.4 * 0.25  # beta holds only the client's reverse-keyed 4
    assert report.readiness == pytest.approx(100 * overall)
    assert report.resistance == pytest.approx(100 * (0.5 * (1 - overall) + 0.3 * gap + 0.2 * tendency))
    assert report.resistance_band == "high"


@pytest.mark.parametrize("c, r, i, s, expected", [(3, 3, 3, 3, 50.0), (5, 5, 5, 1, 100.0), (1, 1, 1, 5, 0.0),
                                                  (4, 4, 4, 2, 100 * (math.log(2) + math.log(5)) / (2 * math.log(5)))])
def test_trust_index_maps_parity_to_fifty(c: int, r: int, i: int, s: int, expected: float) -> None:
    assert trust_index(c, r, i, s) == pytest.approx(expected)


def test_empty_session_has_no_numbers_and_no_verdict_yet() -> None:
    report = score(make_bank(q("x"), RESIST), session(), make_model())
    assert report.recommendation == "not_enough_answers"
    assert (report.readiness, report.alignment, report.resistance, report.resistance_band) == (
        None, None, None, None)
    assert report.area("alpha").combined is None and report.area("alpha").resistance is None
    assert report.losses == () and report.conditions == ()
    # most decisive first: one answer to b_resist moves 40 points (beta's weight, one item, one
    # party), each party's x 30 (alpha's 0.6 over its one scored sub, shared by two parties)
    assert [(m.question, round(m.points)) for m in report.deciding] == [
        ("b_resist", 40), ("x", 30), ("x", 30)]


def test_good_answers_proceed_and_middling_ones_need_conditions() -> None:
    bank = make_bank(q("x"), q("z", sub="two"), q("y", area="beta"), RESIST)
    good = score(bank, session({"x": 5, "z": 4, "y": 5}, {"x": 5, "z": 4, "y": 4, "b_resist": 1}), make_model())
    assert good.recommendation == "proceed" and good.conditions == ()
    middling = score(bank, session({"x": 4, "z": 4, "y": 2}, {"x": 4, "z": 4, "y": 3, "b_resist": 2}),
                     make_model())
    assert middling.recommendation == "proceed_with_conditions"
    assert {c.code for c in middling.conditions} >= {"readiness", "area:beta"}
    assert next(c for c in middling.conditions if c.code == "area:beta").owner == "supplier"


def test_packaged_model_loads() -> None:
    model = load_model()
    assert math.isclose(sum(a.weight for a in model.areas.values()), 1.0)


def test_scoring_never_imports_streamlit() -> None:
    import subprocess
    import sys
    code = "import sys, scoring, scoring.vector, scoring.__main__; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=__import__("pathlib").Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
