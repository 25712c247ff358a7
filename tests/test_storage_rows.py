"""A table answer (a rows question) is stored per row: two people editing different rows at once
both keep their edits, a delete removes one row, and a bad row or a refused writer writes nothing.
SQLite file and PostgreSQL (when GROUNDWORK_TEST_POSTGRES_URL is set), through the real Store."""
from __future__ import annotations

import threading

import pytest

from storage.records import Forbidden, InvalidAnswer
from answers_support import empty_session
from storage_support import every_backend

pytestmark = every_backend

Q = "client_deliverables"


def row(row_id: str, what: str, by: str | None = None) -> dict:
    return {"row": row_id, "what": what, **({"by": by} if by else {})}


def test_edits_to_different_rows_from_two_writers_both_stay(open_store):
    first, second = open_store(), open_store()  # two engines: two app processes
    session_id = first.create_session(empty_session())
    first.save_rows(session_id, "client", Q, [("set", row("a", "Data export")),
                                               ("set", row("b", "Cover photo"))], viewer="supplier")
    # each starts from the same two rows and changes a different one
    first.save_rows(session_id, "client", Q, [("set", row("a", "Data export", "2027-01-12"))], viewer="client")
    second.save_rows(session_id, "client", Q, [("set", row("b", "Cover photo, final", "2027-01-20"))],
                     viewer="client")
    second.save_rows(session_id, "client", Q, [("set", row("c", "Price list"))], viewer="client")
    assert first.load_session(session_id).answers["client"][Q] == [
        row("a", "Data export", "2027-01-12"), row("b", "Cover photo, final", "2027-01-20"),
        row("c", "Price list")]
    first.save_rows(session_id, "client", Q, [("delete", "b")], viewer="client")
    assert [r["row"] for r in second.load_session(session_id).answers["client"][Q]] == ["a", "c"]
    first.save_rows(session_id, "client", Q, [("delete", "a"), ("delete", "c")], viewer="client")
    assert Q not in second.load_session(session_id).answers["client"]  # no rows: unanswered


def test_threads_adding_rows_at_once_lose_none(store):
    session_id = store.create_session(empty_session())
    errors: list[Exception] = []
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(4):
                store.save_rows(session_id, "client", Q, [("set", row(f"t{n}x{i}", f"Item {n}.{i}"))],
                                viewer="client")
        except Exception as exc:  # collected and reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = store.load_session(session_id).answers["client"][Q]
    assert sorted(r["row"] for r in stored) == sorted(f"t{n}x{i}" for n in range(4) for i in range(4))


def test_a_bad_row_or_a_refused_writer_writes_nothing(store):
    session_id = store.create_session(empty_session())
    store.save_rows(session_id, "client", Q, [("set", row("a", "Data export"))], viewer="client")
    with pytest.raises(InvalidAnswer, match="row 2, By when: expected an ISO date"):
        store.save_rows(session_id, "client", Q, [("set", row("b", "Photos", "soon"))], viewer="client")
    with pytest.raises(InvalidAnswer, match="not a rows question"):
        store.save_rows(session_id, "client", "client_owner", [("set", row("a", "x"))], viewer="client")
    with pytest.raises(Forbidden):
        store.save_rows(session_id, "supplier", "supplier_milestones",
                        [("set", {"row": "m", "what": "x", "when": "week 1"})], viewer="client")
    assert store.load_session(session_id).answers["client"][Q] == [row("a", "Data export")]
