"""Stored reports, the pipeline's SQL aggregates, outcomes and the calibration report, on a real
SQLite file and (with GROUNDWORK_TEST_POSTGRES_URL) a real PostgreSQL schema.

The report stored when an answer is saved (one session, scoring.assess) and the report written
by rescoring (every session, the batch path) must be the same row; the pipeline's aggregates
must count what its rows say; outcomes survive CSV and the session JSON."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from conftest import EXAMPLES
from answers_support import empty_session, full_session
from storage_support import every_backend

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import synthetic  # noqa: E402
from portfolio.calibrate import outcome_data, report  # noqa: E402
from portfolio.reports import Reporter, figures, fingerprint  # noqa: E402
from portfolio.rescore import refresh, rescore  # noqa: E402
from scoring import load_model  # noqa: E402
from scoring.calibration import calibrate  # noqa: E402
from storage.outcomes import OutcomeError  # noqa: E402
from storage.pipeline import PipelineFilter  # noqa: E402

MODEL = load_model()
pytestmark = every_backend
COLUMNS = ("session_id", "revision", "model", "verdict", "readiness", "alignment", "resistance",
           "overestimation", "mirrored_pairs", "areas", "deal", "client", "salesperson", "deal_date", "month")


def stored(store) -> tuple[list[tuple], list[tuple]]:
    with store.engine.connect() as connection:
        reports = [tuple(r) for r in connection.execute(sa.text(
            f"SELECT {', '.join(COLUMNS)} FROM reports ORDER BY session_id"))]
        blocks = [tuple(r) for r in connection.execute(sa.text(
            "SELECT session_id, kind, code FROM report_blocks ORDER BY session_id, kind, code"))]
    return reports, blocks


@pytest.fixture
def reporting(open_store, bank):
    def _open():
        store = open_store()
        store.reporter = Reporter(bank, MODEL)
        return store
    return _open


def test_a_report_is_stored_with_every_answer_and_equals_the_batch_rescoring(reporting, bank):
    store = reporting()
    ids = [store.import_json(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    ids.append(store.create_session(full_session(bank, salt=2)))
    ids.append(store.create_session(empty_session("Nothing answered yet")))
    store.save_answer(ids[0], "client", "hours_committed", 1, viewer="client")
    one = stored(store)
    assert [r[0] for r in one[0]] == sorted(ids)
    assert store.stale_reports(fingerprint(bank, MODEL)) == []
    row = next(r for r in one[0] if r[0] == ids[0])
    after = figures(bank, MODEL, store.load_session(ids[0]))
    assert row[3] == after.verdict and row[4] == pytest.approx(after.readiness, abs=0)
    assert rescore(store, bank, MODEL) == len(ids)
    assert stored(store) == one  # the batch path writes the very same rows
    verdicts = {r[3] for r in one[0]}
    assert {"walk_away", "proceed_with_conditions", "not_enough_answers"} <= verdicts
    empty = next(r for r in one[0] if r[10] == "Nothing answered yet")
    assert empty[4] is None and empty[5] is None and empty[7] is None and empty[8] == 0


def copy_revisions(store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT session_id, revision FROM answer_copies")).all())


def session_revisions(store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, revision FROM sessions")).all())


def test_answer_copies_are_read_only_while_current(reporting, open_store, bank):
    """Each stored report brings a copy of the session's answers at its revision; a full
    rescoring reads the current copies instead of the answer rows, and reads the answer rows
    (then copies them) for a session changed since, a session without a copy, or a bank laid
    out differently. Whichever it reads, the reports are those of scoring one session."""
    store = reporting()
    ids = [store.import_json(p.read_text(encoding="utf-8")) for p in EXAMPLES[:4]]
    ids.append(store.create_session(empty_session("Nothing answered yet")))
    assert copy_revisions(store) == session_revisions(store)  # written with each report
    assert store.read_answers().copies == []  # every session read from its copy
    plain = open_store()  # a change made where no reporter is: the copy is left behind
    plain.save_answer(ids[1], "client", "hours_committed", 2, viewer="client")
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM answer_copies WHERE session_id = :s"), {"s": ids[2]})
    made = store.read_answers().copies
    assert sorted(c[0] for c in made) == sorted([ids[1], ids[2]])
    assert rescore(store, bank, MODEL) == len(ids)
    assert copy_revisions(store) == session_revisions(store)  # the rescoring copied them anew
    assert store.read_answers().copies == []
    rows, _ = stored(store)
    for sid in ids:
        expected = figures(bank, MODEL, store.load_session(sid))
        row = next(r for r in rows if r[0] == sid)
        assert (row[3], row[4], row[5]) == (expected.verdict, expected.readiness, expected.alignment)
    with store.engine.begin() as connection:  # copies made under another bank's numbering
        connection.execute(sa.text("UPDATE answer_copies SET layout = 'another-bank'"))
    assert len(store.read_answers().copies) == len(ids)
    rescore(store, bank, MODEL)
    assert stored(store)[0] == rows
    store.delete(ids[0])  # a deleted discovery leaves no copy behind
    assert ids[0] not in copy_revisions(store) and len(copy_revisions(store)) == len(ids) - 1


def test_a_damaged_answer_copy_is_read_again_from_the_answers(reporting, bank):
    store = reporting()
    sid = store.import_json(EXAMPLES[0].read_text(encoding="utf-8"))
    rescore(store, bank, MODEL)
    expected = stored(store)
    for damage in ("items || '0'", ":far || substr(items, 2)", "''"):  # one too many; out of range; none
        with store.engine.begin() as connection:
            connection.execute(sa.text(f"UPDATE answer_copies SET items = {damage}").bindparams(
                **({"far": "\uA000"} if ":far" in damage else {})))
        assert [c[0] for c in store.read_answers().copies] == [sid]  # not trusted: read again
        rescore(store, bank, MODEL)
        assert stored(store) == expected and store.read_answers().copies == []


def test_in_blind_mode_the_figures_use_only_what_the_supplier_may_see(reporting, bank):
    from questions import load_session
    store = reporting()
    session = load_session(EXAMPLES[0].read_text(encoding="utf-8"), bank)
    sid = store.create_session(session, mode="blind")
    sealed = figures(bank, MODEL, session.model_copy(update={"answers": {
        "supplier": session.answers["supplier"], "client": {}}}))
    data = store.pipeline()
    assert data.rows["alignment"] == [None] and data.rows["verdict"] == [sealed.verdict]
    before = stored(store)
    assert rescore(store, bank, MODEL) == 1 and stored(store) == before  # the batch path agrees
    store.mark_complete(sid, "supplier")
    store.mark_complete(sid, "client")
    assert store.stale_reports(fingerprint(bank, MODEL)) == []
    both = figures(bank, MODEL, session)
    assert store.pipeline().rows["alignment"] == [both.alignment] and both.alignment is not None
    after = stored(store)
    rescore(store, bank, MODEL)
    assert stored(store) == after


def test_synthetic_discoveries_rescored_in_bulk_match_one_by_one(open_store, bank):
    store = open_store()
    ids = synthetic.write(store.engine, bank, 120, seed=9)
    assert sorted(store.stale_reports(fingerprint(bank, MODEL))) == sorted(ids)
    assert refresh(store, bank, MODEL) == 120 and refresh(store, bank, MODEL) == 0
    data = store.pipeline()
    for sid in ids[::7]:
        f = figures(bank, MODEL, store.load_session(sid))
        i = data.rows["id"].index(sid)
        assert data.rows["verdict"][i] == f.verdict
        assert (data.rows["readiness"][i], data.rows["alignment"][i]) == (f.readiness, f.alignment)


def test_stale_reports_after_a_change_without_a_reporter_or_another_model(reporting, bank):
    store = reporting()
    sid = store.import_json(EXAMPLES[0].read_text(encoding="utf-8"))
    mark = fingerprint(bank, MODEL)
    assert store.stale_reports(mark) == []
    store.archive(sid)  # the report follows (the pipeline leaves archived ones out)
    assert store.stale_reports(mark) == [] and store.pipeline().count == 0
    store.reporter = None  # a change made where no reporter is (python -m storage, say)
    store.archive(sid, False)
    assert store.stale_reports(mark) == [sid]
    assert refresh(store, bank, MODEL) == 1 and store.stale_reports(mark) == []
    other = MODEL.model_copy(update={"min_answered_share": 0.6})
    assert store.stale_reports(fingerprint(bank, other)) == [sid]


def test_a_discovery_deleted_while_rescoring_gets_no_report(open_store, bank):
    from portfolio.reports import columns
    from portfolio.rescore import to_columns
    from scoring.batch import assess_many
    store = open_store()
    ids = synthetic.write(store.engine, bank, 5, seed=2)
    for every in (True, False):
        answers = store.read_answers(None if every else ids)
        batch = assess_many(bank, MODEL, to_columns(answers))
        store.delete(ids.pop(0))  # after the answers were read, before the reports are written
        store.write_reports(fingerprint(bank, MODEL), columns(MODEL, answers, batch), every=every)
        assert sorted(store.pipeline().rows["id"]) == ids
        assert store.stale_reports(fingerprint(bank, MODEL)) == []


def test_the_apps_worker_stores_the_report_a_moment_after_the_answers(db_url, bank):
    from storage import Store
    store = Store.open(db_url, bank, reporter=Reporter(bank, MODEL), background=True)
    try:
        store.worker.delay = 0.05
        sid = store.import_json(EXAMPLES[0].read_text(encoding="utf-8"))
        for value in (1, 2, 3, 4, 5, 2):  # a burst: one report at the end is enough
            store.save_answer(sid, "client", "goal_measurable", value, viewer="client")
        assert store.worker.wait()
        assert store.stale_reports(fingerprint(bank, MODEL)) == []
        expected = figures(bank, MODEL, store.load_session(sid))
        assert store.pipeline().rows["readiness"] == [expected.readiness]
        gone = store.import_json(EXAMPLES[1].read_text(encoding="utf-8"))
        store.delete(gone)  # deleted before the worker got to it: nothing fails
        assert store.worker.wait()
    finally:
        store.engine.dispose()


def test_a_failing_reporter_never_costs_the_answer(open_store, bank):
    store = open_store()
    sid = store.create_session(empty_session())

    class Broken:
        fingerprint = "broken"

        def __call__(self, session):
            raise RuntimeError("scoring bug")

    store.reporter = Broken()
    store.save_answer(sid, "client", "hours_committed", 12, viewer="client")
    assert store.load_session(sid).answers["client"]["hours_committed"] == 12
    assert store.stale_reports("broken") == [sid]


def test_the_pipeline_aggregates_count_what_its_rows_say(open_store, bank):
    store = open_store()
    synthetic.write(store.engine, bank, 150, seed=5)
    rescore(store, bank, MODEL)
    data = store.pipeline()
    assert data.count == 150
    mix = Counter()
    for m, v in zip(data.rows["month"], data.rows["verdict"]):
        mix[(m, v)] += 1
    assert {(m, v): n for m, v, n in data.verdict_by_month} == dict(mix)
    for sp, mean, deals in data.overestimation:
        mine = [store.load_session(i) for i, p in zip(data.rows["id"], data.rows["salesperson"]) if p == sp]
        values = [figures(bank, MODEL, s).overestimation for s in mine]
        values = [v for v in values if v is not None]
        assert deals == len(values) and mean == pytest.approx(float(np.mean(values)), abs=1e-9)
    blocked = Counter()
    for sid in data.rows["id"]:
        f = figures(bank, MODEL, store.load_session(sid))
        blocked.update([("area", a) for a in f.blocked_areas] + [("ask", a) for a in f.blocked_asks])
    assert {(k, c): n for k, c, n in data.blocks} == dict(blocked)
    assert data.blocks == sorted(data.blocks, key=lambda b: (-b[2], b[0], b[1]))


def test_filters_apply_to_the_rows_and_every_aggregate(open_store, bank):
    store = open_store()
    ids = synthetic.write(store.engine, bank, 80, seed=6)
    rescore(store, bank, MODEL)
    everyone = store.pipeline()
    people, months = store.pipeline_choices()
    assert people == sorted(set(everyone.rows["salesperson"])) and months == sorted(set(everyone.rows["month"]))
    person = people[0]
    some = store.pipeline(PipelineFilter(salespeople=(person,), verdicts=("walk_away",)))
    assert set(some.rows["salesperson"]) <= {person} and set(some.rows["verdict"]) <= {"walk_away"}
    assert sum(n for _, _, n in some.verdict_by_month) == some.count
    assert all(p == person for p, _, _ in some.overestimation)
    unlogged = store.pipeline(PipelineFilter(sales=("none",)))
    assert unlogged.count == sum(1 for s in everyone.rows["sales"] if s is None) and set(unlogged.rows["sales"]) == {None}
    month = sorted(everyone.rows["month"])[len(ids) // 2]
    later = store.pipeline(PipelineFilter(month_from=month))
    assert later.count == sum(1 for m in everyone.rows["month"] if m >= month)
    store.archive(ids[0])
    refresh(store, bank, MODEL)
    assert store.pipeline().count == 79 and store.pipeline(PipelineFilter(include_archived=True)).count == 80
    hostile = store.pipeline(PipelineFilter(search="100%_' OR 1=1 --"))
    assert hostile.count == 0 and hostile.total == 0
    few = store.pipeline(PipelineFilter(limit=10))
    assert few.count == 10 and few.total == 79 and few.rows["id"] == store.pipeline().rows["id"][:10]
    assert few.blocks == store.pipeline().blocks  # the aggregates count every discovery


def test_outcomes_by_csv_all_or_nothing(reporting, bank):
    store = reporting()
    a = store.import_json(EXAMPLES[0].read_text(encoding="utf-8"))
    b = store.import_json(EXAMPLES[1].read_text(encoding="utf-8"))
    good = (f"session_id,deal,sales,sales_date,delivery,delivery_note\n"
            f"{a},x,won,2026-12-01,late,\"=HYPERLINK(\"\"x\"\")\"\n{b},y,lost,2026-12-02,,\n")
    assert store.import_outcomes(good) == 2
    assert store.outcome(a).delivery == "late" and store.outcome(b).sales == "lost"
    text = store.export_outcomes()
    assert "'=HYPERLINK" in text  # a spreadsheet will not run it
    bad = f"session_id,sales,delivery\n{a},lost,\n{b},won,sometimes\nnope,won,\n"
    with pytest.raises(OutcomeError) as err:
        store.import_outcomes(bad)
    assert any("line 3" in p for p in err.value.problems)
    assert store.outcome(a).sales == "won"  # nothing written
    store.import_outcomes(text)  # the export reads back as it was
    assert store.outcome(a).delivery_note == "=HYPERLINK(\"x\")"


def test_the_session_file_carries_the_outcome_and_old_files_still_import(reporting, bank):
    store = reporting()
    sid = store.import_json(EXAMPLES[0].read_text(encoding="utf-8"))
    assert "outcome" not in json.loads(store.export_json(sid))
    store.set_outcome(sid, {"sales": "won", "sales_date": "2026-12-01", "delivery": "on_time",
                            "delivery_note": "<b>fine</b>"})
    exported = store.export_json(sid)
    assert json.loads(exported)["outcome"]["delivery"] == "on_time"
    assert "outcome" not in json.loads(store.export_json(sid, "client"))
    again = store.import_json(exported)
    assert store.outcome(again) == store.outcome(sid)
    with pytest.raises(OutcomeError):
        store.set_outcome(sid, {"delivery": "late"})  # delivery without a won deal


def test_the_calibration_report_reads_what_was_stored(open_store, bank):
    store = open_store()
    synthetic.write(store.engine, bank, 300, seed=8)
    out = report(store, bank, MODEL)
    direct = calibrate(MODEL, outcome_data(store, bank))
    assert out == direct
    data = store.pipeline(PipelineFilter(include_archived=True))
    decided = sum(1 for s, r in zip(data.rows["sales"], data.rows["readiness"])
                  if s in ("won", "lost", "no_decision") and r is not None)
    assert out["metrics"]["winning"]["outcomes"] == decided
    assert out["discoveries"] == 300


def test_a_corrupt_stored_answer_is_named_when_read_in_bulk(open_store, bank, caplog):
    """Read in bulk, a corrupt answer is named with its session; the store then leaves that
    session out of the rescoring (logged), so it does not stop the others'."""
    from storage import CorruptRow
    from storage.reports import read_answers
    from storage.transactions import reading
    store = open_store()
    sid = store.create_session(full_session(bank))
    other = store.create_session(full_session(bank, salt=1))
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE answers SET value = '9' WHERE session_id = :s AND party = 'client' "
                                   "AND question_id = 'hours_committed'"), {"s": sid})
        connection.execute(sa.text("UPDATE answers SET value = '\"maybe\"' WHERE session_id = :s "
                                   "AND question_id = 'decision_maker' AND party = 'client'"), {"s": sid})
    with pytest.raises(CorruptRow, match=f"session {sid}: stored answer client.decision_maker"):
        with reading(store.engine) as connection:
            read_answers(connection, bank)
    assert store.read_answers().ids == [other]
    assert sid in caplog.text
