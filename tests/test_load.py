"""Load: 20 simulated parties (10 discoveries x supplier and client) answer at the same time
through the real app (one AppTest per party, each in its own process: AppTest keeps one
Streamlit runtime per process, so threads would share it) against one SQLite file, for a
bounded time.

Every answer a party gave must be in the database afterwards, exactly; the 95th-percentile time
of a rerun after an answer is reported (in the terminal summary), never asserted.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import statistics
import time
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from answers_support import valid_value
from app_support import APP, on_screen, recorded, set_widget
from questions import Session

DISCOVERIES = 10
SECONDS = 20.0
MAX_ANSWERS = 30  # per party: bounds the run even on a fast machine


def _party_run(url: str, session_id: str, party: str, token: str | None, start_line: Any,
               results: Any) -> None:
    """One party in its own process: open the page, wait for everyone, then answer what is on
    screen, area by area, for SECONDS; put (answers given, rerun timings) or the error."""
    try:
        results.put((session_id, party, *_answer_for_a_while(url, session_id, party, token,
                                                               start_line)))
    except BaseException as exc:  # noqa: BLE001 - the parent must learn why, not hang
        start_line.abort()
        results.put((session_id, party, f"{type(exc).__name__}: {exc}", []))


def _answer_for_a_while(url: str, session_id: str, party: str, token: str | None,
                        start_line: Any) -> tuple[dict[str, Any], list[float]]:
    from questions import load_bank

    os.environ["GROUNDWORK_DATABASE_URL"] = url
    bank = load_bank()
    at = AppTest.from_file(APP, default_timeout=120)
    if token:
        at.query_params["token"] = token
    else:
        at.query_params["s"] = session_id
    at.run()
    scope = "c" if token else "q"
    if not token:
        at.switch_page("ui/pages/questionnaire.py").run()
    assert not at.exception, at.exception
    start_line.wait()
    deadline = time.monotonic() + SECONDS
    given: dict[str, Any] = {}
    timings: list[float] = []
    salt = 0 if party == "supplier" else 7
    while time.monotonic() < deadline and len(given) < MAX_ANSWERS:
        todo = [q for q in on_screen(at, bank, scope, party) if q.id not in given]
        if not todo:
            forward = [b for b in at.button if b.key in (f"{scope}.next", f"{scope}.begin")]
            if not forward or forward[0].disabled:
                break
            forward[0].click().run()
            continue
        question = todo[0]
        value = valid_value(question, salt + len(given))
        began = time.perf_counter()
        set_widget(at, question, f"w.{scope}.{party}.{question.id}", value)
        timings.append((time.perf_counter() - began) * 1000.0)
        given[question.id] = recorded(at, question, party, value)
    assert not at.exception, at.exception
    return given, timings


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@pytest.mark.slow
def test_twenty_parties_answering_at_once_lose_nothing(db_url: str, open_store, record_property):
    url = db_url
    store = open_store()
    sessions = []
    for i in range(DISCOVERIES):
        sid = store.create_session(Session.model_validate(
            {"deal": {"name": f"Load {i}", "supplier": "S", "client": "C"},
             "people": {"supplier": "Sam", "client": "Cleo"},
             "goals": [{"id": "g1", "text": "Cut churn"}]}))
        sessions.append((sid, store.create_link(sid, "client")))
    parties = [(sid, party, token if party == "client" else None)
               for sid, token in sessions for party in ("supplier", "client")]
    context = multiprocessing.get_context("spawn")
    start_line, results = context.Barrier(len(parties), timeout=600), context.Queue()
    workers = [context.Process(target=_party_run, args=(url, sid, party, token, start_line, results))
               for sid, party, token in parties]
    for worker in workers:
        worker.start()
    collected = {}
    try:
        for _ in workers:
            sid, party, given, timings = results.get(timeout=900)
            assert not isinstance(given, str), f"session {sid}, {party}: {given}"
            collected[(sid, party)] = (given, timings)
    except queue.Empty:
        pytest.fail(f"only {len(collected)} of {len(workers)} parties reported")
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    results = collected

    written = sum(len(given) for given, _ in results.values())
    found = 0
    reader = open_store()  # a new engine, after every writer has gone
    for (sid, party), (given, _) in results.items():
        stored = reader.load_session(sid).answers[party]
        assert stored == given, f"session {sid}, {party}: stored {stored} != given {given}"
        found += len(stored)
    timings = [t for _, ts in results.values() for t in ts]
    line = (f"load: {len(parties)} parties, {written} answers written, {found} found; rerun after "
            f"an answer: median {statistics.median(timings):.0f} ms, p95 {_p95(timings):.0f} ms")
    record_property("summary", line)  # printed at the end of the run (conftest.py)
    assert written == found and written >= len(parties), line

