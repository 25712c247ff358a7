"""The access rule, enforced where answers are written: who may see and change which answer,
on every backend. Blind mode hides and locks the other party's answers until both are
complete; a client link never writes the supplier's side; a revoked link writes nothing; leaving
blind mode early takes both parties."""
from __future__ import annotations

import pytest

from storage import Forbidden, LinkNotValid, Viewer
from storage.access import may_see, may_write, mode_step
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


def _likert(bank):
    return next(q for q in bank.questions if q.parties == "both" and q.type == "likert")


def test_blind_mode_refuses_writes_to_the_other_partys_answers(store, bank):
    """Called directly, the store refuses what the rule forbids, and writes nothing."""
    question = _likert(bank)
    session_id = store.create_session(full_session(bank), mode="blind")
    before, revision = store.load_session(session_id), store.session_info(session_id).revision
    theirs = before.answers["client"][question.id]
    for owner, viewer in (("client", "supplier"), ("supplier", "client")):
        with pytest.raises(Forbidden, match="blind mode|client link"):
            store.save_answer(session_id, owner, question.id, 1 if theirs != 1 else 2,
                              viewer=viewer)
        with pytest.raises(Forbidden):
            store.save_answer(session_id, owner, question.id, None, viewer=viewer)
    assert store.load_session(session_id) == before
    assert store.session_info(session_id).revision == revision
    store.save_answer(session_id, "client", question.id, 1, viewer="client")  # its own: fine
    store.mark_complete(session_id, "supplier")
    store.mark_complete(session_id, "client")
    store.save_answer(session_id, "client", question.id, 2, viewer="supplier")  # revealed
    assert store.load_session(session_id).answers["client"][question.id] == 2


def test_a_client_never_writes_the_suppliers_answers_even_together(store, bank):
    question = _likert(bank)
    session_id = store.create_session(full_session(bank))
    with pytest.raises(Forbidden, match="client link"):
        store.save_answer(session_id, "supplier", question.id, 1, viewer="client")
    with pytest.raises(Forbidden, match="only the supplier"):
        store.mark_complete(session_id, "supplier", viewer="client")
    store.save_answer(session_id, "client", question.id, 1, viewer="supplier")  # shared screen
    assert store.load_session(session_id).answers["client"][question.id] == 1


def test_a_revoked_or_foreign_link_writes_nothing(store, bank):
    question = _likert(bank)
    session_id = store.create_session(full_session(bank))
    other_id = store.create_session(full_session(bank))
    token = store.create_link(session_id, "client")
    link = Viewer("client", token)
    store.save_answer(session_id, "client", question.id, 1, viewer=link)
    with pytest.raises(LinkNotValid):  # a live link for another session
        store.save_answer(other_id, "client", question.id, 1, viewer=link)
    store.revoke_links(session_id, "client")
    before = store.load_session(session_id)
    for value in (2, None):
        with pytest.raises(LinkNotValid):
            store.save_answer(session_id, "client", question.id, value, viewer=link)
    with pytest.raises(LinkNotValid):
        store.mark_complete(session_id, "client", viewer=link)
    with pytest.raises(LinkNotValid):
        store.request_mode(session_id, "blind", link)
    assert store.load_session(session_id) == before
    assert store.session_info(session_id).completed["client"] is None


def test_export_while_blind_withholds_the_other_partys_answers(store, bank, private_ids):
    import json
    session_id = store.create_session(full_session(bank), mode="blind")
    full = json.loads(store.export_json(session_id))  # whoever holds the database: everything
    assert full["answers"]["client"] and full["answers"]["supplier"]
    supplier = json.loads(store.export_json(session_id, Viewer("supplier")))
    client = json.loads(store.export_json(session_id, "client"))
    assert supplier["answers"] == {"supplier": full["answers"]["supplier"], "client": {}}
    assert client["answers"] == {"supplier": {}, "client": full["answers"]["client"]}
    store.request_mode(session_id, "together", "supplier")
    store.request_mode(session_id, "together", "client")
    client = json.loads(store.export_json(session_id, "client"))
    assert set(client["answers"]["supplier"]) == set(full["answers"]["supplier"]) - private_ids


def test_leaving_blind_mode_early_takes_both_parties(store, bank):
    session_id = store.create_session(full_session(bank))
    assert store.request_mode(session_id, "blind", "client") == "changed"  # toward privacy: one
    assert store.request_mode(session_id, "together", "supplier") == "asked"
    info = store.session_info(session_id)
    assert info.mode == "blind" and info.mode_requests == {"supplier": "together"}
    assert store.load_view(session_id, "supplier").answers["client"] == {}
    assert store.request_mode(session_id, "blind", "client") == "unchanged"  # the client declines
    assert store.session_info(session_id).mode_requests == {}
    assert store.request_mode(session_id, "together", "client") == "asked"
    assert store.request_mode(session_id, "together", "supplier") == "changed"  # both asked
    info = store.session_info(session_id)
    assert (info.mode, info.mode_requests) == ("together", {})
    store.request_mode(session_id, "blind", "supplier")
    store.mark_complete(session_id, "supplier")
    store.mark_complete(session_id, "client")
    assert store.request_mode(session_id, "together", "supplier") == "changed"  # nothing hidden


@pytest.mark.parametrize("mode, both, viewer, owner, private, see, write", [
    ("together", False, "supplier", "client", False, True, True),
    ("together", False, "client", "supplier", False, True, False),
    ("together", False, "client", "supplier", True, False, False),
    ("blind", False, "supplier", "client", False, False, False),
    ("blind", False, "client", "supplier", False, False, False),
    ("blind", True, "supplier", "client", False, True, True),
    ("blind", True, "client", "supplier", True, False, False),
    ("blind", False, "client", "client", False, True, True),
])
def test_the_rule_table(bank, mode, both, viewer, owner, private, see, write):
    question = next(q for q in bank.questions if (q.visibility == "supplier_private") == private
                    and owner in q.answered_by)
    assert may_see(bank, viewer, owner, question.id, mode=mode, both_complete=both) is see
    assert may_write(bank, viewer, owner, question.id, mode=mode, both_complete=both) is write


def test_mode_steps():
    assert mode_step("together", "blind", False) == "change"
    assert mode_step("blind", "together", False) == "ask_other"
    assert mode_step("blind", "together", True) == "change"
    assert mode_step("blind", "blind", False) == "unchanged"
    with pytest.raises(ValueError):
        mode_step("blind", "open", False)


def test_a_driver_error_leaves_storage_as_its_own_error(store, bank):
    """The database refusing (here: the answers table is gone) reaches callers as a
    DatabaseError in plain words (shown on pages as it is), never as a SQLAlchemy or driver
    exception; the cause is in its ``detail`` (for the log and the command line) without the
    statement and its values (which hold answers)."""
    import sqlalchemy as sa

    from storage import DatabaseError, StorageError
    session_id = store.create_session(full_session(bank))
    with store.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE answers"))
    with pytest.raises(DatabaseError) as caught:
        store.save_answer(session_id, "client", _likert(bank).id, 3, viewer="client")
    assert isinstance(caught.value, StorageError)
    message, detail = str(caught.value), caught.value.detail
    assert "refused" in message and "answers" not in message and "SQL" not in message
    assert "answers" in detail and "INSERT" not in detail and "[SQL" not in detail
    with pytest.raises(DatabaseError):
        store.load_session(session_id)
