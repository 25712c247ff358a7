"""The access rule in the running app (AppTest on a real database, SQLite and PostgreSQL): in
blind mode neither side sees, edits or exports the other's answers; a revoked link writes
nothing even from a page that is still open; client links need a protected supplier side;
leaving blind mode early takes both parties."""
from __future__ import annotations

import json

import pytest
from streamlit import config

from app_support import app_state, ROOT
from storage import Store
from storage_support import every_backend
from test_app_links import INVALID, begin, client_pages, open_app, texts
from ui.session.team_passcode import PASSCODE_ENV

EXAMPLE = ROOT / "examples" / "conditions_midway.json"
pytestmark = every_backend


@pytest.fixture
def stored(db_url, bank, monkeypatch):
    """A saved discovery, in blind mode, with every answer of the example."""
    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", db_url)
    store = Store.open(db_url, bank)
    session_id = store.import_json(EXAMPLE.read_text())
    store.request_mode(session_id, "blind", "supplier")
    yield store, session_id
    store.engine.dispose()


@pytest.fixture
def server_address():
    """Set the server address the link policy reads, and put it back afterwards."""
    before = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", before)


def client_answer_texts(bank, session) -> list[str]:
    return [q.wording("client") for q in bank.questions if "client" in q.answered_by
            and q.parties == "client" and session.answers["client"].get(q.id) is not None]


def test_blind_mode_hides_and_locks_the_clients_answers_on_every_supplier_page(stored, bank):
    store, session_id = stored
    full = store.load_session(session_id)
    assert full.answers["client"]
    review = open_app({"s": session_id}, "ui/pages/review.py")
    assert app_state(review)["gw.session"].answers["client"] == {}
    assert not [b for b in review.button if (b.key or "").startswith("r.edit.client.")]
    assert [b for b in review.button if (b.key or "").startswith("r.edit.supplier.")]
    shown = texts(review)
    assert "Blind mode" in shown
    for wording in client_answer_texts(bank, full):  # client-only questions are not listed
        assert wording not in shown, wording
    questionnaire = open_app({"s": session_id}, "ui/pages/questionnaire.py")
    assert "q.handover" not in [b.key for b in questionnaire.button]  # no hand-over in blind mode
    assert not [w for w in questionnaire.radio if (w.key or "").startswith("w.q.client.")]
    results = open_app({"s": session_id}, "ui/pages/results.py")
    assert "supplier's answers only" in texts(results)
    assert "not available" in [m.value for m in results.metric]  # no invented alignment
    sessions = open_app({"s": session_id}, "ui/pages/sessions.py")
    assert "export holds only the supplier's answers" in texts(sessions)
    assert store.load_session(session_id) == full  # nothing was written by looking


def test_blind_mode_hides_the_suppliers_answers_from_the_client_link(stored, bank):
    store, session_id = stored
    client = open_app({"token": store.create_link(session_id)})
    assert app_state(client)["gw.session"].answers["supplier"] == {}
    assert "The supplier's answer" not in client_pages(client)


def test_a_revoked_link_writes_nothing_from_the_still_open_page(stored, bank):
    store, session_id = stored
    store.request_mode(session_id, "together", "supplier")
    store.request_mode(session_id, "together", "client")
    client = begin(open_app({"token": store.create_link(session_id)}))
    question = next(q for q in bank.questions if q.parties == "both" and q.type == "likert"
                    and q.area == bank.areas[0].id)
    before = store.load_session(session_id)
    store.revoke_links(session_id, "client")
    new = 1 if before.answers["client"].get(question.id) != 1 else 2
    client.radio(key=f"w.c.client.{question.id}").set_value(new).run()
    assert not client.exception, client.exception
    assert store.load_session(session_id) == before
    assert client.title[0].value == INVALID
    assert "gw.session" not in app_state(client)


def test_links_need_a_passcode_or_an_explicit_warning_on_loopback(stored, server_address,
                                                                  monkeypatch):
    store, session_id = stored
    monkeypatch.delenv(PASSCODE_ENV, raising=False)
    server_address("0.0.0.0")  # reachable from other machines, no passcode: refused
    review = open_app({"s": session_id}, "ui/pages/review.py")
    assert review.button(key="share.create").disabled
    assert any("need a team passcode" in e.value for e in review.error)
    assert store.live_links(session_id)["client"] == 0

    server_address("127.0.0.1")  # loopback: allowed after an explicit acknowledgement
    review = open_app({"s": session_id}, "ui/pages/review.py")
    assert any("No team passcode is set" in w.value for w in review.warning)
    assert review.button(key="share.create").disabled
    review.checkbox(key="share.unprotected_ok").check().run()
    review.button(key="share.create").click().run()
    assert store.live_links(session_id)["client"] == 1
    assert "?token=" in review.code[0].value


def test_with_a_passcode_links_are_created_without_a_warning(stored, server_address, monkeypatch):
    store, session_id = stored
    monkeypatch.setenv(PASSCODE_ENV, "a long team passcode")
    server_address("0.0.0.0")
    review = open_app({}, None)
    review.text_input[0].input("a long team passcode")
    review.button[0].click().run()
    review.query_params["s"] = session_id
    review.run()
    review.switch_page("ui/pages/review.py").run()
    assert not review.exception, review.exception
    assert not any("passcode" in w.value for w in review.warning)
    review.button(key="share.create").click().run()
    assert store.live_links(session_id)["client"] == 1


def test_ending_blind_mode_early_needs_the_clients_agreement(stored, bank):
    store, session_id = stored
    supplier = open_app({"s": session_id}, "ui/pages/review.py")
    supplier.button(key="share.together").click().run()
    info = store.session_info(session_id)
    assert info.mode == "blind" and info.mode_requests == {"supplier": "together"}
    assert app_state(supplier)["gw.session"].answers["client"] == {}
    client = open_app({"token": store.create_link(session_id)})
    assert any("asks to switch to together mode" in w.value for w in client.warning)
    client.button(key="c.mode.agree").click().run()
    assert store.session_info(session_id).mode == "together"
    supplier.button(key="share.refresh").click().run()
    assert app_state(supplier)["gw.session"].answers["client"] == \
        store.load_session(session_id).answers["client"]


def test_the_client_can_keep_blind_mode(stored):
    store, session_id = stored
    store.request_mode(session_id, "together", "supplier")
    client = open_app({"token": store.create_link(session_id)})
    client.button(key="c.mode.keep").click().run()
    info = store.session_info(session_id)
    assert (info.mode, info.mode_requests) == ("blind", {})
    assert json.loads(store.export_json(session_id, "supplier"))["answers"]["client"] == {}
