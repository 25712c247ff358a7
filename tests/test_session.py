"""The Session format: JSON round-trips, and every bad answer is reported with its path, all at once.

Storage, scoring and the agreement all read sessions through ``load_session``; a value that slips
through here would reach them, so each kind of bad value per question type is pinned.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from answers_support import answer_sets, at_most, valid_value
from questions import SessionError, load_bank, load_session, parse_session
from questions.schema import DONT_KNOW, Bank
from questions.session import FORMAT, MAX_NAME, Session, progress, value_problem

_BANK = load_bank()  # the strategies below are built when the module is imported


def minimal(answers: dict | None = None, **extra: Any) -> dict:
    return {"format": FORMAT, "deal": {"name": "Test deal"},
            "answers": answers or {"supplier": {}, "client": {}}, **extra}


def test_round_trip_keeps_everything(bank):
    session = Session.model_validate({
        "deal": {"name": "Ünïcode & <b>bold</b> deal", "supplier": "Us", "client": "Them",
                 "date": "2026-11-23"},
        "people": {"supplier": "Ana", "client": "Ben"},
        "goals": [{"id": "g1", "text": "Cut costs by 10%"}, {"id": "g2", "text": "Ship \"v2\""}],
        "answers": {"supplier": {"goal_measurable": 4, "hours_required": 7.5},
                    "client": {"flex_corners": ["scope", "date"], "target_date": "2027-01-31",
                               "budget_amount": DONT_KNOW, "goal_measurable": 3,
                               "goal_metric": "line1\nline2 {{ not a template }}"}}})
    text = session.to_json()
    again = load_session(text, bank)
    assert again == session
    assert json.loads(again.to_json()) == json.loads(text)
    assert again.deal.date == dt.date(2026, 11, 23)
    assert json.loads(text)["goals"][1] == {"id": "g2", "text": "Ship \"v2\""}


def test_with_answer_sets_and_removes_without_touching_the_original():
    session = parse_session(minimal())
    changed = session.with_answer("client", "goal_measurable", 4)
    assert changed.answers["client"] == {"goal_measurable": 4}
    assert session.answers["client"] == {}
    assert changed.with_answer("client", "goal_measurable", None).answers["client"] == {}


# question, party, a bad value, what the message must say
BAD_VALUES = [
    ("goal_measurable", "client", 0, "expected an integer 1..5 for a likert question"),
    ("goal_measurable", "client", 6, "expected an integer 1..5"),
    ("goal_measurable", "supplier", 3.5, "expected an integer 1..5"),
    ("goal_measurable", "client", "3", "expected an integer 1..5"),
    ("goal_measurable", "client", True, "expected an integer 1..5"),
    ("reachable", "supplier", 7, "expected an integer 1..5 for a frequency question"),
    ("quality_bar", "client", "flawless", "expected one of ['perfect', 'high', 'good_enough']"),
    ("quality_bar", "client", ["high"], "expected one of"),
    ("quality_bar", "client", DONT_KNOW, "\"don't know\" is not allowed here"),
    ("flex_corners", "client", "scope", "expected a list of distinct option ids"),
    ("flex_corners", "client", ["scope", "scope"], "expected a list of distinct option ids"),
    ("flex_corners", "supplier", ["time"], "expected a list of distinct option ids"),
    ("budget_amount", "client", "lots", "expected a number"),
    ("budget_amount", "client", -5, "-5 is below the minimum 0"),
    ("budget_amount", "client", 1e12, "is above the maximum"),
    ("hours_committed", "client", True, "expected a number"),
    ("hours_committed", "client", None, "expected a number"),
    ("target_date", "client", "31/12/2026", "expected an ISO date (YYYY-MM-DD)"),
    ("target_date", "client", "2026-13-01", "expected an ISO date"),
    ("target_date", "client", 20261231, "expected an ISO date"),
    ("goal_metric", "client", 42, "expected text"),
    ("goal_metric", "client", "x" * 2001, "text is longer than 2000 characters"),
    ("supplier_notes", "supplier", ["a"], "expected text"),
]


@pytest.mark.parametrize("qid, party, value, message", BAD_VALUES,
                         ids=[f"{b[0]}-{str(b[2])[:12]}" for b in BAD_VALUES])
def test_bad_value_is_reported_with_its_path(bank, qid, party, value, message):
    with pytest.raises(SessionError) as info:
        load_session(minimal({party: {qid: value}}), bank)
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert problem.startswith(f"answers.{party}.{qid}: ")
    assert message in problem


def test_nan_is_not_a_number(bank):
    data = minimal({"client": {"budget_amount": float("nan")}})
    with pytest.raises(SessionError, match=r"for the client: 'NaN' is not a number that can be used"):
        load_session(json.dumps(data), bank)  # refused as it is read, where it stands
    with pytest.raises(SessionError, match=r"answers\.client\.budget_amount: expected a number"):
        load_session(data, bank)  # and by the answer check, for data that is not text


@pytest.mark.parametrize("qid, value", [("budget_amount", DONT_KNOW), ("budget_amount", 0),
                                        ("hours_committed", 2.5), ("flex_corners", []),
                                        ("target_date", "2027-02-28"), ("goal_metric", "")])
def test_good_values_pass(bank, qid, value):
    assert value_problem(bank.question(qid), value) is None


def test_unknown_question_and_wrong_party(bank):
    with pytest.raises(SessionError) as info:
        load_session(minimal({"supplier": {"no_such_question": 3, "quality_bar": "high"},
                              "client": {"supplier_notes": "peek", "supplier_min_price": 1}}), bank)
    assert sorted(info.value.problems) == sorted([
        "answers.supplier.no_such_question: unknown question",
        "answers.supplier.quality_bar: this question is answered by the client, not the supplier",
        "answers.client.supplier_notes: this question is answered by the supplier, not the client",
        "answers.client.supplier_min_price: this question is answered by the supplier, not the client",
    ])


def test_all_problems_are_reported_at_once(bank):
    answers = {"supplier": {"goal_measurable": 9, "mystery": 1, "hours_required": 4},
               "client": {"target_date": "soon", "flex_corners": "all", "goal_measurable": 4,
                          "hours_required": 3}}
    with pytest.raises(SessionError) as info:
        load_session(minimal(answers), bank)
    paths = sorted(p.split(":")[0] for p in info.value.problems)
    assert paths == ["answers.client.flex_corners", "answers.client.hours_required",
                     "answers.client.target_date", "answers.supplier.goal_measurable",
                     "answers.supplier.mystery"]
    assert str(info.value).count("\n") == 4


SHAPES = [
    ({"format": "groundwork.session/2"}, "format: expected 'groundwork.session/1', found 'groundwork.session/2'"),
    ({"format": None}, "format: expected 'groundwork.session/1', found None"),
    ({"deal": {"name": ""}}, "deal.name:"),
    ({"deal": {"name": "x" * (MAX_NAME + 1)}}, "deal.name:"),
    ({"deal": {"name": "d", "date": "23.11.2026"}}, "deal.date:"),
    ({"deal": {"name": "d", "budget": 5}}, "deal.budget: Extra inputs are not permitted"),
    ({"goals": [{"id": "g1", "text": "a"}, {"id": "g1", "text": "b"}]}, "goals: Value error, goal ids must be unique"),
    ({"goals": [{"id": "g 1", "text": "a"}]}, "goals.0.id:"),
    ({"answers": {"supplier": {}, "prospect": {}}}, "answers: Value error, unknown party ['prospect']"),
    ({"colour": "blue"}, "colour: Extra inputs are not permitted"),
]


@pytest.mark.parametrize("change, message", SHAPES, ids=[m.split(":")[0] for _, m in SHAPES])
def test_bad_shape_is_reported_with_its_path(change, message):
    with pytest.raises(SessionError) as info:
        parse_session(minimal() | change)
    assert any(p.startswith(message) for p in info.value.problems), info.value.problems


@pytest.mark.parametrize("text, message", [("{not json", "not valid JSON"),
                                           ("[1, 2]", "a session must be a JSON object"),
                                           ("", "not valid JSON")])
def test_unreadable_text(text, message):
    with pytest.raises(SessionError, match=message):
        parse_session(text)


def test_several_shape_problems_at_once():
    with pytest.raises(SessionError) as info:
        parse_session(minimal(deal={"name": ""}, people={"boss": "x"}))
    assert {p.split(":")[0] for p in info.value.problems} == {"deal.name", "people.boss"}


def test_progress_counts_only_visible_questions(bank):
    empty = parse_session(minimal())
    before = progress(bank, empty, ("client",))
    assert before.answered == 0 and before.share == 0.0
    opened = empty.with_answer("client", "goal_measurable", 4)
    after = progress(bank, opened, ("client",))
    assert (after.answered, after.total) == (1, before.total + 1)  # goal_metric now shows


# ---- the shared generators of valid answers, and any valid session round-tripping ------------

def test_valid_value_is_valid_for_every_question_and_salt(bank):
    for question in bank.questions:
        for salt in range(6):
            value = valid_value(question, salt)
            assert value_problem(question, value) is None, (question.id, salt, value)


@at_most(100)
@given(answers=answer_sets(_BANK, complete=True))
def test_the_strategy_draws_only_valid_answers(answers):
    for party, given_answers in answers.items():
        for qid, value in given_answers.items():
            assert party in _BANK.question(qid).answered_by, (party, qid)
            assert value_problem(_BANK.question(qid), value) is None, (party, qid, value)


@st.composite
def sessions(draw: st.DrawFn, bank: Bank) -> Session:
    name = st.text(max_size=MAX_NAME)
    goal_ids = draw(st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,32}", fullmatch=True),
                             unique=True, max_size=5))
    return Session.model_validate({
        "deal": {"name": draw(st.text(min_size=1, max_size=MAX_NAME)), "supplier": draw(name),
                 "client": draw(name), "date": draw(st.none() | st.dates())},
        "people": {"supplier": draw(name), "client": draw(name)},
        "goals": [{"id": gid, "text": draw(st.text(min_size=1, max_size=300))} for gid in goal_ids],
        "answers": draw(answer_sets(bank))})


@at_most(100)  # each example draws a whole session and loads it twice
@given(session=sessions(_BANK), indent=st.sampled_from([None, 2]))
def test_any_valid_session_round_trips(session, indent):
    text = session.to_json(indent=indent)
    assert parse_session(text) == session
    assert load_session(text.encode("utf-8"), _BANK) == session


# ---- the structured types: rows and durations, each problem located --------------------------

ROWS_BAD = [
    ("not a list", "soon", "expected a list of rows"),
    ("row not an object", ["x"], "row 1: expected an object"),
    ("no row id", [{"what": "Proofs", "when": "week 2"}], "row 1: 'row' must be a short id"),
    ("duplicate row id", [{"row": "a", "what": "A", "when": "week 1"},
                          {"row": "a", "what": "B", "when": "week 2"}], "row 2: id 'a' appears twice"),
    ("unknown column", [{"row": "a", "what": "A", "when": "week 1", "colour": "red"}],
     "row 1: unknown column 'colour'"),
    ("required missing", [{"row": "a", "when": "week 1"}], "row 1, Milestone: required"),
    ("bad when", [{"row": "a", "what": "A", "when": "next month"}],
     "row 1, When: expected an ISO date (YYYY-MM-DD) or 'week N'"),
    ("bad date", [{"row": "a", "what": "A", "when": "2026-02-30"}], "row 1, When: expected an ISO date"),
    ("too many rows", [{"row": f"r{i}", "what": "A", "when": "week 1"} for i in range(13)],
     "at most 12 rows"),
]


@pytest.mark.parametrize("value, message", [c[1:] for c in ROWS_BAD], ids=[c[0] for c in ROWS_BAD])
def test_a_bad_rows_answer_is_refused_naming_the_row_and_column(bank, value, message):
    why = value_problem(bank.question("supplier_milestones"), value)
    assert why is not None and why.startswith(message)


@pytest.mark.parametrize("value, ok", [
    ({"amount": 4, "unit": "days"}, True), ({"amount": 1.5, "unit": "weeks"}, True),
    ({"amount": 0, "unit": "days"}, False), ({"amount": 4, "unit": "months"}, False),
    ({"amount": 4}, False), (4, False), ({"amount": 300, "unit": "weeks"}, False),
    ({"amount": True, "unit": "days"}, False)])
def test_a_duration_is_an_amount_of_business_days_or_weeks(bank, value, ok):
    assert (value_problem(bank.question("work_duration"), value) is None) == ok


def test_rows_and_durations_read_in_words(bank):
    from questions.words import answer_in_words
    rows = [{"row": "a", "what": "Data export", "who": "Ingrid Solberg, Head of Ops", "by": "2027-01-12"},
            {"row": "b", "what": "Cover photo"}]
    assert answer_in_words(bank.question("client_deliverables"), rows) == \
        "Data export, who: Ingrid Solberg, Head of Ops, by when: 12 Jan 2027; Cover photo"
    assert answer_in_words(bank.question("client_deliverables"), []) == "none"
    assert answer_in_words(bank.question("work_duration"), {"amount": 1, "unit": "weeks"}) == "1 week"
