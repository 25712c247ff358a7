"""What a party link shows: never supplier-private answers to the client; blind until both done."""
from __future__ import annotations

import pytest

from answers_support import full_session
from storage_support import every_backend

pytestmark = every_backend


@pytest.fixture
def private_ids(bank) -> set[str]:
    ids = {q.id for q in bank.questions if q.visibility == "supplier_private"}
    assert ids, "the bank has supplier-private questions to protect"
    return ids


def test_client_never_sees_supplier_private_answers(store, bank, private_ids):
    session_id = store.create_session(full_session(bank))
    full = store.load_session(session_id)
    assert private_ids <= set(full.answers["supplier"])
    client_view = store.load_view(session_id, "client")
    assert not private_ids & set(client_view.answers["supplier"])
    assert set(client_view.answers["supplier"]) == set(full.answers["supplier"]) - private_ids
    assert client_view.answers["client"] == full.answers["client"]
    assert store.load_view(session_id, "supplier") == full
    polled = store.answers_since(session_id, 0, viewer="client")
    assert polled.answers and not {c.question_id for c in polled.answers} & private_ids
    assert {c.question_id for c in store.answers_since(session_id, 0).answers} >= private_ids


def test_blind_mode_hides_the_other_party_until_both_complete(store, bank, private_ids):
    session_id = store.create_session(full_session(bank), mode="blind")
    full = store.load_session(session_id)
    for viewer, other in (("supplier", "client"), ("client", "supplier")):
        view = store.load_view(session_id, viewer)
        assert view.answers[other] == {} and view.answers[viewer] == full.answers[viewer]
        assert {c.party for c in store.answers_since(session_id, 0, viewer=viewer).answers} == {viewer}
    store.mark_complete(session_id, "supplier")
    assert store.load_view(session_id, "supplier").answers["client"] == {}
    store.mark_complete(session_id, "client")
    assert store.load_view(session_id, "supplier") == full
    revealed = store.load_view(session_id, "client")
    assert revealed.answers["client"] == full.answers["client"]
    assert set(revealed.answers["supplier"]) == set(full.answers["supplier"]) - private_ids


def test_unknown_viewer_is_refused(store, bank):
    session_id = store.create_session(full_session(bank))
    with pytest.raises(ValueError, match="viewer"):
        store.load_view(session_id, "anyone")
