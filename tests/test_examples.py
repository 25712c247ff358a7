"""The example sessions: each validates, is complete, and still tells the story it was written for.

Scoring's tests check the verdicts; these check the answers that the verdicts rest on (the
knock-out inputs, the gaps), so an edit to an example cannot quietly change its story.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from questions import load_session
from questions.conditions import is_visible
from questions.schema import DONT_KNOW, SCALE_TYPES, Bank
from questions.session import Session

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STORIES = ["aligned_partnership", "perfect_cheap_now", "hard_to_reach_distrust", "rosy_supplier",
           "conditions_midway"]


def load(name: str, bank: Bank) -> Session:
    return load_session((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"), bank)


def keyed(bank: Bank, qid: str, value: int) -> int:
    """A scale answer turned so that 5 is always the favourable end."""
    return 6 - value if bank.question(qid).reverse else value


def gaps(bank: Bank, session: Session) -> dict[str, int]:
    s, c = session.answers["supplier"], session.answers["client"]
    return {q.id: keyed(bank, q.id, s[q.id]) - keyed(bank, q.id, c[q.id])
            for q in bank.questions if q.mirrored and q.type in SCALE_TYPES
            and isinstance(s.get(q.id), int) and isinstance(c.get(q.id), int)}


def test_the_five_stories_exist():
    assert {p.stem for p in EXAMPLES.glob("*.json")} >= set(STORIES)


def test_example_validates_and_is_canonical_json(example_path, bank):
    text = example_path.read_text(encoding="utf-8")
    session = load_session(text, bank)
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert session.to_json() + "\n" == text, "example should be written exactly as Session writes it"


def test_example_describes_a_real_call(example_path, bank):
    session = load_session(example_path.read_text(encoding="utf-8"), bank)
    deal, people = session.deal, session.people
    assert all([deal.name, deal.supplier, deal.client, people.supplier, people.client])
    assert deal.supplier != deal.client and isinstance(deal.date, dt.date)
    assert 2 <= len(session.goals) <= 4
    assert [g.id for g in session.goals] == [f"g{i}" for i in range(1, len(session.goals) + 1)]
    assert all(len(g.text) >= 30 for g in session.goals)


def test_example_answers_every_question_each_party_sees(example_path, bank):
    session = load_session(example_path.read_text(encoding="utf-8"), bank)
    for party in ("supplier", "client"):
        seen = [q for q in bank.for_party(party) if is_visible(q, session.answers, party)]
        missing = [q.id for q in seen if q.id not in session.answers[party]]
        assert not missing, f"{party} left {missing} unanswered"
        hidden = [q.id for q in bank.for_party(party)
                  if q.id in session.answers[party] and q not in seen]
        assert not hidden, f"{party} answered hidden follow-ups {hidden}"
        texts = [session.answers[party][q.id] for q in seen if q.type == "text"]
        assert all(isinstance(t, str) and len(t) >= 20 for t in texts), "free text should say something"


def weeks_to_target(session: Session) -> float:
    target = dt.date.fromisoformat(session.answers["client"]["target_date"])
    return (target - session.deal.date).days / 7


def hours_share(session: Session) -> float:
    return session.answers["client"]["hours_committed"] / session.answers["supplier"]["hours_required"]


def test_aligned_partnership_story(bank):
    session = load("aligned_partnership", bank)
    s, c = session.answers["supplier"], session.answers["client"]
    assert hours_share(session) >= 1
    assert c["client_owner"] and s["decision_maker"] == c["decision_maker"] == "named"
    assert s["need_stated_openly"] >= 4 and c["need_stated_openly"] >= 4
    assert c["budget_amount"] >= s["supplier_min_price"]
    assert weeks_to_target(session) >= s["supplier_min_weeks"]
    assert max(abs(d) for d in gaps(bank, session).values()) <= 1
    assert c["accepts_consequences"] == "yes" and c["budget_approved"] == "approved"


def test_perfect_cheap_now_story(bank):
    session = load("perfect_cheap_now", bank)
    s, c = session.answers["supplier"], session.answers["client"]
    assert c["quality_bar"] == "perfect" and c["flex_corners"] == ["none"]
    assert c["fixed_corner_give"] == "none_of_them"
    assert c["budget_amount"] < 0.8 * s["supplier_min_price"]
    assert weeks_to_target(session) < 0.8 * s["supplier_min_weeks"]
    assert hours_share(session) < 0.5
    assert c["accepts_consequences"] == "no"
    assert "hours_gap_plan" in c  # the low-hours follow-up was shown and answered


def test_hard_to_reach_distrust_story(bank):
    session = load("hard_to_reach_distrust", bank)
    s, c = session.answers["supplier"], session.answers["client"]
    for qid in ("reachable", "shares_information", "meetings_kept"):
        assert s[qid] <= 2, f"the supplier should observe poor {qid}"
    assert c["past_vendor_failures"] == "two_or_more" and len(c["past_failure_story"]) > 100
    assert c["wants_penalties"] == "strict_penalties"
    # but none of the knock-outs: real need, money, an owner, hours, a decision maker
    assert c["pain_impact"] == 5 and c["budget_approved"] == "approved" and c["client_owner"]
    assert hours_share(session) >= 0.5 and c["decision_maker"] == "named"
    assert c["accepts_consequences"] != "no" and "none" not in c["flex_corners"]
    assert max(abs(d) for d in gaps(bank, session).values()) <= 1


def test_rosy_supplier_story(bank):
    session = load("rosy_supplier", bank)
    s, c = session.answers["supplier"], session.answers["client"]
    scale = [q.id for q in bank.questions if q.mirrored and q.type in SCALE_TYPES]
    assert all(keyed(bank, q, s[q]) >= 4 for q in scale), "the supplier sees everything glowing"
    assert all(keyed(bank, q, c[q]) <= 3 for q in scale if c.get(q) != DONT_KNOW)
    d = gaps(bank, session)
    assert sum(1 for v in d.values() if v >= 2) >= 0.75 * len(scale)
    mean_gap = sum(abs(v) for v in d.values()) / len(d)
    assert 100 * (1 - mean_gap / 4) < 50, "alignment should sit far below the 58 cut-off"
    assert s["critical_event"] == "yes_dated" and c["critical_event"] == "none"


def test_conditions_midway_story(bank):
    session = load("conditions_midway", bank)
    s, c = session.answers["supplier"], session.answers["client"]
    assert c["budget_approved"] == "in_process" and c["data_access"] == "partial"
    assert c["materials_needed"] and s["reviewers_named"] <= 2 and c["reviewers_named"] <= 2
    assert hours_share(session) >= 1 and c["client_owner"] and c["accepts_consequences"] != "no"
    d = gaps(bank, session)
    assert [q for q, v in d.items() if abs(v) >= 2] == ["date_realistic"]
