"""Storage round-trips on a real database file (and PostgreSQL when configured)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from questions import SessionError, load_session
from storage import CorruptRow, InvalidAnswer, SessionNotFound
from answers_support import empty_session, full_session
from storage_support import PYTHON, ROOT, count_rows, every_backend, python_env

pytestmark = every_backend

EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def test_answers_round_trip_in_bank_order(store, bank):
    session = full_session(bank, salt=3)
    session_id = store.create_session(session)
    loaded = store.load_session(session_id)
    assert loaded == session
    order = [q.id for q in bank.questions]
    for party in ("supplier", "client"):
        ids = list(loaded.answers[party])
        assert ids == sorted(ids, key=order.index)


def test_save_answer_then_clear(store, bank):
    session_id = store.create_session(empty_session())
    question = next(q for q in bank.questions if q.type == "likert" and q.mirrored)
    store.save_answer(session_id, "supplier", question.id, 2, viewer="supplier", by="Sam")
    store.save_answer(session_id, "client", question.id, 5, viewer="client", by="Cleo")
    store.save_answer(session_id, "supplier", question.id, 4, viewer="supplier", by="Sam")
    loaded = store.load_session(session_id)
    assert (loaded.answers["supplier"][question.id], loaded.answers["client"][question.id]) == (4, 5)
    store.save_answer(session_id, "client", question.id, None, viewer="client", by="Cleo")
    assert question.id not in store.load_session(session_id).answers["client"]
    assert store.load_session(session_id).answers["supplier"][question.id] == 4


@pytest.mark.parametrize("party, qid, value, expected", [
    ("client", "no_such_question", 3, "unknown question"),
    ("client", "supplier_notes", "hi", "answered by the supplier"),
    ("client", "goal_measurable", 9, "integer 1..5"),
    ("client", "critical_event", "maybe", "expected one of"),
])
def test_invalid_answer_is_refused_and_nothing_written(store, party, qid, value, expected):
    session_id = store.create_session(empty_session())
    before = store.session_info(session_id).revision
    with pytest.raises(InvalidAnswer, match=expected) as info:
        store.save_answer(session_id, party, qid, value, viewer=party)
    assert qid in str(info.value)
    assert store.session_info(session_id).revision == before
    assert store.load_session(session_id).answers == {"supplier": {}, "client": {}}


def test_unknown_session(store):
    with pytest.raises(SessionNotFound, match="nope"):
        store.load_session("nope")
    with pytest.raises(SessionNotFound):
        store.save_answer("nope", "client", "goal_measurable", 3, viewer="client")


def test_answers_persist_across_restart(open_store, bank):
    first = open_store()
    session_id = first.create_session(empty_session())
    first.save_answer(session_id, "client", "goal_measurable", 4, viewer="client", by="Cleo")
    first.engine.dispose()
    again = open_store()
    assert again.load_session(session_id).answers["client"] == {"goal_measurable": 4}


@pytest.mark.slow  # a second interpreter imports storage: about a second
def test_answer_written_by_another_process_is_read_here(store, db_url):
    session_id = store.create_session(empty_session())
    code = ("import sys; from storage import Store; s = Store.open(sys.argv[1]); "
            "s.save_answer(sys.argv[2], 'client', 'pain_impact', 5, viewer='client', by='other process')")
    result = subprocess.run([PYTHON, "-c", code, db_url, session_id], cwd=ROOT, env=python_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    changes = store.answers_since(session_id, 0)
    assert [(c.party, c.question_id, c.value, c.answered_by) for c in changes.answers] == [
        ("client", "pain_impact", 5, "other process")]


def test_answers_since_revision_and_time(store):
    session_id = store.create_session(empty_session())
    cursor = store.answers_since(session_id).revision
    store.save_answer(session_id, "supplier", "goal_fit", 3, viewer="supplier", by="Sam")
    moment = dt.datetime.now(dt.timezone.utc)
    store.save_answer(session_id, "client", "goal_fit", 2, viewer="client", by="Cleo")
    store.save_answer(session_id, "supplier", "goal_fit", None, viewer="supplier", by="Sam")
    changes = store.answers_since(session_id, cursor)
    assert [(c.party, c.value) for c in changes.answers] == [("client", 2), ("supplier", None)]
    assert changes.revision == cursor + 3
    assert store.answers_since(session_id, changes.revision).answers == ()
    by_time = store.answers_since(session_id, moment)
    assert {(c.party, c.value) for c in by_time.answers} == {("client", 2), ("supplier", None)}


def test_details_mode_and_completion(store):
    session_id = store.create_session(empty_session(), mode="blind")
    store.save_details(session_id, deal={"name": "Renamed", "client": "Acme Ltd"},
                       goals=[{"id": "g9", "text": "One goal"}])
    assert store.request_mode(session_id, "together", "supplier") == "asked"
    assert store.session_info(session_id).mode == "blind"
    assert store.request_mode(session_id, "together", "client") == "changed"
    loaded = store.load_session(session_id)
    assert (loaded.deal.name, loaded.deal.client, [g.id for g in loaded.goals]) == (
        "Renamed", "Acme Ltd", ["g9"])
    assert loaded.people.client == "Cleo Client"
    info = store.session_info(session_id)
    assert info.mode == "together" and not info.both_complete
    store.mark_complete(session_id, "client")
    assert store.session_info(session_id).completed["client"] is not None
    assert not store.session_info(session_id).both_complete
    store.mark_complete(session_id, "supplier")
    assert store.session_info(session_id).both_complete
    store.mark_complete(session_id, "client", complete=False)
    assert store.session_info(session_id).completed["client"] is None
    with pytest.raises(SessionError, match="deal.name"):
        store.save_details(session_id, deal={"name": ""})
    assert store.load_session(session_id).deal.name == "Renamed"


def test_list_search_archive_duplicate_delete(store, bank, db_url):
    first = store.create_session(empty_session("Acme 100% rollout"))
    second = store.create_session(full_session(bank))
    store.save_details(second, deal={"name": "Globex pilot", "supplier": "Northwind"})
    rows = {r.id: r for r in store.list_sessions()}
    assert set(rows) == {first, second}
    assert rows[first].progress["client"].answered == 0
    assert rows[second].progress["client"].answered == rows[second].progress["client"].total > 0
    assert [r.id for r in store.list_sessions("GLOBEX")] == [second]
    assert [r.id for r in store.list_sessions("100%")] == [first]
    assert store.list_sessions("cleo client") and store.list_sessions("zzz") == []

    copy = store.duplicate_session(second, name="Globex template")
    copied = store.load_session(copy)
    assert copied.answers == {"supplier": {}, "client": {}}
    assert copied.goals == store.load_session(second).goals and copied.deal.name == "Globex template"

    store.archive(first)
    assert first not in {r.id for r in store.list_sessions()}
    assert first in {r.id for r in store.list_sessions(include_archived=True)}
    store.create_link(second)
    store.mark_complete(second, "client")
    answers_before = count_rows(db_url, "answers")
    store.delete(second)
    assert count_rows(db_url, "answers") < answers_before
    for table in ("answers", "links", "completions"):
        with store.engine.connect() as connection:
            left = connection.execute(sa.text(f"SELECT count(*) FROM {table} WHERE session_id = :i"),
                                      {"i": second}).scalar_one()
        assert left == 0, table
    with pytest.raises(SessionNotFound):
        store.delete(second)


@pytest.mark.parametrize("source", ["generated", *EXAMPLES], ids=lambda p: getattr(p, "stem", p))
def test_export_import_round_trips_exactly(store, bank, source):
    text = full_session(bank).to_json() if source == "generated" else Path(source).read_text()
    original = load_session(text, bank)
    first_id = store.import_json(text)
    exported = store.export_json(first_id)
    assert json.loads(exported) == json.loads(original.to_json())
    second_id = store.import_json(exported)
    assert second_id != first_id
    assert store.export_json(second_id) == exported


@pytest.mark.parametrize("text, expected", [
    ("{not json", "not valid JSON"),
    ('{"format": "groundwork.session/9", "deal": {"name": "x"}}', "format"),
    ('{"format": "groundwork.session/1", "deal": {"name": "x"}, '
     '"answers": {"client": {"goal_measurable": 7}}}', "answers.client.goal_measurable"),
    ('{"format": "groundwork.session/1", "deal": {"name": "x"}, '
     '"answers": {"client": {"invented": 1}}}', "unknown question"),
])
def test_malformed_import_writes_nothing(store, db_url, text, expected):
    store.create_session(empty_session())
    before = (count_rows(db_url, "sessions"), count_rows(db_url, "answers"))
    with pytest.raises(SessionError, match=expected):
        store.import_json(text)
    assert (count_rows(db_url, "sessions"), count_rows(db_url, "answers")) == before


@pytest.mark.parametrize("stored, expected", [
    ("{broken", "not valid JSON"),
    ("9", "integer 1..5"),
    ('"yes"', "integer 1..5"),
])
def test_corrupt_row_names_session_and_question(store, stored, expected):
    session_id = store.create_session(empty_session())
    store.save_answer(session_id, "client", "goal_measurable", 3, viewer="client")
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE answers SET value = :v WHERE session_id = :i"),
                           {"v": stored, "i": session_id})
    with pytest.raises(CorruptRow, match=expected) as info:
        store.load_session(session_id)
    assert session_id in str(info.value) and "client.goal_measurable" in str(info.value)


def test_hostile_text_is_stored_literally(store, bank):
    hostile = "'); DROP TABLE answers; -- <img src=x onerror=alert(1)> {{ 7*7 }} \u202e"
    session_id = store.create_session(empty_session())
    store.save_answer(session_id, "client", "goal_metric", hostile, viewer="client", by="<b>Cleo</b>")
    assert store.load_session(session_id).answers["client"]["goal_metric"] == hostile
    assert store.answers_since(session_id).answers[0].answered_by == "<b>Cleo</b>"
    assert store.list_sessions()[0].id == session_id
