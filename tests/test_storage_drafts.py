"""The saved dependency table: round trip, upsert, checked on read, not copied by duplicate,
removed by delete; on SQLite and (when configured) PostgreSQL (upgrades: test_storage_migrations)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from storage import CorruptRow, SessionNotFound
from answers_support import empty_session
from storage_support import count_rows, every_backend

pytestmark = every_backend

HOSTILE = "<script>alert('x')</script> **md** {{ jinja }} é \"quoted\""


def rows(owner: str = "Dana Reyes") -> list[dict]:
    return [{"order": 1, "id": "client-owner", "what": HOSTILE, "owner": owner, "when": None},
            {"order": 2, "id": "added-1", "what": "Sign the SOW", "owner": "Sam", "when": "by Friday"}]


def test_round_trip_and_upsert(store):
    session_id = store.create_session(empty_session())
    assert store.load_draft(session_id) is None
    store.save_draft(session_id, rows(), ["client-owner"], "abc123", drafted=rows("")[:1])
    first = store.load_draft(session_id)
    assert (first.session_id, first.rows, first.drafted, first.agreed, first.fingerprint) == (
        session_id, rows(), rows("")[:1], frozenset({"client-owner"}), "abc123")
    assert first.updated_at.tzinfo is not None

    store.save_draft(session_id, rows("Lee")[1:], [], "def456")
    second = store.load_draft(session_id)
    assert (second.rows, second.drafted, second.agreed, second.fingerprint) == (
        rows("Lee")[1:], [], frozenset(), "def456")
    assert second.updated_at >= first.updated_at


def test_a_new_engine_reads_the_same_draft(open_store):
    first = open_store()
    session_id = first.create_session(empty_session())
    first.save_draft(session_id, rows(), ["added-1"], "fp")
    assert open_store().load_draft(session_id).rows == rows()


def test_saving_for_a_missing_session_or_bad_rows_is_refused(store):
    with pytest.raises(SessionNotFound, match="nope"):
        store.save_draft("nope", rows(), [], "fp")
    session_id = store.create_session(empty_session())
    with pytest.raises(CorruptRow, match=f"session {session_id}.*row 2: no id"):
        store.save_draft(session_id, [rows()[0], {"what": "x"}], [], "fp")
    with pytest.raises(CorruptRow, match="'what' is not a plain value"):
        store.save_draft(session_id, [{"id": "a", "what": ["nested"]}], [], "fp")
    assert store.load_draft(session_id) is None


@pytest.mark.parametrize("column, text, expected", [
    ("edited", "{not json", "stored draft rows is not valid JSON"),
    ("edited", json.dumps({"id": "a"}), "stored draft rows is not a list"),
    ("edited", json.dumps([{"id": "a"}, {"id": "a"}]), "row 2: id 'a' appears twice"),
    ("drafted", json.dumps([1]), "stored draft drafted rows, row 1: not an object"),
    ("agreed", json.dumps("a"), "agreed ids are not a list of ids"),
    ("fingerprint", "", "has no fingerprint"),
])
def test_a_corrupt_row_names_the_session_and_what(store, column, text, expected):
    session_id = store.create_session(empty_session())
    store.save_draft(session_id, rows(), [], "fp")
    with store.engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE drafts SET {column} = :t WHERE session_id = :s"),
                           {"t": text, "s": session_id})
    with pytest.raises(CorruptRow) as caught:
        store.load_draft(session_id)
    assert f"session {session_id}" in str(caught.value) and expected in str(caught.value)


def test_duplicate_does_not_copy_and_delete_removes(store, db_url):
    session_id = store.create_session(empty_session())
    store.save_draft(session_id, rows(), ["client-owner"], "fp")
    copy = store.duplicate_session(session_id, name="Template")
    assert store.load_draft(copy) is None
    assert store.load_draft(session_id) is not None
    assert json.loads(store.export_json(session_id)) == json.loads(empty_session().to_json())
    store.delete(session_id)
    assert store.load_draft(session_id) is None
    assert count_rows(db_url, "drafts") == 0
