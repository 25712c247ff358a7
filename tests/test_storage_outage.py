"""The database going away and coming back, at the store: a real PostgreSQL server of the
test's own (pg_cluster.py), stopped with ``pg_ctl stop -m fast`` and started again on the same
port. Every call during the outage raises StorageUnavailable (a StorageError, in plain words,
never a driver error naming the server), nothing is half-written, and the same Store works
again once the server is back (its pool drops the dead connections: pool_pre_ping)."""
from __future__ import annotations

import pytest

import datetime as dt
import sqlite3

from answers_support import full_session
from storage import StorageError, StorageUnavailable, Store, Superseded
from storage_support import every_backend


def _client_likert(bank):
    return next(q for q in bank.questions
                if q.parties == "client" and q.type == "likert" and q.show_if is None)


def _plain(exc: BaseException, cluster) -> None:
    message = str(exc)
    for leak in ("127.0.0.1", str(cluster.port), "psycopg", "Error", "connection to server",
                 "groundwork:"):
        assert leak not in message, message


@pytest.mark.postgres
def test_calls_during_an_outage_raise_storage_unavailable_and_the_store_recovers(
        pg_cluster, pg_outage_url, bank):
    store = Store.open(pg_outage_url, bank)
    try:
        question = _client_likert(bank)
        session_id = store.create_session(full_session(bank))
        token = store.create_link(session_id)
        before = store.load_session(session_id).answers["client"].get(question.id)
        new_value = 1 if before != 1 else 2

        pg_cluster.stop()
        calls = {
            "save_answer": lambda: store.save_answer(session_id, "client", question.id, new_value,
                                                     viewer="client"),
            "load_session": lambda: store.load_session(session_id),
            "session_info": lambda: store.session_info(session_id),
            "resolve_link": lambda: store.resolve_link(token),
            "list_sessions": lambda: store.list_sessions(),
            "answers_since": lambda: store.answers_since(session_id, 0, viewer="client"),
        }
        for name, call in calls.items():
            with pytest.raises(StorageUnavailable) as caught:
                call()
            assert isinstance(caught.value, StorageError), name
            assert caught.value.__cause__ is not None, name  # the driver's error is kept, for the log
            _plain(caught.value, pg_cluster)

        pg_cluster.start()
        assert store.load_session(session_id).answers["client"].get(question.id) == before
        assert store.resolve_link(token) == (session_id, "client")  # not revoked by the outage
        store.save_answer(session_id, "client", question.id, new_value, viewer="client")
        assert store.load_session(session_id).answers["client"][question.id] == new_value
    finally:
        store.engine.dispose()


@pytest.mark.postgres
def test_opening_a_store_while_the_database_is_down_is_a_plain_storage_error(
        pg_cluster, pg_outage_url, bank):
    pg_cluster.stop()
    with pytest.raises(StorageUnavailable) as caught:
        Store.open(pg_outage_url, bank)
    _plain(caught.value, pg_cluster)
    pg_cluster.start()
    store = Store.open(pg_outage_url, bank)
    try:
        assert store.list_sessions() == []
    finally:
        store.engine.dispose()


@every_backend
def test_an_answer_written_late_does_not_replace_one_saved_after_it(store, bank):
    """An answer kept on a page while the database was away carries when it was given: written
    later, it replaces an older stored answer but not one saved after it (nothing written)."""
    question = _client_likert(bank)
    session_id = store.create_session(full_session(bank))
    given = dt.datetime.now(dt.timezone.utc)
    store.save_answer(session_id, "client", question.id, 1, viewer="client")  # saved after `given`
    revision = store.session_info(session_id).revision
    with pytest.raises(Superseded):
        store.save_answer(session_id, "client", question.id, 2, viewer="client", given_at=given)
    assert store.load_session(session_id).answers["client"][question.id] == 1
    assert store.session_info(session_id).revision == revision

    later = dt.datetime.now(dt.timezone.utc)
    store.save_answer(session_id, "client", question.id, 3, viewer="client", given_at=later)
    assert store.load_session(session_id).answers["client"][question.id] == 3
    # the supplier's side (SQLite's fast path) keeps the same rule
    supplier_question = next(q for q in bank.questions
                             if "supplier" in q.answered_by and q.type == "likert" and q.show_if is None)
    store.save_answer(session_id, "supplier", supplier_question.id, 1, viewer="supplier")
    with pytest.raises(Superseded):
        store.save_answer(session_id, "supplier", supplier_question.id, 2, viewer="supplier",
                          given_at=later)


@pytest.mark.postgres
def test_the_command_line_says_the_database_cannot_be_reached(pg_cluster, pg_outage_url, cli):
    from storage.__main__ import main
    pg_cluster.stop()
    result = cli(main, "--url", pg_outage_url, "list")
    assert result.returncode == 2
    assert "list: the database cannot be reached right now (" in result.stderr  # the cause follows
    assert "Traceback" not in result.stderr + result.stdout
    pg_cluster.start()
    result = cli(main, "--url", pg_outage_url, "list")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("orig, unavailable", [
    (sqlite3.OperationalError("database is locked"), True),  # busy past its 30 s wait
    (sqlite3.OperationalError("unable to open database file"), True),
    (sqlite3.OperationalError("no such table: answers"), False),  # refused: retrying won't help
    (sqlite3.IntegrityError("UNIQUE constraint failed: sessions.id"), False),
])
def test_which_sqlite_errors_mean_the_database_cannot_be_reached(orig, unavailable):
    import sqlalchemy as sa

    from storage import DatabaseError
    from storage.transactions import wrap
    error = wrap(sa.exc.OperationalError("SELECT 1", {}, orig))
    assert isinstance(error, DatabaseError)
    assert isinstance(error, StorageUnavailable) is unavailable
    assert str(orig) in error.detail and str(orig) not in str(error)
