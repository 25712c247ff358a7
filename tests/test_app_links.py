"""Client links in AppTest on a real SQLite file: the client view shows only the client's side,
a bad or revoked token shows the plain page and no data, both sides see each other's answers,
and blind mode hides them until both parties mark their part complete."""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from app_support import app_state, ROOT, open_app, texts
from ui.session.party_link import INVALID

EXAMPLE = ROOT / "examples" / "conditions_midway.json"
NOTE = "Private margin note: walk if under 90k, marker-7f3a"
PRICE = 123457


@pytest.fixture
def stored(store) -> tuple:
    """A saved session whose supplier-private answers carry recognisable markers."""
    data = json.loads(EXAMPLE.read_text())
    data["answers"]["supplier"].update(supplier_notes=NOTE, supplier_min_price=PRICE)
    return store, store.import_json(json.dumps(data))


def begin(client: AppTest) -> AppTest:
    """Past the client's welcome, to its first step of questions."""
    client.button(key="c.begin").click().run()
    assert not client.exception, client.exception
    return client


def client_pages(at: AppTest) -> str:
    """The client view of every area, as text."""
    seen = []
    for index in range(len(at.selectbox(key="w.c.area").options)):
        at.selectbox(key="w.c.area").set_value(index).run()
        assert not at.exception, at.exception
        seen.append(texts(at))
    return "\n".join(seen)


def private_markers(bank) -> list[str]:
    wording = [q.wording("supplier") for q in bank.questions if q.visibility == "supplier_private"]
    return [*wording, NOTE, str(PRICE), f"{PRICE:,}"]


def test_client_link_never_renders_supplier_private_content(stored, bank):
    store, session_id = stored
    supplier = open_app({"s": session_id}, "ui/pages/review.py")
    supplier_text = texts(supplier)
    for marker in (NOTE, *(q.wording("supplier") for q in bank.questions
                           if q.visibility == "supplier_private")):
        assert marker in supplier_text  # the supplier sees them, so their absence below means something

    client = open_app({"token": store.create_link(session_id)})
    shown = client_pages(client)
    for marker in private_markers(bank):
        assert marker not in shown, marker
    view = app_state(client)["gw.session"]
    assert not {"supplier_notes", "supplier_min_price", "supplier_can_decline"} & set(
        view.answers["supplier"])
    client_only = [q for q in bank.questions if q.parties == "client" and q.show_if is None]
    assert client_only and all(q.wording("client") in shown for q in client_only)


@pytest.mark.parametrize("kind", ["wrong", "truncated", "revoked", "deleted"])
def test_bad_token_gets_the_plain_page_and_no_data(stored, bank, kind):
    store, session_id = stored
    token = store.create_link(session_id)
    if kind == "wrong":
        token = "x" * len(token)
    elif kind == "truncated":
        token = token[:12]
    elif kind == "revoked":
        assert store.revoke_link(token)
    else:
        store.delete(session_id)
    at = open_app({"token": token})
    assert at.title[0].value == INVALID
    shown = texts(at)
    deal = json.loads(EXAMPLE.read_text())["deal"]["name"]
    assert deal not in shown
    assert not any(q.wording(p) in shown for q in bank.questions for p in q.answered_by)
    assert "gw.session" not in app_state(at)


def test_link_created_on_review_page_works_until_revoked(stored):
    store, session_id = stored
    supplier = open_app({"s": session_id}, "ui/pages/review.py")
    supplier.checkbox(key="share.unprotected_ok").check().run()  # loopback, no passcode
    supplier.button(key="share.create").click().run()
    url = supplier.code[0].value
    token = re.search(r"\?token=([\w-]+)$", url).group(1)
    assert store.resolve_link(token) == (session_id, "client")
    client = open_app({"token": token})
    assert client.title[0].value != INVALID
    supplier.button(key="share.revoke").click().run()
    assert store.resolve_link(token) is None
    client.run()  # the open client page stops working at once
    assert client.title[0].value == INVALID
    assert "gw.session" not in app_state(client)


def test_both_sides_see_each_others_answers_without_losing_their_own(stored, bank):
    store, session_id = stored
    supplier = open_app({"s": session_id}, "ui/pages/review.py")
    client = begin(open_app({"token": store.create_link(session_id)}))
    question = next(q for q in bank.questions if q.parties == "both" and q.type == "likert")
    before = store.load_session(session_id).answers
    new_value = 1 if before["client"].get(question.id) != 1 else 2
    client.radio(key=f"w.c.client.{question.id}").set_value(new_value).run()
    assert store.load_session(session_id).answers["client"][question.id] == new_value
    assert store.answers_since(session_id, 0).answers[-1].answered_by == \
        f"client/{app_state(client)['gw.writer']}"  # the party, and the tab that wrote it

    supplier.button(key="share.refresh").click().run()
    assert not supplier.exception, supplier.exception
    seen = app_state(supplier)["gw.session"]
    assert seen.answers["client"][question.id] == new_value
    assert seen.answers["supplier"] == before["supplier"]


def test_blind_mode_hides_answers_until_both_mark_complete(stored, bank):
    store, session_id = stored
    supplier = open_app({"s": session_id}, "ui/pages/review.py")
    supplier.button(key="share.blind").click().run()
    assert store.session_info(session_id).mode == "blind"
    client = open_app({"token": store.create_link(session_id)})
    assert app_state(client)["gw.session"].answers["supplier"] == {}
    assert "The supplier's answer" not in client_pages(client)

    client.selectbox(key="w.c.area").set_value(len(client.selectbox(key="w.c.area").options) - 1).run()
    client.button(key="c.complete").click().run()
    supplier.button(key="share.complete").click().run()
    assert store.session_info(session_id).both_complete
    client.button(key="c.refresh").click().run()
    assert not client.exception, client.exception
    revealed = app_state(client)["gw.session"].answers["supplier"]
    assert revealed and "supplier_notes" not in revealed
    assert "The supplier's answer: " in client_pages(client)


def test_a_client_session_stays_on_the_client_page_without_the_token(stored, bank):
    store, session_id = stored
    client = open_app({"token": store.create_link(session_id)})
    del client.query_params["token"]
    client.run()
    assert not client.exception, client.exception
    assert app_state(client)["gw.viewer"] == "client"
    assert client.selectbox(key="w.c.area")  # still the client page, not the supplier's start
    assert not [b for b in client.button if b.key and b.key.startswith("start.")]
    for marker in private_markers(bank):
        assert marker not in texts(client), marker
