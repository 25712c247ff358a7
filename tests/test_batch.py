"""The batch path (scoring.batch) agrees with scoring.assess, session by session: the verdict,
readiness, alignment, resistance, each area's figures, the knock-outs, open warnings and proceed
checks, and what blocks a deal; on the examples and on sessions drawn from the real bank."""
from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from questions import load_session
from questions.schema import PARTIES
from questions.session import Session
from scoring import assess, load_model
from scoring.batch import assess_many, blocks_of, report_blocks
from scoring.columns import build, from_sessions
from test_scoring_properties import BANK, sessions

from conftest import EXAMPLES

MODEL = load_model()


def _same(batch_value: float, report_value: float | None) -> bool:
    """Equal to the last bit, NaN standing for None."""
    if report_value is None:
        return bool(np.isnan(batch_value))
    return float(batch_value) == report_value


def check_agrees(drawn: list[Session]) -> None:
    batch = assess_many(BANK, MODEL, from_sessions(drawn))
    for i, session in enumerate(drawn):
        r = assess(BANK, session, MODEL)
        assert batch.recommendation(i) == r.recommendation, (i, r.reasons)
        assert _same(batch.readiness[i], r.readiness)
        assert _same(batch.alignment[i], r.alignment)
        assert _same(batch.resistance[i], r.resistance)
        for j, area in enumerate(r.areas):
            assert batch.area_ids[j] == area.id
            assert _same(batch.area_score[j, i], area.combined)
            assert _same(batch.area_alignment[j, i], area.alignment)
            assert _same(batch.area_resistance[j, i], area.resistance)
        fired = {code for code, on in batch.knockouts.items() if on[i]}
        assert fired == {k.code for k in r.knockouts}
        opened = {code for code, on in batch.warnings.items() if on[i]}
        assert opened == {w.code for w in r.warnings if not w.resolved}
        failing = sorted(code for code, on in batch.conditions.items() if on[i])
        if r.recommendation != "not_enough_answers":
            assert set(failing) == {c.code for c in r.conditions}
        goals = MODEL.knockouts.goals_alignment
        ours = blocks_of(r.recommendation, sorted(fired), failing, goals.area if goals else None)
        assert tuple(map(sorted, ours)) == tuple(map(sorted, report_blocks(r, MODEL)))


def test_the_examples_agree():
    drawn = [load_session(p.read_text(encoding="utf-8"), BANK) for p in EXAMPLES]
    check_agrees(drawn)
    verdicts = {assess(BANK, s, MODEL).recommendation for s in drawn}
    assert len(verdicts) >= 3  # the examples cover several verdicts, so the check means something


@given(st.lists(sessions(), min_size=1, max_size=5))
def test_drawn_sessions_agree(drawn: list[Session]) -> None:
    check_agrees(drawn)


@given(st.lists(sessions(complete=True), min_size=1, max_size=3))
def test_complete_sessions_agree(drawn: list[Session]) -> None:
    check_agrees(drawn)


def test_over_estimation_is_supplier_minus_client_on_mirrored_questions():
    q = next(q for q in BANK.questions if q.mirrored and q.type == "likert" and not q.reverse
             and q.show_if is None)
    one = Session(deal={"name": "x"}, answers={"supplier": {q.id: 5}, "client": {q.id: 2}})
    other = next(x for x in BANK.questions if x.mirrored and x.type == "likert" and x.reverse
                 and x.show_if is None)
    two = Session(deal={"name": "y"}, answers={"supplier": {q.id: 4, other.id: 4},
                                               "client": {q.id: 4, other.id: 2}})
    batch = assess_many(BANK, MODEL, from_sessions([one, two, Session(deal={"name": "z"})]))
    assert batch.overestimation[0] == 3.0 and batch.pairs[0] == 1
    # reverse-keyed: the supplier's 4 ("friction") is the less favourable view: -2 on that one
    assert batch.overestimation[1] == -1.0 and batch.pairs[1] == 2
    assert math.isnan(batch.overestimation[2]) and batch.pairs[2] == 0


def test_columns_keep_distinct_values_once():
    cols = build(3, [(0, "client", "flex_corners", ["scope"]), (2, "client", "flex_corners", ["scope"]),
                     (1, "client", "flex_corners", ["cost", "date"])])
    col = cols.column("client", "flex_corners")
    assert col.values == (["scope"], ["cost", "date"])
    assert list(col.rows) == [0, 2, 1] and list(col.codes) == [0, 0, 1]
    assert [x for x in col.lookup(3, len, 0, int)] == [1, 2, 1]
    assert cols.column("supplier", "flex_corners") is None
    assert PARTIES == ("supplier", "client")
