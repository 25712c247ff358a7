"""The example discovery calls score to the verdict their story calls for, and say why in
terms a reader of the session would use; the knock-outs fire on the answers that should fire
them; the command line (its main(), in this process) prints the report or fails with status 2."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from questions import load_session
from questions.session import Session
from scoring import Report, load_model, score, vector
from scoring.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"aligned_partnership": "proceed", "perfect_cheap_now": "walk_away",
            "hard_to_reach_distrust": "proceed_with_conditions", "rosy_supplier": "walk_away",
            "conditions_midway": "proceed_with_conditions",
            "late_payer_keeps_waiting": "proceed_with_conditions",
            "supplier_cannot_say_no": "proceed_with_conditions",
            "signer_withheld": "proceed_with_conditions"}
MODEL = load_model()


def example(bank, name: str) -> Session:
    return load_session((ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"), bank)


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def test_every_example_has_an_expected_verdict(example_path: Path) -> None:
    assert example_path.stem in EXPECTED


@pytest.mark.parametrize("name, verdict", sorted(EXPECTED.items()))
def test_example_verdict(bank, name: str, verdict: str) -> None:
    report = score(bank, example(bank, name), MODEL)
    assert report.recommendation == verdict, report.reasons
    assert report.reasons[0].lower().startswith({"proceed": "proceed:", "walk_away": "walk away",
                                                 "proceed_with_conditions": "proceed with conditions"}[verdict])


def test_aligned_partnership_is_clean(bank) -> None:
    r = score(bank, example(bank, "aligned_partnership"), MODEL)
    assert not r.knockouts and not r.warnings and not r.gaps and not r.conditions
    assert all(a.direction == "agree-good" for a in r.areas)


def test_perfect_cheap_now_names_the_iron_triangle_and_the_hours(bank) -> None:
    s = example(bank, "perfect_cheap_now")
    r = score(bank, s, MODEL)
    assert {"iron_triangle", "hours"} <= codes(r.knockouts)
    hours = next(k for k in r.knockouts if k.code == "hours")
    committed, required = s.answers["client"]["hours_committed"], s.answers["supplier"]["hours_required"]
    assert f"{committed:g} hours" in hours.text and f"{required:g} hours" in hours.text
    assert {(e.question, e.party) for e in hours.evidence} >= {("hours_committed", "client"),
                                                              ("hours_required", "supplier")}
    triangle = next(k for k in r.knockouts if k.code == "iron_triangle")
    assert {e.question for e in triangle.evidence} >= {"flex_corners", "budget_amount", "supplier_min_price",
                                                       "target_date", "supplier_min_weeks"}
    price = s.answers['supplier']['supplier_min_price']
    assert f"{price:g}" not in triangle.text and f"{price:,}" not in triangle.text  # private
    assert any("hours" in reason for reason in r.reasons)


def test_hard_to_reach_distrust_names_trust_history_and_behaviour(bank) -> None:
    s = example(bank, "hard_to_reach_distrust")
    r = score(bank, s, MODEL)
    assert {"low_trust", "vendor_failures", "hard_to_reach", "withholds_information"} <= codes(r.warnings)
    reach = next(w for w in r.warnings if w.code == "hard_to_reach")
    assert {(e.question, e.party) for e in reach.evidence} == {("reachable", "supplier"),
                                                              ("reachable", "client")}
    assert reach.name == "Hard to reach" and "reachable" not in reach.text
    low = next(w for w in r.warnings if w.code == "low_trust")
    assert {(e.question, e.party) for e in low.evidence} >= {("trust_credibility", "client"),
                                                            ("trust_credibility", "supplier")}
    owners = {c.code: c.owner for c in r.conditions}
    assert owners["warning:low_trust"] == "supplier" and owners["warning:hard_to_reach"] == "client"
    assert r.trust_index is not None and r.trust_index < MODEL.trust.low_index


def test_rosy_supplier_names_the_gaps_with_both_answers(bank) -> None:
    s = example(bank, "rosy_supplier")
    r = score(bank, s, MODEL)
    assert "goals_alignment" in codes(r.knockouts)
    assert sum(a.direction == "over-estimator" for a in r.areas) >= 5
    assert len(r.gaps) >= 5
    for g in r.gaps:
        assert (g.supplier, g.client) == (s.answers["supplier"][g.question], s.answers["client"][g.question])
    top = r.gaps[0]
    assert any(top.text in reason for reason in r.reasons)


def test_conditions_midway_lists_owned_conditions(bank) -> None:
    r = score(bank, example(bank, "conditions_midway"), MODEL)
    assert not r.knockouts and r.conditions
    assert all(c.owner in ("supplier", "client") and c.text for c in r.conditions)
    assert f"{len(r.conditions)} checks stand in the way" in r.reasons[0]
    assert len(r.reasons) >= 2


@pytest.mark.parametrize("party, question, value, code", [
    ("client", "hours_committed", 0, "hours"),
    ("client", "client_owner", "nobody", "owner"),
    ("client", "client_owner", "  ", "owner"),
    ("client", "decision_maker", "none", "decision_maker"),
    ("client", "accepts_consequences", "no", "consequences"),
])
def test_each_knockout_walks_away_from_a_good_deal(bank, party: str, question: str, value, code: str) -> None:
    good = example(bank, "aligned_partnership")
    r = score(bank, good.with_answer(party, question, value), MODEL)
    assert r.recommendation == "walk_away"
    finding = next(k for k in r.knockouts if k.code == code)
    assert question in {e.question for e in finding.evidence}
    assert any(e.party == party and e.value == value for e in finding.evidence)
    assert finding.text in r.reasons[0] or finding.text in r.reasons


def test_missing_owner_is_not_a_knockout_but_the_verdict_waits_for_it(bank) -> None:
    r = score(bank, example(bank, "aligned_partnership").with_answer("client", "client_owner", None), MODEL)
    assert "owner" not in codes(r.knockouts)
    assert r.recommendation == "not_enough_answers"
    assert (r.deciding[0].question, r.deciding[0].party) == ("client_owner", "client")
    assert "accountable" in r.reasons[0]


def test_vector_path_agrees_with_score_on_the_examples(bank) -> None:
    sessions = [example(bank, n) for n in sorted(EXPECTED)]
    p = vector.plan(bank, MODEL)
    scores, visible = vector.item_frame(bank, sessions, p)
    reports = [score(bank, s, MODEL) for s in sessions]
    np.testing.assert_allclose(vector.readiness(scores, p, visible), [r.readiness for r in reports], atol=1e-9)
    np.testing.assert_allclose(vector.alignment(scores, p), [r.alignment for r in reports], atol=1e-9)


def test_cli_prints_the_report(cli, bank) -> None:
    done = cli(main, ROOT / "examples" / "rosy_supplier.json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"recommendation", "readiness", "alignment", "resistance", "areas", "gaps", "knockouts",
            "warnings", "conditions", "reasons"} <= data.keys()
    report = score(bank, example(bank, "rosy_supplier"), MODEL)
    assert {k: v for k, v in data.items() if not k.startswith("to_proceed")} == json.loads(
        json.dumps(report.to_dict()))
    assert data["asks"] and data["to_proceed"] == [] and "how the two sides see" in data["to_proceed_text"]


def _session_text(**changes) -> str:
    data = json.loads((ROOT / "examples" / "conditions_midway.json").read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize("text, expected", [
    ("{not json", "not valid JSON"),
    (_session_text(format="groundwork.session/9"), "groundwork.session/1"),
    (_session_text(answers={"supplier": {"no_such_question": 3}, "client": {}}), "no_such_question"),
    (_session_text(answers={"supplier": {}, "client": {"commitment": "very"}}), "answers.client.commitment"),
    (_session_text(answers={"supplier": {"hours_committed": 4}, "client": {}}), "not the supplier"),
])
def test_cli_rejects_a_bad_session_with_status_2(cli, tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "session.json"
    path.write_text(text, encoding="utf-8")
    done = cli(main, path)
    assert done.returncode == 2 and done.stdout == ""
    assert expected in done.stderr and "Traceback" not in done.stderr


def test_cli_rejects_a_bad_model_with_status_2(cli, tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_text((ROOT / "scoring" / "model.yaml").read_text().replace("min_ratio: 0.5", "min_ratio: -1"))
    done = cli(main, ROOT / "examples" / "rosy_supplier.json", "--model", model)
    assert done.returncode == 2
    assert "model.yaml:" in done.stderr and "knockouts.hours.min_ratio" in done.stderr


def test_report_round_trips_through_json(bank) -> None:
    r: Report = score(bank, example(bank, "hard_to_reach_distrust"), MODEL)
    assert json.loads(json.dumps(r.to_dict()))["recommendation"] == r.recommendation
