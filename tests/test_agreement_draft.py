"""Draft dependencies: complete, bound to both parties, linked to goals, classic cases present."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import scoring
from agreement import draft_dependencies, load_rules, smart_check
from agreement.draft import NOT_STATED, Person
from agreement.rules import DRIVERS
from questions.session import Session, load_session

TACTICS = {"education", "participation", "facilitation", "negotiation"}


@pytest.fixture(scope="module")
def rules(bank):
    return load_rules(bank=bank)


def _draft(bank, model, rules, session):
    return draft_dependencies(bank, session, scoring.score(bank, session, model), rules)


def _example(bank, path):
    return load_session(path.read_text(encoding="utf-8"), bank)


def test_every_example_dependency_is_complete(bank, model, rules, example_path):
    session = _example(bank, example_path)
    deps = _draft(bank, model, rules, session)
    goal_ids = {g.id for g in session.goals}
    assert {d.who.party for d in deps} == {"supplier", "client"}
    for dep in deps:
        for field in ("id", "title", "what", "why", "when", "how", "measure", "consequence"):
            value = getattr(dep, field)
            assert value.strip() and NOT_STATED not in value, (dep.id, field, value)
        assert dep.goal_id in goal_ids
        assert dep.who.name.strip() and dep.who.party in ("supplier", "client")
        assert dep.resistance.level in ("low", "medium", "high")
        assert dep.resistance.driver in DRIVERS and dep.resistance.reason
        assert 0 <= dep.resistance.score <= 1
        assert dep.mitigation.tactic in TACTICS and dep.mitigation.text
        assert dep.sources and all(q in bank.by_id for q in dep.sources)
        assert dep.agreed is False


def _expected_cases(session: Session) -> dict[str, str]:
    """The classic cases the answers call for, read straight from the answers: rule -> phrase."""
    s, c = session.answers["supplier"], session.answers["client"]
    expected = {"supplier_milestone": "credited to the client"}
    if "hours_committed" in c or "hours_required" in s or "client_owner" in c:
        expected["working_session"] = "day for day"
    if c.get("data_access") in ("partial", "not_yet"):
        expected["materials_data"] = "day for day"
    if (min(s.get("meetings_kept", 5), c.get("meetings_kept", 5)) <= 3
            or c.get("cancellation_notice") in ("one_day", "few_hours", "no_commitment")):
        expected["meeting_cancellation"] = "cancelled less than"
    if "reviewers_named" in c or "reviewers_named" in s or "quality_bar" in c:
        expected["review_acceptance"] = "counts as acceptance"
    if "flex_corners" in c and "scope" not in c["flex_corners"]:
        expected["scope_baseline"] = "change order"
    return expected


def test_examples_hold_the_classic_cases_they_call_for(bank, model, rules, example_path):
    session = _example(bank, example_path)
    deps = {d.id: d for d in _draft(bank, model, rules, session)}
    for rule_id, phrase in _expected_cases(session).items():
        assert rule_id in deps, rule_id
        assert phrase in deps[rule_id].consequence
    assert deps["supplier_milestone"].who.party == "supplier"


BASE = {"format": "groundwork.session/1", "deal": {"name": "Targeted", "supplier": "Acme", "client": "Northwind",
                 "date": "2026-11-23"},
        "people": {"supplier": "Sam Seller", "client": "Cleo Buyer"},
        "goals": [{"id": "g1", "text": "Reduce invoice errors to 1%"},
                  {"id": "g2", "text": "Migrate the customer data to the new system"}]}


def _session(bank, supplier=None, client=None) -> Session:
    return load_session(dict(BASE, answers={"supplier": supplier or {}, "client": client or {}}),
                        bank)


CASES = [
    ("late materials move dates", {}, {"data_access": "not_yet"}, "materials_data", "day for day"),
    ("partial materials", {}, {"data_access": "partial"}, "materials_data", "usable material"),
    ("meetings missed", {"meetings_kept": 2}, {}, "meeting_cancellation", "cancelled less than 24 hours"),
    ("short notice", {}, {"cancellation_notice": "few_hours"}, "meeting_cancellation", "counts against"),
    ("reviews", {"reviewers_named": 3}, {}, "review_acceptance", "counts as acceptance"),
    ("fixed scope", {}, {"flex_corners": ["date", "cost"]}, "scope_baseline", "change order"),
    ("nothing flexes", {}, {"flex_corners": ["none"]}, "scope_baseline", "change order"),
    ("owner and hours", {"hours_required": 6}, {"hours_committed": 6, "client_owner": "Cleo Buyer, CFO"},
     "working_session", "2 business days"),
]


@pytest.mark.parametrize("supplier,client,rule_id,phrase", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_classic_case_appears_when_called_for(bank, model, rules, supplier, client, rule_id, phrase):
    with_it = {d.id: d for d in _draft(bank, model, rules, _session(bank, supplier, client))}
    without = {d.id for d in _draft(bank, model, rules, _session(bank))}
    assert rule_id in with_it and rule_id not in without
    assert phrase in with_it[rule_id].consequence


@pytest.mark.parametrize("client", [{"data_access": "ready"}, {"flex_corners": ["scope"]},
                                    {"cancellation_notice": "two_days"}])
def test_classic_case_absent_when_answers_do_not_call_for_it(bank, model, rules, client):
    ids = {d.id for d in _draft(bank, model, rules, _session(bank, {}, client))}
    assert not ids & {"materials_data", "scope_baseline", "meeting_cancellation"}


def test_supplier_milestone_always_binds_the_supplier(bank, model, rules):
    deps = _draft(bank, model, rules, _session(bank))
    milestone = next(d for d in deps if d.id == "supplier_milestone")
    assert milestone.who == Person("supplier", "Sam Seller")
    assert "credited to the client" in milestone.consequence


def test_owner_named_from_the_answer_and_hours_quoted(bank, model, rules):
    session = _session(bank, {"hours_required": 10}, {"hours_committed": 4,
                                                       "client_owner": "Dana Ruiz, Head of Ops"})
    dep = next(d for d in _draft(bank, model, rules, session) if d.id == "working_session")
    assert dep.who == Person("client", "Dana Ruiz, Head of Ops")
    assert "4 hours per week" in dep.what and "10 hours per week" in dep.what
    assert dep.resistance.driver == "capacity" and dep.resistance.level == "high"
    assert dep.resistance.score == pytest.approx(0.6)
    assert dep.mitigation.tactic == "facilitation"
    assert [q.text for q in dep.evidence] == ["Dana Ruiz, Head of Ops"]


def test_unnamed_owner_is_marked_and_fails_smart(bank, model, rules):
    session = load_session(dict(BASE, people={"supplier": "", "client": ""},
                                answers={"supplier": {}, "client": {"data_access": "partial"}}), bank)
    dep = next(d for d in _draft(bank, model, rules, session) if d.id == "materials_data")
    assert dep.who.named is False and "Northwind" in dep.who.name
    assert not smart_check(dep, session, bank).check("owner").passed


def test_goal_linked_by_keywords_then_first(bank, model, rules):
    deps = {d.id: d for d in _draft(bank, model, rules,
                                    _session(bank, {}, {"data_access": "partial"}))}
    assert deps["materials_data"].goal_id == "g2"  # "data" matches the migration goal
    assert "Migrate the customer data" in deps["materials_data"].why
    assert deps["supplier_milestone"].goal_id == "g1"  # no keyword matches: the first goal


def test_delivery_date_never_earlier_than_the_work_needs(bank, model, rules):
    session = _session(bank, {"supplier_min_weeks": 20}, {"target_date": "2027-01-15"})
    dep = next(d for d in _draft(bank, model, rules, session) if d.id == "supplier_milestone")
    assert dep.due == dt.date(2026, 11, 23) + dt.timedelta(weeks=20)
    assert "2027-01-15" in dep.when and "20 weeks" in dep.when
    later = _session(bank, {"supplier_min_weeks": 4}, {"target_date": "2027-01-15"})
    dep = next(d for d in _draft(bank, model, rules, later) if d.id == "supplier_milestone")
    assert dep.due == dt.date(2027, 1, 15)


def test_hidden_follow_up_does_not_count(bank, model, rules):
    """past_failure_story answered, then hidden by past_vendor_failures = none: not quoted."""
    session = _session(bank, {}, {"past_vendor_failures": "none", "past_failure_story": "burned"})
    quotes = [q for d in _draft(bank, model, rules, session) for q in d.evidence]
    assert all(q.question != "past_failure_story" for q in quotes)


def test_supplier_private_answers_never_appear(bank, model, rules, example_path):
    session = _example(bank, example_path)
    private = [v for q, v in session.answers["supplier"].items()
               if bank.by_id[q].visibility == "supplier_private" and isinstance(v, str) and len(v) > 3]
    for dep in _draft(bank, model, rules, session):
        text = repr(dataclasses.asdict(dep))
        assert not any(v in text for v in private)


def test_drafting_is_deterministic(bank, model, rules, example_path):
    session = _example(bank, example_path)
    assert _draft(bank, model, rules, session) == _draft(bank, model, rules, session)
