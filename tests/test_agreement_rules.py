"""The dependency rules load, fit the bank, and every kind of mistake in them is located."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from agreement.rules import RULES_PATH, RulesError, check_rules, load_rules
from questions.conditions import referenced_questions


def test_rules_load_and_fit_the_bank(bank):
    rules = load_rules(bank=bank)
    assert check_rules(rules, bank) == []
    assert {r.id for r in rules.rules} >= {"working_session", "materials_data",
                                           "meeting_cancellation", "review_acceptance",
                                           "scope_baseline", "supplier_milestone"}


def test_every_question_the_rules_name_exists(bank):
    rules = load_rules(bank=bank)
    named = set()
    for rule in rules.rules:
        if rule.trigger is not None:
            named |= referenced_questions(rule.trigger)
        named.update(rule.evidence)
        if rule.owner.name_from:
            named.add(rule.owner.name_from)
    assert named and named <= set(bank.by_id)


def test_rules_file_opens_with_a_header_comment():
    assert RULES_PATH.read_text(encoding="utf-8").startswith("# ")


def _mutate(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "rules.yaml"
    path.write_text("# test rules\n" + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _rule(data, rule_id):
    return next(r for r in data["rules"] if r["id"] == rule_id)


BAD = [
    ("unknown trigger question",
     lambda d: _rule(d, "materials_data").update(trigger={"question": "no_such_q", "op": "answered"}),
     "materials_data", "trigger", "unknown question 'no_such_q'"),
    ("unknown placeholder",
     lambda d: _rule(d, "budget_approval").update(what="{owner} pays {nonsense} now for the budget"),
     "budget_approval", "what", "unknown placeholder '{nonsense}'"),
    ("mirrored placeholder without party",
     lambda d: _rule(d, "payment_terms").update(how="Paid when {pays_on_time} says so"),
     "payment_terms", "how", "answered by both parties"),
    ("supplier-private placeholder",
     lambda d: _rule(d, "payment_terms").update(how="Price floor {supplier_min_price}"),
     "payment_terms", "how", "supplier-private"),
    ("placeholder with a format",
     lambda d: _rule(d, "payment_terms").update(how="Paid {payment_days:>5} days"),
     "payment_terms", "how", "format or conversion"),
    ("placeholder with attribute access",
     lambda d: _rule(d, "payment_terms").update(how="Paid {owner.__class__}"),
     "payment_terms", "how", "not a plain name"),
    ("unknown key",
     lambda d: _rule(d, "decision_path").update(colour="red"),
     "decision_path", "colour", "Extra inputs are not permitted"),
    ("unknown driver",
     lambda d: _rule(d, "decision_path").update(resistance={"drivers": ["greed"]}),
     "decision_path", "resistance.drivers", "Input should be"),
    ("name_from not a text question",
     lambda d: _rule(d, "decision_path").update(owner={"party": "client", "name_from": "data_access"}),
     "decision_path", "owner.name_from", "must be a text question"),
    ("evidence not text",
     lambda d: _rule(d, "decision_path").update(evidence=["budget_approved"]),
     "decision_path", "evidence", "not a text question"),
    ("private evidence",
     lambda d: _rule(d, "decision_path").update(evidence=["supplier_notes"]),
     "decision_path", "evidence", "supplier-private"),
    ("unknown resistance area",
     lambda d: _rule(d, "decision_path").update(resistance={"drivers": ["capacity"], "areas": ["moon"]}),
     "decision_path", "resistance.areas", "unknown area 'moon'"),
    ("bad trigger operator",
     lambda d: _rule(d, "decision_path").update(trigger={"question": "decision_maker", "op": "like", "value": "x"}),
     "decision_path", "trigger", "Input should be"),
]


@pytest.mark.parametrize("change,rule_id,field,message", [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_bad_rules_name_rule_field_and_line(tmp_path, bank, change, rule_id, field, message):
    path = _mutate(tmp_path, change)
    with pytest.raises(RulesError) as caught:
        load_rules(path, bank)
    matching = [p for p in caught.value.problems if message in p.message]
    assert matching, caught.value.problems
    problem = matching[0]
    assert problem.file == "rules.yaml" and problem.question == rule_id
    assert problem.field and problem.field.startswith(field)
    assert problem.line is not None and problem.line > 1
    assert f"rule '{rule_id}'" in str(problem)


def test_duplicate_rule_id(tmp_path, bank):
    path = _mutate(tmp_path, lambda d: d["rules"].append(copy.deepcopy(d["rules"][0])))
    with pytest.raises(RulesError, match="duplicate rule id working_session"):
        load_rules(path, bank)


def test_missing_mitigation(tmp_path, bank):
    path = _mutate(tmp_path, lambda d: d["mitigations"].pop("capacity"))
    with pytest.raises(RulesError, match="lacks a tactic for capacity"):
        load_rules(path, bank)


def test_yaml_syntax_error_is_located(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("# header\nrules:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert caught.value.problems[0].line is not None
    assert "YAML syntax error" in str(caught.value)


FACTS_BAD = [
    ("unknown question", lambda d: d["facts"].update(target_date={"question": "go_live", "party": "client"}),
     "facts.target_date", "unknown question 'go_live'"),
    ("wrong party", lambda d: d["facts"].update(owner={"question": "client_owner", "party": "supplier"}),
     "facts.owner", "not answered by the supplier"),
    ("wrong type", lambda d: d["facts"].update(hours_committed={"question": "client_owner", "party": "client"}),
     "facts.hours_committed", "the drafting reads it as number"),
    ("rows without the columns read", lambda d: d["facts"].update(
        milestones={"question": "key_dates", "party": "client"}), "facts.milestones", "lacks the column(s) when"),
    ("private", lambda d: d["facts"].update(min_weeks={"question": "supplier_min_price", "party": "supplier"}),
     "facts.min_weeks", "supplier-private"),
    ("missing role", lambda d: d["facts"].pop("review_days"), "facts.review_days", "Field required"),
    ("row rule placeholder", lambda d: d["rows"]["milestone"].update(what="{owner} ships {nonsense}"),
     "rows.milestone.what", "unknown placeholder '{nonsense}'"),
    ("bands now live in the scoring model", lambda d: d.update(bands={"medium": 30, "high": 60}),
     "bands", "Extra inputs are not permitted"),
]


@pytest.mark.parametrize("change, field, message", [c[1:] for c in FACTS_BAD], ids=[c[0] for c in FACTS_BAD])
def test_every_question_the_code_reads_is_declared_and_checked_with_a_located_error(
        bank, tmp_path, change, field, message):
    path = _mutate(tmp_path, change)
    with pytest.raises(RulesError) as info:
        load_rules(path, bank)
    problem = next(p for p in info.value.problems if message in p.message)
    assert problem.field == field and problem.file == "rules.yaml" and problem.line
