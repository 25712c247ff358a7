"""SQLite's fast path for the supplier's answers keeps one connection: a write that fails on it
gives it up, and the next write saves on a fresh one."""
from __future__ import annotations

import pytest

from answers_support import empty_session
from storage import StorageError


def _likert(bank):
    return next(q for q in bank.questions
                if "supplier" in q.answered_by and q.type == "likert" and q.show_if is None)


def test_answers_reuse_one_connection_and_a_failed_one_is_replaced(store, bank):
    question = _likert(bank)
    session_id = store.create_session(empty_session())
    writer = store._fast
    store.save_answer(session_id, "supplier", question.id, 2, viewer="supplier")
    kept = writer._held
    store.save_answer(session_id, "supplier", question.id, 3, viewer="supplier")
    assert writer._held is kept  # one connection for every answer, not one per answer

    kept.driver_connection.close()  # the connection breaks under the writer
    with pytest.raises(StorageError):
        store.save_answer(session_id, "supplier", question.id, 4, viewer="supplier")
    assert writer._held is None
    assert store.load_session(session_id).answers["supplier"][question.id] == 3  # nothing half-written

    store.save_answer(session_id, "supplier", question.id, 5, viewer="supplier")
    assert writer._held is not None and writer._held is not kept
    assert store.load_session(session_id).answers["supplier"][question.id] == 5
