"""The real question bank: it loads, holds every question the code's data files name (the
scoring model and the dependency rules) with the type and party the code reads, and reads well
for both parties.

The ids are declared once, in scoring/model.yaml and agreement/rules.yaml, and checked at load;
this test holds the shipped files to the types the code needs instead of restating the bank.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from questions.__main__ import main
from questions.schema import OPTION_TYPES, SCALE_TYPES

ROOT = Path(__file__).resolve().parent.parent

AREAS = [("goals", 0.15, 1), ("constraints", 0.15, 2), ("investment", 0.20, 3),
         ("readiness", 0.15, 4), ("trust", 0.15, 5), ("control", 0.10, 6), ("need", 0.10, 7)]


def test_bank_has_enough_questions(bank):
    assert len(bank.questions) >= 50


@pytest.mark.parametrize("area_id, weight, order", AREAS, ids=[a[0] for a in AREAS])
def test_area_weight_order_and_questions(bank, area_id, weight, order):
    area = bank.area(area_id)
    assert (area.weight, area.order) == (pytest.approx(weight), order)
    assert len(bank.in_area(area_id)) >= 4
    used_subs = {q.sub for q in bank.in_area(area_id)}
    assert used_subs == {s.id for s in area.subs}, "every sub-dimension needs questions"


def test_area_weights_sum_to_one(bank):
    assert sum(a.weight for a in bank.areas) == pytest.approx(1.0)


def _model_refs():
    from scoring import load_model
    from scoring.fit import _refs
    return [(f"model.yaml {field}", qid, party, kinds) for field, qid, party, kinds in _refs(load_model())]


def _rules_refs():
    from agreement.rules import FACT_NEEDS, default_rules
    facts = default_rules().facts
    return [(f"rules.yaml facts.{role}", facts.ref(role).question, facts.ref(role).party, kinds, columns)
            for role, (kinds, columns) in FACT_NEEDS.items()]


@pytest.mark.parametrize("where, qid, party, kinds", _model_refs(), ids=lambda v: str(v)[:40])
def test_every_question_the_model_names_fits_what_the_code_reads(bank, where, qid, party, kinds):
    question = bank.by_id.get(qid)
    assert question is not None, f"{where} names '{qid}', which the bank lacks"
    assert question.type in kinds, f"{where}: '{qid}' is a {question.type} question"
    assert party is None or party in question.answered_by, f"{where}: not answered by the {party}"


@pytest.mark.parametrize("where, qid, party, kinds, columns", _rules_refs(), ids=lambda v: str(v)[:40])
def test_every_fact_the_drafting_reads_fits_what_the_code_reads(bank, where, qid, party, kinds, columns):
    question = bank.by_id.get(qid)
    assert question is not None, f"{where} names '{qid}', which the bank lacks"
    assert question.type in kinds and party in question.answered_by, where
    assert all(question.column(c) is not None for c in columns), f"{where}: columns {columns}"
    assert question.visibility != "supplier_private", f"{where} would reach the agreement"


def test_every_type_is_used(bank):
    assert {q.type for q in bank.questions} == {"likert", "frequency", "choice", "multi",
                                                "number", "date", "text", "rows", "duration"}


def test_every_question_helps_and_mirrors_are_worded_for_both(bank):
    for q in bank.questions:
        assert len(q.help) >= 30, f"{q.id}: help should tell the prospect why it is asked"
        for party in q.answered_by:
            assert q.wording(party).strip(), f"{q.id}: no {party} wording"
        if q.mirrored:
            assert q.text.supplier != q.text.client, f"{q.id}: same words for both parties"


def test_follow_ups_are_conditional(bank):
    conditional = {q.id for q in bank.questions if q.show_if is not None}
    assert {"goal_metric", "past_failure_story", "hours_gap_plan", "fixed_corner_give"} <= conditional


def test_numbers_have_range_and_unit(bank):
    for q in bank.questions:
        if q.type == "number":
            assert q.min is not None and q.max is not None and q.unit, q.id


def test_options_and_scales_are_scored(bank):
    for q in bank.questions:
        if q.type in OPTION_TYPES:
            scores = [o.score for o in q.options]
            assert max(scores) == 1.0 and min(scores) < 1.0, f"{q.id}: options do not discriminate"
        if q.type in SCALE_TYPES:
            assert q.scored


def test_check_command_exits_zero(cli):
    run = cli(main, "check")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 7 areas")


def test_dump_prints_the_bank_as_json(cli, bank):
    run = cli(main, "dump")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert [a["id"] for a in data["areas"]] == [a.id for a in bank.areas]
    assert set(data["areas"][0]) >= {"id", "title", "weight"}
    by_id = {q["id"]: q for q in data["questions"]}
    assert set(by_id) == set(bank.by_id)
    for q in data["questions"]:
        assert set(q) >= {"id", "area", "type", "parties", "mirrored", "reverse", "dont_know",
                          "options", "min", "max"}
    assert by_id["flex_corners"]["mirrored"] is True
    assert by_id["keeps_waiting"]["reverse"] is True
    assert by_id["budget_amount"]["dont_know"] is True
    assert by_id["hours_committed"]["min"] == 0
    assert {"id": "perfect", "score": bank.question("quality_bar").option("perfect").score} \
        in by_id["quality_bar"]["options"]


FILES = ["01_goals.yaml", "02_constraints.yaml", "03_investment.yaml", "04_readiness.yaml",
         "05_trust.yaml", "06_control.yaml", "07_need.yaml"]


@pytest.mark.parametrize("name", FILES)
def test_each_area_file_opens_with_a_header_comment(name):
    from questions.loader import BANK_DIR
    lines = (BANK_DIR / name).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:8] if line.startswith("#")]
    assert lines[0].startswith("# ") and len(" ".join(header)) >= 120, "say what it covers and its grounding"
    assert name[3:-5] in lines[0].lower() or name[3:-5] in " ".join(header).lower()
