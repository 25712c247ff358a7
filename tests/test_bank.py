"""The real question bank: it loads, covers the shared id contract, and reads well for both parties.

The contract table is the one scoring, the agreement rules and the UI rely on; a renamed id or a
changed party here breaks them, so this test is the place it fails first.
"""
from __future__ import annotations

import json

import pytest

from questions.__main__ import main
from questions.schema import OPTION_TYPES, SCALE_TYPES

# id: (type, parties, extra flags) -- from the question-id contract
CONTRACT: dict[str, tuple[str, str, frozenset[str]]] = {
    "goal_measurable": ("likert", "both", frozenset()),
    "goal_metric": ("text", "client", frozenset({"show_if"})),
    "critical_event": ("choice", "both", frozenset()),
    "pain_impact": ("likert", "both", frozenset()),
    "goal_fit": ("likert", "both", frozenset()),
    "goal_priority": ("choice", "client", frozenset()),
    "flex_corners": ("multi", "both", frozenset()),
    "quality_bar": ("choice", "client", frozenset()),
    "budget_amount": ("number", "client", frozenset({"dont_know"})),
    "supplier_min_price": ("number", "supplier", frozenset({"supplier_private"})),
    "target_date": ("date", "client", frozenset()),
    "supplier_min_weeks": ("number", "supplier", frozenset()),
    "constraints_realistic": ("likert", "both", frozenset()),
    "hours_required": ("number", "supplier", frozenset()),
    "hours_committed": ("number", "client", frozenset()),
    "client_owner": ("text", "client", frozenset()),
    "decision_maker": ("choice", "both", frozenset()),
    "sponsor_engaged": ("likert", "both", frozenset()),
    "budget_approved": ("choice", "client", frozenset()),
    "data_access": ("choice", "client", frozenset()),
    "reviewers_named": ("likert", "both", frozenset()),
    "commitment": ("likert", "both", frozenset()),
    "efficacy": ("likert", "both", frozenset()),
    "resist_routine": ("likert", "client", frozenset({"reverse"})),
    "resist_emotional": ("likert", "client", frozenset({"reverse"})),
    "resist_short_term": ("likert", "client", frozenset({"reverse"})),
    "resist_rigidity": ("likert", "client", frozenset({"reverse"})),
    "change_history": ("choice", "client", frozenset()),
    "trust_credibility": ("likert", "both", frozenset()),
    "trust_reliability": ("likert", "both", frozenset()),
    "trust_intimacy": ("likert", "both", frozenset()),
    "trust_self_orientation": ("likert", "both", frozenset({"reverse"})),
    "past_vendor_failures": ("choice", "client", frozenset()),
    "past_failure_story": ("text", "client", frozenset({"show_if"})),
    "wants_penalties": ("choice", "client", frozenset()),
    "reachable": ("frequency", "both", frozenset()),
    "shares_information": ("frequency", "both", frozenset()),
    "meetings_kept": ("frequency", "both", frozenset()),
    "pays_on_time": ("frequency", "both", frozenset()),
    "keeps_waiting": ("frequency", "both", frozenset({"reverse"})),
    "co_creates": ("frequency", "both", frozenset()),
    "supplier_overpromises": ("frequency", "both", frozenset({"reverse"})),
    "supplier_defers": ("frequency", "both", frozenset({"reverse"})),
    "supplier_knows_best": ("frequency", "both", frozenset({"reverse"})),
    "accepts_consequences": ("choice", "client", frozenset()),
    "cancellation_notice": ("choice", "client", frozenset()),
    "client_alternatives": ("choice", "client", frozenset()),
    "switching_cost": ("likert", "both", frozenset()),
    "supplier_needs_deal": ("likert", "both", frozenset()),
    "client_needs_supplier": ("likert", "both", frozenset()),
    "need_stated_openly": ("likert", "both", frozenset()),
    "supplier_can_decline": ("choice", "supplier", frozenset({"supplier_private"})),
    "supplier_notes": ("text", "supplier", frozenset({"supplier_private"})),
}

CONTRACT_OPTIONS: dict[str, list[str]] = {
    "critical_event": ["yes_dated", "yes_vague", "none"],
    "flex_corners": ["scope", "cost", "date", "none"],
    "quality_bar": ["perfect", "high", "good_enough"],
    "decision_maker": ["named", "withheld", "path", "none"],
    "budget_approved": ["approved", "in_process", "not_started"],
    "data_access": ["ready", "partial", "not_yet"],
    "past_vendor_failures": ["none", "one", "two_or_more"],
    "accepts_consequences": ["yes", "with_limits", "no"],
    "supplier_can_decline": ["yes", "reluctantly", "no"],
}

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


@pytest.mark.parametrize("qid", sorted(CONTRACT))
def test_contract_question(bank, qid):
    kind, parties, flags = CONTRACT[qid]
    assert qid in bank.by_id, f"contract id {qid} is missing from the bank"
    q = bank.question(qid)
    assert (q.type, q.parties) == (kind, parties)
    assert q.reverse == ("reverse" in flags)
    assert (q.visibility == "supplier_private") == ("supplier_private" in flags)
    if "show_if" in flags:
        assert q.show_if is not None
    if "dont_know" in flags:
        assert q.dont_know


@pytest.mark.parametrize("qid, options", sorted(CONTRACT_OPTIONS.items()))
def test_contract_options(bank, qid, options):
    assert [o.id for o in bank.question(qid).options] == options


@pytest.mark.parametrize("qid, area", [("goal_measurable", "goals"), ("flex_corners", "constraints"),
                                       ("hours_committed", "investment"), ("efficacy", "readiness"),
                                       ("trust_intimacy", "trust"), ("co_creates", "control"),
                                       ("switching_cost", "need")])
def test_contract_areas(bank, qid, area):
    assert bank.question(qid).area == area


def test_hours_committed_scored_against_suppliers_estimate(bank):
    ratio = bank.question("hours_committed").scoring.ratio_to
    assert (ratio.question, ratio.party) == ("hours_required", "supplier")


def test_every_type_is_used(bank):
    assert {q.type for q in bank.questions} == {"likert", "frequency", "choice", "multi",
                                                "number", "date", "text"}


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
