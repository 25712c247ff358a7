"""AppTest against a real SQLite file: every answer saved as given, reopened after a refresh and
from a brand-new engine, a save failure keeps the answer, and the sessions page's actions."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from answers_support import HOSTILE, valid_value
from app_support import app_state, APP, frames, hand_over, on_screen, open_app, plain, set_widget

SESSIONS = "ui/pages/sessions.py"


def fresh(session_id: str | None = None, page: str | None = None) -> AppTest:
    """A new browser session (a refresh): nothing in session_state, only the URL."""
    return open_app({"s": session_id} if session_id else {}, page)


def start(name: str = "Acme platform") -> AppTest:
    at = fresh()
    at.text_input(key="start.name").input(name)
    at.text_input(key="start.client").input("Acme Ltd")
    at.run()
    at.text_area(key="start.goals").input("Cut churn to 7%")
    at.run()
    at.button(key="start.submit").click().run()
    assert not at.exception, at.exception
    return at


def answer_first(at: AppTest, bank, party: str, salt: int = 0, scope: str = "q"):
    question = on_screen(at, bank, scope, party)[0]
    value = valid_value(question, salt)
    set_widget(at, question, f"w.{scope}.{party}.{question.id}", value)
    return question, value


def test_answers_survive_a_refresh_and_a_new_engine(open_store, bank):
    at = start()
    session_id = app_state(at)["gw.session_id"]
    assert at.query_params["s"] == [session_id] or at.query_params["s"] == session_id
    question, value = answer_first(at, bank, "supplier")
    hand_over(at)
    at.button(key="c.begin").click().run()
    client_q, client_value = answer_first(at, bank, "client", salt=4, scope="c")

    again = fresh(session_id, "ui/pages/questionnaire.py")
    reopened = app_state(again)["gw.session"]
    assert reopened.answers["supplier"][question.id] == value
    assert reopened.answers["client"][client_q.id] == client_value
    assert reopened.deal.name == "Acme platform"
    assert [g.text for g in reopened.goals] == ["Cut churn to 7%"]

    stored = open_store().load_session(session_id)  # a brand-new engine
    assert stored.answers["supplier"] == {question.id: value}
    assert stored.answers["client"] == {client_q.id: client_value}


def test_opening_an_example_stores_it(open_store, bank):
    at = fresh()
    at.button(key="start.example.0").click().run()
    session_id = app_state(at)["gw.session_id"]
    assert session_id
    assert open_store().load_session(session_id) == app_state(at)["gw.session"]


def test_unknown_session_id_in_the_url_says_so_and_opens_nothing():
    at = fresh("no-such-session-id")
    assert "gw.session" not in app_state(at)
    assert any("no longer exists" in i.value for i in at.info)
    assert "s" not in at.query_params


def test_a_failed_save_keeps_the_answer_and_says_so(open_store, bank):
    at = start()
    session_id = app_state(at)["gw.session_id"]
    open_store().delete(session_id)  # someone else deleted it meanwhile
    question, value = answer_first(at, bank, "supplier")
    assert app_state(at)["gw.session"].answers["supplier"][question.id] == value
    # in plain words: the store's own message names the session's id, which stays in the log
    assert any("Not saved yet" in e.value and "no longer exists" in e.value for e in at.error)
    assert not any(session_id in e.value for e in at.error)
    assert len(app_state(at)["gw.pending"]) == 1


def sessions_page(at: AppTest) -> AppTest:
    at.switch_page(SESSIONS).run()
    assert not at.exception, at.exception
    return at


def test_sessions_page_lists_with_progress_and_verdict(bank):
    at = start("Zeta rollout")
    answer_first(at, bank, "supplier")
    frame = frames(sessions_page(at))[0]
    row = frame[frame["Deal"] == "Zeta rollout"].iloc[0]
    assert row["Supplier"].startswith("1/")
    assert row["Verdict"] == "Not enough answers yet"  # one answer cannot carry a verdict
    at.text_input(key="sessions.search").input("nothing like this").run()
    assert not frames(at) and any("No saved discoveries match" in m.value for m in at.markdown)


def test_duplicate_archive_and_delete_with_confirmation(open_store, bank):
    at = start("Template source")
    answer_first(at, bank, "supplier")
    source = app_state(at)["gw.session_id"]
    store = open_store()
    sessions_page(at)
    at.button(key="sessions.duplicate").click().run()
    assert len(store.list_sessions()) == 2
    copy = at.session_state["sessions.pick"]
    assert copy != source
    duplicated = store.load_session(copy)
    assert duplicated.answers == {"supplier": {}, "client": {}}
    assert [g.text for g in duplicated.goals] == ["Cut churn to 7%"]

    at.button(key="sessions.archive").click().run()
    assert [s.id for s in store.list_sessions()] == [source]
    assert len(frames(at)[0]) == 1
    at.checkbox(key="sessions.archived").check().run()
    assert len(frames(at)[0]) == 2

    at.selectbox(key="sessions.pick").select(source).run()
    at.button(key="sessions.delete").click().run()
    assert len(store.list_sessions(include_archived=True)) == 2  # asked first, nothing deleted
    at.button(key="sessions.cancel").click().run()
    assert len(store.list_sessions(include_archived=True)) == 2
    at.button(key="sessions.delete").click().run()
    at.button(key="sessions.confirm").click().run()
    assert not at.exception, at.exception
    assert [s.id for s in store.list_sessions(include_archived=True)] == [copy]
    assert "gw.session" not in app_state(at)  # the open discovery was the deleted one


def test_import_invalid_file_lists_problems_and_writes_nothing(open_store, bank):
    at = sessions_page(start())
    store = open_store()
    before = len(store.list_sessions(include_archived=True))
    bad = json.dumps({"format": "groundwork.session/1", "deal": {"name": HOSTILE},
                      "answers": {"supplier": {"goal_fit": 9}}}).encode()
    at.file_uploader(key="sessions.upload").upload("bad.json", bad, "application/json").run()
    assert not at.exception, at.exception
    message = plain(at.error[0].value)
    assert "was not imported" in message and "answers.supplier.goal_fit" in message
    assert len(store.list_sessions(include_archived=True)) == before


def test_import_a_valid_file_then_open_it(open_store, bank):
    from questions import load_session
    example = sorted((Path(APP).parent / "examples").glob("*.json"))[0]
    at = sessions_page(start())
    store = open_store()
    at.file_uploader(key="sessions.upload").upload(example.name, example.read_bytes(),
                                                   "application/json").run()
    assert not at.exception, at.exception
    new_id = at.session_state["sessions.pick"]
    assert store.load_session(new_id) == load_session(example.read_text(), bank)
    at.button(key="sessions.open").click().run()
    assert not at.exception, at.exception
    assert app_state(at)["gw.session_id"] == new_id
    assert app_state(at)["gw.session"] == store.load_session(new_id)
