"""The SMART check: each of the five checks responds to the edit that should flip it."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import scoring
from app_support import packaged_model
from agreement import draft_dependencies, smart_check
from agreement.draft import Person
from questions.session import load_session

SESSION = {"format": "groundwork.session/1",
           "deal": {"name": "Smart", "supplier": "Acme", "client": "Northwind", "date": "2026-11-23"},
           "people": {"supplier": "Sam Seller", "client": "Cleo Buyer"},
           "goals": [{"id": "g1", "text": "Go live by June"}]}


def _setup(bank, supplier, client):
    session = load_session(dict(SESSION, answers={"supplier": supplier, "client": client}), bank)
    report = scoring.score(bank, session, packaged_model())
    deps = {d.id: d for d in draft_dependencies(bank, session, report)}
    return session, deps


@pytest.fixture(scope="module")
def enough_hours(bank):
    return _setup(bank, {"hours_required": 6, "supplier_min_weeks": 10},
                  {"hours_committed": 8, "client_owner": "Cleo Buyer", "data_access": "partial"})


def test_drafted_rows_pass_when_the_answers_are_sound(bank, enough_hours):
    session, deps = enough_hours
    for dep in deps.values():
        result = smart_check(dep, session, bank)
        assert result.passed, (dep.id, result.failed)
        assert [c.name for c in result.checks] == ["specific", "measurable", "owner",
                                                    "realistic", "time_bound"]


EDITS = [
    ("specific", {"what": "Send data."}, "words"),
    ("specific", {"what": "Cleo sends the exports as soon as possible to the team"}, "vague"),
    ("specific", {"goal_id": "g9"}, "agreed goals"),
    ("measurable", {"measure": "It is fine"}, "observable"),
    ("owner", {"who": Person("client", "Cleo and Bob")}, "more than one"),
    ("owner", {"who": Person("client", "a person named by Northwind", named=False)}, "no person"),
    ("time_bound", {"when": "soon", "due": None}, "date or a period"),
    ("time_bound", {"when": "by 2026-01-05", "due": None}, "before the deal date"),
]


@pytest.mark.parametrize("check,change,reason", EDITS, ids=[f"{e[0]}-{e[2]}" for e in EDITS])
def test_each_edit_fails_exactly_its_check(bank, enough_hours, check, change, reason):
    session, deps = enough_hours
    edited = dataclasses.replace(deps["materials_data"], **change)
    result = smart_check(edited, session, bank)
    assert [c.name for c in result.failed] == [check]
    assert reason in result.check(check).reason
    assert not result.passed


def test_time_bound_reads_a_date_typed_into_when(bank, enough_hours):
    session, deps = enough_hours
    edited = dataclasses.replace(deps["materials_data"], when="by 2027-01-04", due=None)
    assert smart_check(edited, session, bank).check("time_bound").reason == "due by 4 Jan 2027"
    as_drafted = dataclasses.replace(deps["materials_data"], when="by 5 Jan 2027; then weekly", due=None)
    assert smart_check(as_drafted, session, bank).check("time_bound").reason == "due by 5 Jan 2027"


def test_a_date_conflict_is_not_realistic(bank, enough_hours):
    session, deps = enough_hours
    clash = dataclasses.replace(deps["materials_data"], conflict="due after the print date")
    check = smart_check(clash, session, bank).check("realistic")
    assert not check.passed and check.reason == "due after the print date"


def test_realistic_fails_when_client_hours_fall_short(bank):
    session, deps = _setup(bank, {"hours_required": 10}, {"hours_committed": 4, "client_owner": "Cleo"})
    check = smart_check(deps["working_session"], session, bank).check("realistic")
    assert not check.passed and "4 of the 10" in check.reason
    assert smart_check(deps["supplier_milestone"], session, bank).check("realistic").passed


def test_realistic_fails_for_a_supplier_date_sooner_than_the_work_needs(bank, enough_hours):
    session, deps = enough_hours
    rushed = dataclasses.replace(deps["supplier_milestone"], due=dt.date(2026, 12, 1),
                                 when="by 2026-12-01")
    check = smart_check(rushed, session, bank).check("realistic")
    assert not check.passed and "10 weeks" in check.reason


def test_rows_round_trip_and_an_edit_reaches_the_check(bank, enough_hours):
    from agreement.table import COLUMNS, from_row, to_row

    session, deps = enough_hours
    for dep in deps.values():
        row = to_row(dep)
        assert tuple(row) == COLUMNS
        assert from_row(row, dep) == dep
    row = dict(to_row(deps["materials_data"]), owner="", when="sometime")
    edited = from_row(row, deps["materials_data"])
    assert {c.name for c in smart_check(edited, session, bank).failed} == {"owner", "time_bound"}
    new = from_row({"what": "Cleo Buyer sends the signed purchase order to Acme",
                    "goal_id": "g1", "party": "client", "owner": "Cleo Buyer",
                    "when": "by 2026-12-04", "measure": "Purchase order signed and received"})
    assert smart_check(new, session, bank).passed
