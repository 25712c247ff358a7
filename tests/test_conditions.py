"""The show_if evaluator: every operator, nesting, party override, and hiding that propagates.

The same evaluator decides what the app shows, what scoring counts and what the agreement
drafts from, so its edge cases (unanswered, "don't know") are pinned here.
"""
from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from questions.conditions import evaluate, is_visible, referenced_questions, visible_answers
from questions.schema import DONT_KNOW, Condition, Question

CONDITION = TypeAdapter(Condition)


def cond(data: dict) -> Any:
    return CONDITION.validate_python(data)


def client_says(value: Any) -> dict[str, dict[str, Any]]:
    return {"supplier": {}, "client": {} if value is None else {"q": value}}


# op, expected value, the client's answer, holds?
OPERATORS = [
    ("equals", "a", "a", True), ("equals", "a", "b", False), ("equals", 3, 3, True),
    ("not_equals", "a", "b", True), ("not_equals", "a", "a", False),
    ("in", ["a", "b"], "b", True), ("in", ["a", "b"], "c", False),
    ("not_in", ["a", "b"], "c", True), ("not_in", ["a", "b"], "a", False),
    ("gte", 3, 3, True), ("gte", 3, 2, False), ("gte", 2.5, 3, True),
    ("lte", 3, 3, True), ("lte", 3, 4, False),
    ("gt", 3, 4, True), ("gt", 3, 3, False),
    ("lt", 4, 3.5, True), ("lt", 4, 4, False),
    ("contains", "none", ["scope", "none"], True), ("contains", "none", ["scope"], False),
    ("contains", "none", "none", False),  # contains applies to lists only
    ("gte", 3, "5", False),  # ordering applies to numbers only
    ("gte", 0, True, False),  # a boolean is not a number here
    ("answered", None, "x", True), ("answered", None, None, False),
    ("unanswered", None, None, True), ("unanswered", None, "x", False),
]


@pytest.mark.parametrize("op, value, actual, holds", OPERATORS,
                         ids=[f"{o[0]}-{o[2]!r}-{o[3]}" for o in OPERATORS])
def test_each_operator(op, value, actual, holds):
    leaf = {"question": "q", "op": op} | ({} if value is None else {"value": value})
    assert evaluate(cond(leaf), client_says(actual), "client") is holds


COMPARISONS = [("equals", "a"), ("not_equals", "a"), ("in", ["a"]), ("not_in", ["a"]), ("gte", 1),
               ("lte", 5), ("gt", 0), ("lt", 9), ("contains", "a")]


@pytest.mark.parametrize("missing", [None, DONT_KNOW], ids=["unanswered", "dont_know"])
@pytest.mark.parametrize("op, value", COMPARISONS, ids=[c[0] for c in COMPARISONS])
def test_unanswered_and_dont_know_never_satisfy_a_comparison(op, value, missing):
    assert evaluate(cond({"question": "q", "op": op, "value": value}), client_says(missing),
                    "client") is False


@pytest.mark.parametrize("missing", [None, DONT_KNOW], ids=["unanswered", "dont_know"])
def test_unanswered_and_dont_know_count_as_unanswered(missing):
    answers = client_says(missing)
    assert evaluate(cond({"question": "q", "op": "unanswered"}), answers, "client")
    assert not evaluate(cond({"question": "q", "op": "answered"}), answers, "client")


def test_not_negates_a_comparison_on_a_missing_answer():
    assert evaluate(cond({"not": {"question": "q", "op": "equals", "value": "a"}}),
                    client_says(None), "client")


ANSWERS = {"supplier": {"s1": 5, "flag": "on"}, "client": {"c1": 2, "c2": "yes", "flag": "off"}}
NESTED = [
    ({"all": [{"question": "c1", "op": "lt", "value": 3},
              {"question": "c2", "op": "equals", "value": "yes"}]}, True),
    ({"all": [{"question": "c1", "op": "lt", "value": 3},
              {"question": "c2", "op": "equals", "value": "no"}]}, False),
    ({"any": [{"question": "c1", "op": "gt", "value": 3},
              {"question": "c2", "op": "equals", "value": "yes"}]}, True),
    ({"any": [{"question": "c1", "op": "gt", "value": 3},
              {"question": "c2", "op": "equals", "value": "no"}]}, False),
    ({"not": {"question": "c1", "op": "lt", "value": 3}}, False),
    ({"all": [{"any": [{"question": "c1", "op": "equals", "value": 9},
                       {"not": {"question": "c2", "op": "equals", "value": "no"}}]},
              {"not": {"all": [{"question": "c1", "op": "answered"},
                               {"question": "c2", "op": "unanswered"}]}}]}, True),
    ({"not": {"any": [{"question": "c1", "op": "answered"},
                      {"question": "nope", "op": "answered"}]}}, False),
]


@pytest.mark.parametrize("data, holds", NESTED, ids=[f"nested{i}" for i in range(len(NESTED))])
def test_all_any_not_nesting(data, holds):
    assert evaluate(cond(data), ANSWERS, "client") is holds


