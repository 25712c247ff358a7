"""Bench rows for the pipeline, on SQLite files of synthetic discoveries (bench/synthetic.py,
generated once and cached in bench/.cache/, about two and a half minutes for 100,000):

- rescoring 100,000 stored discoveries end to end: their answers read from the database (each
  discovery's answer copy, storage/answer_copies.py), the batch path, every report written back
  (<= 10 s), against a floor of reading the same answers as plain rows (session, party, question
  and value through the driver's cursor); and, with no target, the same when no copy is current
  (after a change to the bank), reading the answer rows and writing the copies;
- the pipeline view's data for 100,000 discoveries: what the page reads on a visit (the stale
  check, the filter lists, the table's most recent rows and every chart's aggregate over all
  of them) (<= 1 s), and within 2x of running the same SQL statements bare on sqlite3;
- the calibration report for 10,000 discoveries with outcomes, from the database (<= 1 s).
"""
from __future__ import annotations

import os
import sqlite3
import time

from bench import Row, median_ms, ratio_row
from bench.synthetic import cached_sqlite
from portfolio.calibrate import report
from portfolio.reports import fingerprint
from portfolio.rescore import refresh, rescore
from questions import load_bank
from scoring import load_model
from scoring.batch import questions_read
from storage import Store
from storage.pipeline import PipelineFilter, compiled, statements
from storage.reports import _fetch, read_answers, stale_ids
import sqlalchemy as sa

from storage import tables
from storage.transactions import reading
from ui.present.pipeline import ROWS_SHOWN

PIPELINE_N = int(os.environ.get("GROUNDWORK_BENCH_PIPELINE_N", 100_000))
CALIBRATION_N = 10_000


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _floor_read(store: Store, questions: set[str]) -> int:
    """Reading the same answer rows plainly: each one's session, party, question and value
    through the driver's cursor, nothing done with them."""
    listed = ", ".join(f"'{q}'" for q in sorted(questions))  # bank ids: [a-z0-9_] only
    with reading(store.engine) as connection:
        return len(_fetch(connection, "SELECT session_id, party, question_id, value FROM answers "
                                      f"WHERE value IS NOT NULL AND question_id IN ({listed})"))


def _bare_pipeline(connection: sqlite3.Connection, sql: list[tuple[str, tuple]]) -> None:
    """The same statements on a plain sqlite3 connection (kept open, so its cache is as warm as
    the store's pooled one), every row fetched, nothing made of them."""
    for text, params in sql:
        connection.execute(text, params).fetchall()


def run() -> list[Row]:
    bank, model = load_bank(), load_model()
    path = cached_sqlite(bank, PIPELINE_N, seed=1)
    store = Store.open(f"sqlite:///{path}", bank)
    rows: list[Row] = []
    try:
        floor = min(_seconds(lambda: _floor_read(store, questions_read(bank, model))) for _ in range(2))
        with store.engine.begin() as connection:  # as after a change to the bank: no current copy
            connection.execute(tables.answer_copies.delete())
        cold = _seconds(lambda: rescore(store, bank, model))  # reads the answer rows, copies them
        took = min(_seconds(lambda: rescore(store, bank, model)) for _ in range(2))
        with reading(store.engine) as connection:
            answers = read_answers(connection, bank, None, questions_read(bank, model))
        assert not answers.copies, "the timed rescorings read every discovery from its copy"
        answer_rows = sum(len(c[0]) for c in answers.items.values())
        rows.append(Row(f"pipeline: rescoring {PIPELINE_N:,} stored discoveries end to end (answers read to reports written)",
                        took, "s", 10.0, took <= 10.0,
                        f"{answer_rows:,} answers, read from each discovery's answer copy (as after a change "
                        f"to the model); floor = reading the answer rows plainly ({took / floor:.2f}x the floor)",
                        took, floor, "s"))
        rows.append(Row("pipeline: the same without answer copies (after a change to the bank), no target",
                        cold, "s", float("nan"), True,
                        f"reads the answer rows grouped per discovery and writes the copies ({cold / floor:.2f}x "
                        "the floor)", cold, floor, "s"))

        mark = fingerprint(bank, model)

        shown = PipelineFilter(limit=ROWS_SHOWN)  # what the page asks for

        def view() -> None:
            with reading(store.engine) as connection:
                stale_ids(connection, mark)
            store.pipeline_choices()
            store.pipeline(shown)

        with reading(store.engine) as connection:  # the same statements, for the bare floor
            s, r = tables.sessions, tables.reports
            check = [sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(s.c.revision), 0)),
                     sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(r.c.revision), 0)).where(r.c.model == mark),
                     sa.select(r.c.salesperson).distinct().order_by(r.c.salesperson),
                     sa.select(r.c.month).distinct().order_by(r.c.month)]
            bare = [compiled(connection, q) for q in (*check, *statements(shown).values())]
        ours, _ = median_ms(view, runs=5)
        bare_connection = sqlite3.connect(str(path))
        try:
            floor_ms, _ = median_ms(lambda: _bare_pipeline(bare_connection, bare), runs=5)
        finally:
            bare_connection.close()
        found = store.pipeline(shown)
        detail = (f"the stale check, the filter lists, the table's {found.count:,} most recent rows and the "
                  f"verdict mix, blocks and over-estimation over all {found.total:,}; floor = the same SQL "
                  "bare on sqlite3")
        rows.append(Row(f"pipeline: the pipeline view's data for {PIPELINE_N:,} discoveries", ours, "ms", 1000.0,
                        ours <= 1000.0, detail, floor_unit="ms"))
        rows.append(ratio_row(f"pipeline: the view's data vs the bare SQL aggregates ({PIPELINE_N:,})", ours,
                              floor_ms, 2.0, detail=detail))
    finally:
        store.engine.dispose()

    small = cached_sqlite(bank, CALIBRATION_N, seed=2)
    store = Store.open(f"sqlite:///{small}", bank)
    try:
        refresh(store, bank, model)
        took_ms, _ = median_ms(lambda: report(store, bank, model), runs=5)
        found = report(store, bank, model)
        rows.append(Row(f"pipeline: calibration report for {CALIBRATION_N:,} discoveries, from the database",
                        took_ms, "ms", 1000.0, took_ms <= 1000.0,
                        f"{found['metrics']['winning'].get('outcomes', 0):,} sales outcomes; includes the "
                        "stale-report check, reading the rows and every figure", floor_unit="ms"))
    finally:
        store.engine.dispose()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
