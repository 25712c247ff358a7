"""Dates worked out from what was said: the catalogue and rollout stories pinned to their dates,
business days with public holidays, names apart from roles, conflicts as asks, and two
properties over generated sessions (nothing silently due after the date it serves; every
supplier milestone bound with a consequence in the client's favour)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scoring
from agreement import conflicts, draft_dependencies
from agreement.conflict_asks import conflict_asks
from agreement.facts import split_person
from questions import load_session
from questions.session import Session, SessionError, parse_session
from questions.words import answer_in_words
from questions.workdays import add_business_days, public_holidays
from answers_support import at_most

ROOT = Path(__file__).resolve().parent.parent
MODEL = scoring.load_model()
D = dt.date


def draft(bank, session: Session) -> dict:
    return {d.id: d for d in draft_dependencies(bank, session, scoring.score(bank, session, MODEL))}


def example(bank, name: str) -> Session:
    return load_session((ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"), bank)


# -- the catalogue: print date, change cut-off, 2-day review window, two milestones ------------

@pytest.fixture(scope="module")
def catalogue(bank):
    return example(bank, "catalogue_print_date"), draft(bank, example(bank, "catalogue_print_date"))


def test_catalogue_milestones_keep_their_dates_and_bind_the_supplier(catalogue):
    _, deps = catalogue
    m1, m2 = deps["milestone-m1"], deps["milestone-m2"]
    assert (m1.due, m2.due) == (D(2026, 11, 13), D(2026, 11, 19))
    for m in (m1, m2):
        assert m.who.party == "supplier" and m.who.name == "Anna Lindgren"
        assert "credited to the client day for day" in m.consequence
        assert m.serves.label == "Catalogue goes to print" and m.serves.date == D(2026, 11, 27)
        assert m.conflict is None


def test_catalogue_reviews_take_exactly_the_two_business_days_said(catalogue):
    _, deps = catalogue
    assert deps["review-m1"].due == D(2026, 11, 17)  # Fri 13 + 2 business days = Tue 17
    assert deps["review-m2"].due == D(2026, 11, 23)  # Thu 19 + 2 business days = Mon 23
    for review in (deps["review-m1"], deps["review-m2"]):
        assert "within 2 business days" in review.what
        assert "Silence after 2 business days counts as acceptance" in review.consequence
        assert review.who.name == "Ingrid Solberg" and review.conflict is None
    assert "within 2 business days of each delivery" in deps["review_acceptance"].when


def test_catalogue_change_cut_off_and_deliverables(catalogue):
    _, deps = catalogue
    cut_off = deps["deliverable-d2"]
    assert cut_off.due == D(2026, 11, 25) and cut_off.who.name == "Ingrid Solberg"
    assert cut_off.serves.date == D(2026, 11, 27) and "day for day" in cut_off.consequence
    assert deps["deliverable-d1"].who.name == "Lars Eide"  # "Lars Eide, Buyer" -> the name
    cover = deps["deliverable-d3"]  # no date said: four business days before the print date
    assert cover.due == D(2026, 11, 23) and "4 business days before" in cover.when
    materials = deps["materials_data"]  # due before the work's four days before print
    assert materials.due == D(2026, 11, 23) and materials.serves.date == D(2026, 11, 27)


def test_a_four_day_job_reads_in_days(bank, catalogue):
    session, deps = catalogue
    question = bank.question("work_duration")
    assert answer_in_words(question, session.answers["supplier"]["work_duration"]) == "4 business days"
    assert not any(f"{n} week" in d.when or "weeks" in d.when for d in deps.values() for n in range(10))


# -- the rollout: a stated export date, a named SME, a 3-day review, a pilot in week 4 ---------

def test_rollout_keeps_the_export_date_the_sme_and_the_pilot(bank):
    session = example(bank, "signer_withheld")
    deps = draft(bank, session)
    export = deps["deliverable-d1"]
    assert export.due == D(2026, 12, 11) and export.who.name == "Erik Sandberg"
    pilot = deps["milestone-m1"]
    assert pilot.due == add_business_days(D(2026, 11, 23), 20) and "week 4" in pilot.when
    assert deps["review-m1"].due == add_business_days(pilot.due, 3)
    assert "within 3 business days" in deps["review_acceptance"].what
    assert "Erik Sandberg (Supplier quality engineer (subject expert), 4 hours a week)" in \
        deps["working_session"].what
    assert {"milestone-m1", "milestone-m2"} <= deps.keys()


# -- business days, names, conflicts ------------------------------------------------------------

def test_public_holidays_of_the_deal_country_are_not_business_days():
    norway = public_holidays("NO", 2026, 2027)
    assert D(2026, 12, 25) in norway and D(2026, 12, 26) in norway
    assert add_business_days(D(2026, 12, 24), 1) == D(2026, 12, 25)  # no country: a Friday
    assert add_business_days(D(2026, 12, 24), 1, norway) == D(2026, 12, 28)


def test_an_unknown_country_is_refused_saying_where():
    with pytest.raises(SessionError, match="deal.country"):
        parse_session({"format": "groundwork.session/1", "deal": {"name": "x", "country": "XX"}})


@pytest.mark.parametrize("text, name", [
    ("Ingrid Solberg, Head of Operations (6 hours a week blocked in her calendar)", "Ingrid Solberg"),
    ("Dr. Helen Park", "Dr. Helen Park"), ("Per Berg - SME", "Per Berg"), ("Ana (SME)", "Ana"),
    ("Aisha Karimi; for now", "Aisha Karimi")])
def test_a_name_is_parsed_apart_from_the_role(text, name):
    assert split_person(text)[0] == name


def test_a_schedule_that_cannot_fit_is_drafted_with_a_conflict_and_asked_about(bank):
    session = example(bank, "perfect_cheap_now")
    deps = list(draft(bank, session).values())
    clashing = conflicts(deps)
    assert {d.id for d in clashing} >= {"materials_data", "deliverable-d1", "review-m1"}
    review = next(d for d in clashing if d.id == "review-m1")
    assert review.due > review.serves.date and "after New webshop live" in review.conflict
    asks = conflict_asks(session, deps)
    assert [a.code for a in asks] == [f"conflict:{d.id}" for d in clashing]
    assert all(a.due == "2026-11-30" and a.text.startswith("Agree a date that fits") for a in asks)


# -- properties over generated sessions ---------------------------------------------------------

DAY = st.dates(D(2026, 11, 1), D(2027, 12, 31))
WHEN = st.one_of(DAY.map(D.isoformat), st.integers(1, 40).map(lambda n: f"week {n}"))


@st.composite
def dated_sessions(draw, bank) -> Session:
    events = draw(st.lists(DAY, max_size=3))
    milestones = draw(st.lists(WHEN, max_size=4))
    deliverables = draw(st.lists(st.one_of(st.none(), DAY), max_size=3))
    client = {
        "key_dates": [{"row": f"k{i}", "what": f"Event {i}", "date": d.isoformat()}
                      for i, d in enumerate(events)],
        "client_deliverables": [{"row": f"d{i}", "what": f"Input {i}", "who": "Cleo Buyer, CFO",
                                 **({"by": d.isoformat()} if d else {})}
                                for i, d in enumerate(deliverables)],
        "data_access": draw(st.sampled_from(["ready", "partial", "not_yet"])),
        "flex_corners": [draw(st.sampled_from(["scope", "cost", "date", "none"]))],
        "decision_maker": draw(st.sampled_from(["named", "path", "none"])),
        "budget_approved": draw(st.sampled_from(["approved", "in_process", "not_started"])),
    }
    if draw(st.booleans()):
        client["target_date"] = draw(DAY).isoformat()
    if draw(st.booleans()):
        client["review_days"] = draw(st.integers(1, 30))
    supplier = {"supplier_milestones": [{"row": f"m{i}", "what": f"Milestone {i}", "when": w}
                                        for i, w in enumerate(milestones)]}
    if draw(st.booleans()):
        supplier["work_duration"] = {"amount": draw(st.integers(1, 60)),
                                     "unit": draw(st.sampled_from(["days", "weeks"]))}
    return load_session({"format": "groundwork.session/1",
                         "deal": {"name": "Drawn", "supplier": "Acme", "client": "Northwind",
                                  "date": draw(DAY).isoformat(),
                                  **({"country": "NO"} if draw(st.booleans()) else {})},
                         "people": {"supplier": "Sam Seller", "client": "Cleo Buyer"},
                         "goals": [{"id": "g1", "text": "Launch on time"}],
                         "answers": {"supplier": supplier, "client": client}}, bank)


@at_most(60)
@given(st.data())
def test_nothing_is_silently_due_after_the_date_it_serves(bank, data):
    session = data.draw(dated_sessions(bank))
    for dep in draft(bank, session).values():
        if dep.due is not None and dep.serves is not None and dep.due > dep.serves.date:
            assert dep.conflict, (dep.id, dep.due, dep.serves)


@at_most(60)
@given(st.data())
def test_every_supplier_milestone_binds_the_supplier_in_the_clients_favour(bank, data):
    session = data.draw(dated_sessions(bank))
    deps = draft(bank, session)
    for row in session.answers["supplier"]["supplier_milestones"]:
        dep = deps[f"milestone-{row['row']}"]
        assert dep.who.party == "supplier" and dep.who.name == "Sam Seller"
        assert "credited to the client" in dep.consequence and row["what"] in dep.what
        assert dep.due is not None