PARTY = [
    ({"question": "flag", "op": "equals", "value": "on"}, "supplier", True),
    ({"question": "flag", "op": "equals", "value": "on"}, "client", False),
    ({"question": "flag", "op": "equals", "value": "on", "party": "supplier"}, "client", True),
    ({"question": "flag", "op": "equals", "value": "off", "party": "client"}, "supplier", True),
    ({"question": "s1", "op": "gte", "value": 4, "party": "same"}, "client", False),
    ({"question": "s1", "op": "gte", "value": 4, "party": "supplier"}, "client", True),
]


@pytest.mark.parametrize("data, asking, holds", PARTY, ids=[f"party{i}" for i in range(len(PARTY))])
def test_party_override(data, asking, holds):
    assert evaluate(cond(data), ANSWERS, asking) is holds


def test_referenced_questions_walks_the_whole_tree():
    data = {"all": [{"question": "a", "op": "answered"},
                    {"any": [{"question": "b", "op": "answered"},
                             {"not": {"question": "c", "op": "answered"}}]}]}
    assert referenced_questions(cond(data)) == {"a", "b", "c"}


def question(qid: str, show_if: dict | None = None, parties: str = "client") -> Question:
    text = {"supplier": f"{qid}?", "client": f"{qid}?"} if parties == "both" else {parties: f"{qid}?"}
    return Question.model_validate({
        "id": qid, "area": "area", "sub": "sub", "type": "likert", "parties": parties,
        "text": text, "help": "why", **({"show_if": show_if} if show_if else {})})


CHAIN = {q.id: q for q in [
    question("root"),
    question("middle", {"question": "root", "op": "gte", "value": 3}),
    question("leaf", {"question": "middle", "op": "answered"}),
    question("other", {"question": "middle", "op": "unanswered"}),
]}


def test_visible_answers_keeps_shown_follow_ups():
    answers = {"supplier": {}, "client": {"root": 4, "middle": 2, "leaf": 5}}
    assert visible_answers(CHAIN, answers)["client"] == {"root": 4, "middle": 2, "leaf": 5}


def test_visible_answers_hides_a_follow_up_and_propagates_hiding():
    answers = {"supplier": {}, "client": {"root": 2, "middle": 2, "leaf": 5, "other": 1}}
    # middle is hidden by root; leaf was shown only by middle's answer, so it is hidden too;
    # other is shown because a hidden answer counts as unanswered
    assert visible_answers(CHAIN, answers)["client"] == {"root": 2, "other": 1}


def test_visible_answers_ignores_unknown_questions_and_is_per_party():
    both = {**CHAIN, "shared": question("shared", {"question": "root", "op": "gte", "value": 3},
                                        parties="both"),
            "root": question("root", parties="both")}
    answers = {"supplier": {"root": 5, "shared": 1, "ghost": 3},
               "client": {"root": 1, "shared": 1}}
    seen = visible_answers(both, answers)
    assert seen == {"supplier": {"root": 5, "shared": 1}, "client": {"root": 1}}


@pytest.mark.parametrize("measurable, shown", [(2, False), (3, True), (5, True),
                                               (DONT_KNOW, False), (None, False)])
def test_real_follow_up_goal_metric(bank, measurable, shown):
    answers = {"supplier": {"goal_measurable": 5},
               "client": {} if measurable is None else {"goal_measurable": measurable}}
    assert is_visible(bank.question("goal_metric"), answers, "client") is shown


@pytest.mark.parametrize("corners, shown", [(["none"], True), (["scope", "none"], True),
                                            (["scope"], False), ([], False)])
def test_real_follow_up_on_fixed_corners(bank, corners, shown):
    answers = {"supplier": {"flex_corners": ["none"]}, "client": {"flex_corners": corners}}
    assert is_visible(bank.question("fixed_corner_give"), answers, "client") is shown


REAL_FOLLOW_UPS = [
    ("past_failure_story", {"past_vendor_failures": "one"}, True),
    ("past_failure_story", {"past_vendor_failures": "two_or_more"}, True),
    ("past_failure_story", {"past_vendor_failures": "none"}, False),
    ("hours_gap_plan", {"hours_committed": 2}, True),
    ("hours_gap_plan", {"hours_committed": 4}, False),
    ("hours_gap_plan", {}, False),
    ("critical_event_date", {"critical_event": "yes_dated"}, True),
    ("critical_event_date", {"critical_event": "yes_vague"}, False),
    ("decision_maker_name", {"decision_maker": "path"}, True),
    ("decision_maker_name", {"decision_maker": "none"}, False),
    ("decision_maker_name", {"decision_maker": DONT_KNOW}, False),
    ("materials_needed", {"data_access": "partial"}, True),
    ("materials_needed", {"data_access": "ready"}, False),
]


@pytest.mark.parametrize("qid, client, shown", REAL_FOLLOW_UPS,
                         ids=[f"{r[0]}-{list(r[1].values())}" for r in REAL_FOLLOW_UPS])
def test_real_client_follow_ups(bank, qid, client, shown):
    assert is_visible(bank.question(qid), {"supplier": {}, "client": client}, "client") is shown
