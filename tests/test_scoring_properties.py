"""Properties of score() over sessions drawn from the real bank: bounds, symmetry of the
perception gap, monotonicity of readiness, the exact loss split, determinism, and agreement
of the vectorised portfolio path."""
from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from answers_support import answer_sets, at_most, values
from questions import PARTIES, load_bank
from questions.session import Session
from scoring import load_model, score, vector
from scoring.items import item_score

BANK = load_bank()
MODEL = load_model()
PLAN = vector.plan(BANK, MODEL)
SCORED = [(p, q.id) for q in BANK.questions if q.scored for p in q.answered_by]


@st.composite
def sessions(draw: st.DrawFn, complete: bool = False) -> Session:
    """Any valid mix of answered and unanswered questions (shrinking toward unanswered); with
    ``complete``, every question answered."""
    return Session(deal={"name": "drawn", "date": "2026-11-23"},
                   answers=draw(answer_sets(BANK, complete=complete)))


def _bounded(x: float | None, lo: float = 0.0, hi: float = 100.0) -> bool:
    return x is None or lo - 1e-9 <= x <= hi + 1e-9


@at_most(100)
@given(sessions())
def test_every_score_is_in_bounds(session: Session) -> None:
    r = score(BANK, session, MODEL)
    assert all(_bounded(x) for x in (r.readiness, r.alignment, r.resistance, r.trust_index))
    assert _bounded(r.confidence, 0, 1)
    for a in r.areas:
        assert all(_bounded(x) for x in (a.supplier, a.client, a.combined, a.alignment, a.resistance))
        assert _bounded(a.confidence, 0, 1)
    assert all(loss.points > 0 for loss in r.losses)
    assert all(abs(g.difference) >= MODEL.alignment.gap_points - 1e-9 for g in r.gaps)


@at_most(100)
@given(sessions())
def test_lost_points_sum_to_the_shortfall(session: Session) -> None:
    r = score(BANK, session, MODEL)
    if r.readiness is None:
        assert r.losses == ()
    else:
        assert math.isclose(sum(loss.points for loss in r.losses), 100.0 - r.readiness, abs_tol=1e-9)


def _pairs(session: Session, area: str | None = None) -> int:
    """Mirrored scored questions both parties answered with a score (not "don't know", not an
    empty choice)."""
    return sum(1 for q in BANK.questions if q.mirrored and q.scored and (area is None or q.area == area)
               and all(item_score(q, session.answers[p].get(q.id), session.answers) is not None
                       for p in PARTIES))


@given(sessions())
def test_missing_data_gives_none_never_a_number(session: Session) -> None:
    """Every figure that needs answers is None exactly when they are not there: no 0 or 0.5
    stands in for data (readiness, alignment, resistance, bands, per-area figures, confidence,
    the trust index)."""
    from questions import visible_answers
    counted = visible_answers(BANK.by_id, session.answers)
    counted = Session(deal=session.deal, answers={p: counted.get(p, {}) for p in PARTIES})
    r = score(BANK, session, MODEL)
    assert (r.readiness is None) == all(a.combined is None for a in r.areas)
    assert (r.alignment is None) == (_pairs(counted) == 0)
    assert (r.resistance is None) == (r.readiness is None) == (r.resistance_band is None)
    for a in r.areas:
        assert (a.alignment is None) == (_pairs(counted, a.id) == 0) == (a.direction is None)
        assert (a.resistance is None) == (a.combined is None) == (a.resistance_band is None)
    t = MODEL.trust
    trust = [counted.answers[t.party].get(q) for q in (t.credibility, t.reliability, t.intimacy,
                                                       t.self_orientation)]
    assert (r.trust_index is None) == any(v is None or v == "dont_know" for v in trust)
    if r.readiness is None:
        assert r.recommendation in ("not_enough_answers", "walk_away") and r.conditions == ()
    empty = score(BANK, session.model_copy(update={"answers": {p: {} for p in PARTIES}}), MODEL)
    assert (empty.readiness, empty.alignment, empty.resistance, empty.trust_index,
            empty.confidence) == (None, None, None, None, 0.0)
    assert all(a.combined is a.alignment is a.resistance is None for a in empty.areas)


@at_most(100)
@given(sessions())
def test_swapping_mirrored_answers_keeps_alignment(session: Session) -> None:
    swapped = {p: dict(a) for p, a in session.answers.items()}
    for q in BANK.questions:
        if q.mirrored:
            s, c = session.answers["supplier"].get(q.id), session.answers["client"].get(q.id)
            for party, value in (("supplier", c), ("client", s)):
                swapped[party].pop(q.id, None)
                if value is not None:
                    swapped[party][q.id] = value
    before = score(BANK, session, MODEL)
    after = score(BANK, session.model_copy(update={"answers": swapped}), MODEL)
    assert (before.alignment is None) == (after.alignment is None)
    assert before.alignment is None or math.isclose(before.alignment, after.alignment, abs_tol=1e-9)
    for a, b in zip(before.areas, after.areas):
        assert (a.alignment is None) == (b.alignment is None)
        assert a.alignment is None or math.isclose(a.alignment, b.alignment, abs_tol=1e-9)
    assert sorted(abs(g.difference) for g in before.gaps) == sorted(abs(g.difference) for g in after.gaps)


@at_most(100)
@given(sessions(), st.sampled_from(SCORED), st.data())
def test_a_better_answer_never_lowers_readiness(session: Session, item: tuple[str, str], data: st.DataObject) -> None:
    party, qid = item
    question = BANK.by_id[qid]
    first = data.draw(values(question))
    second = data.draw(values(question))
    one, two = session.with_answer(party, qid, first), session.with_answer(party, qid, second)
    s1 = item_score(question, first, one.answers)
    s2 = item_score(question, second, two.answers)
    assume(s1 is not None and s2 is not None and s1 != s2)
    worse, better = (one, two) if s1 < s2 else (two, one)
    high, low = score(BANK, better, MODEL).readiness, score(BANK, worse, MODEL).readiness
    assume(high is not None and low is not None)
    assert high >= low - 1e-9


@at_most(50)
@given(sessions())
def test_same_input_same_report(session: Session) -> None:
    first = score(BANK, session, MODEL)
    again = score(BANK, Session.model_validate_json(session.to_json()), MODEL)
    assert first == again
    assert first.to_dict() == again.to_dict()


@at_most(50)  # each example scores up to four sessions twice over
@given(st.lists(sessions(), min_size=1, max_size=4))
def test_vector_path_agrees_with_score(drawn: list[Session]) -> None:
    scores, visible = vector.item_frame(BANK, drawn, PLAN)
    reports = [score(BANK, s, MODEL) for s in drawn]
    nan = lambda x: np.nan if x is None else x  # noqa: E731  (None in a report is NaN here)
    np.testing.assert_allclose(vector.readiness(scores, PLAN, visible),
                               [nan(r.readiness) for r in reports], rtol=0, atol=1e-9)
    np.testing.assert_allclose(vector.alignment(scores, PLAN), [nan(r.alignment) for r in reports],
                               rtol=0, atol=1e-9)
