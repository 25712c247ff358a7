"""Concurrent writers on one session lose nothing: threads sharing an engine, and processes."""
from __future__ import annotations

import multiprocessing
import threading

import pytest

from answers_support import empty_session
from storage_support import count_rows, every_backend, final_value, synthetic_bank, write_keys

pytestmark = every_backend

BANK_SIZE = 200


def _keys(bank) -> list[tuple[str, str]]:
    return [(party, q.id) for q in bank.questions for party in ("supplier", "client")]


def _check(store, db_url, session_id, keys, revision_before, writes):
    answers = store.load_session(session_id).answers
    found = {(party, qid): value for party in answers for qid, value in answers[party].items()}
    assert len(found) == count_rows(db_url, "answers") == len(keys)
    assert found == {key: final_value(key) for key in keys}
    assert store.session_info(session_id).revision == revision_before + writes


def test_threads_answering_one_session_lose_nothing(open_store, db_url):
    bank = synthetic_bank(BANK_SIZE)
    store = open_store(bank)
    session_id = store.create_session(empty_session())
    keys = _keys(bank)
    threads_n, per_thread = 8, 50
    assert count_rows(db_url, "answers") == 0 and len(keys) >= threads_n * per_thread
    owned = [keys[i::threads_n][:per_thread] for i in range(threads_n)]
    revision = store.session_info(session_id).revision
    start, errors = threading.Barrier(threads_n), []

    def writer(mine: list[tuple[str, str]]) -> None:
        try:
            start.wait()
            for party, qid in mine:
                store.save_answer(session_id, party, qid, final_value((party, qid)), viewer=party,
                                  by="thread")
        except Exception as exc:  # collected and reported by the test, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(mine,)) for mine in owned]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _check(store, db_url, session_id, [k for mine in owned for k in mine], revision,
           threads_n * per_thread)


@pytest.mark.slow  # spawns four interpreters that import the storage stack
def test_processes_answering_one_session_lose_nothing(open_store, db_url):
    bank = synthetic_bank(BANK_SIZE)
    store = open_store(bank)
    session_id = store.create_session(empty_session())
    keys = _keys(bank)
    processes_n, per_process, rounds = 4, 50, 2
    owned = [keys[i::processes_n][:per_process] for i in range(processes_n)]
    revision = store.session_info(session_id).revision
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes_n) as pool:
        writes = pool.starmap(write_keys, [(db_url, session_id, mine, rounds, BANK_SIZE)
                                           for mine in owned])
    assert writes == [per_process * rounds] * processes_n
    _check(store, db_url, session_id, [k for mine in owned for k in mine], revision, sum(writes))
