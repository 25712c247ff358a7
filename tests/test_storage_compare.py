"""Answer first, then compare, as stored: every answer records whether the other party's answer
to the question was visible when it was given, on every backend, and the record travels with
the session JSON (an optional field of groundwork.session/1, so older files still read)."""
from __future__ import annotations

import json

import pytest

from questions import Session
from questions.session import Deal, SessionError, load_session
from storage.access import may_compare
from storage_support import every_backend

pytestmark = every_backend

MIRRORED = "goal_measurable"      # answered by both parties
CLIENT_ONLY = "budget_amount"
PRIVATE = "supplier_min_price"    # supplier-private: never compared


def fresh(store, mode: str = "together") -> str:
    return store.create_session(Session(deal=Deal(name="Compare")), mode=mode)


def test_a_first_answer_is_given_blind_and_a_revision_after_seeing_is_recorded(store):
    session_id = fresh(store)
    store.save_answer(session_id, "client", MIRRORED, 4, viewer="client")
    store.save_answer(session_id, "supplier", MIRRORED, 2, viewer="supplier")
    assert store.load_session(session_id).other_visible == {
        "client": {MIRRORED: False}, "supplier": {MIRRORED: False}}
    # The client has answered, so it now sees the supplier's 2; its revision was made in view.
    store.save_answer(session_id, "client", MIRRORED, 3, viewer="client")
    assert store.load_session(session_id).other_visible["client"] == {MIRRORED: True}
    # A question only one party answers has nothing to compare with.
    store.save_answer(session_id, "client", CLIENT_ONLY, 1000, viewer="client")
    store.save_answer(session_id, "client", CLIENT_ONLY, 2000, viewer="client")
    assert store.load_session(session_id).other_visible["client"][CLIENT_ONLY] is False


def test_clearing_hides_the_comparison_again(store):
    session_id = fresh(store)
    store.save_answer(session_id, "supplier", MIRRORED, 2, viewer="supplier")
    store.save_answer(session_id, "client", MIRRORED, 4, viewer="client")
    store.save_answer(session_id, "client", MIRRORED, None, viewer="client")
    store.save_answer(session_id, "client", MIRRORED, 5, viewer="client")
    assert store.load_session(session_id).other_visible["client"] == {MIRRORED: False}


def test_blind_mode_records_nothing_seen_until_both_are_complete(store):
    session_id = fresh(store, mode="blind")
    store.save_answer(session_id, "supplier", MIRRORED, 2, viewer="supplier")
    store.save_answer(session_id, "client", MIRRORED, 4, viewer="client")
    store.save_answer(session_id, "client", MIRRORED, 5, viewer="client")
    assert store.load_session(session_id).other_visible["client"] == {MIRRORED: False}
    store.mark_complete(session_id, "supplier")
    store.mark_complete(session_id, "client")
    store.save_answer(session_id, "client", MIRRORED, 3, viewer="client")
    assert store.load_session(session_id).other_visible["client"] == {MIRRORED: True}


def test_the_record_is_in_the_export_and_survives_an_import(store, bank):
    session_id = fresh(store)
    store.save_answer(session_id, "supplier", MIRRORED, 2, viewer="supplier")
    store.save_answer(session_id, "client", MIRRORED, 4, viewer="client")
    store.save_answer(session_id, "client", MIRRORED, 3, viewer="client")
    exported = json.loads(store.export_json(session_id, "client"))
    assert exported["format"] == "groundwork.session/1"
    assert exported["other_visible"] == {"supplier": {MIRRORED: False}, "client": {MIRRORED: True}}
    copy = store.import_json(json.dumps(exported))
    assert store.load_session(copy).other_visible == store.load_session(session_id).other_visible


def test_a_file_without_the_record_still_reads_and_writes_as_before(bank):
    old = {"format": "groundwork.session/1", "deal": {"name": "Old file"},
           "answers": {"supplier": {MIRRORED: 4}, "client": {}}}
    session = load_session(json.dumps(old), bank)
    assert session.other_visible == {}
    assert "other_visible" not in json.loads(session.to_json())


def test_a_record_for_an_answer_that_is_not_there_is_refused(bank):
    bad = {"format": "groundwork.session/1", "deal": {"name": "Bad"},
           "answers": {"supplier": {}, "client": {}}, "other_visible": {"client": {MIRRORED: True}}}
    with pytest.raises(SessionError, match=f"other_visible.client.{MIRRORED}: there is no such answer"):
        load_session(json.dumps(bad), bank)


@pytest.mark.parametrize("own, mode, done, question, expected", [
    (None, "together", False, MIRRORED, False),       # answer first
    (4, "together", False, MIRRORED, True),
    ("dont_know", "together", False, MIRRORED, True),  # "don't know" counts as an answer
    (4, "blind", False, MIRRORED, False),             # blind mode: not until both complete
    (4, "blind", True, MIRRORED, True),
    (4, "together", False, CLIENT_ONLY, False),       # nothing to compare with
])
def test_may_compare(bank, own, mode, done, question, expected):
    assert may_compare(bank, "client", "supplier", question, own, mode=mode,
                       both_complete=done) is expected


def test_the_client_never_compares_with_a_private_answer(bank):
    assert not may_compare(bank, "client", "supplier", PRIVATE, 4, mode="together", both_complete=True)
