"""Two tabs of one party on one SQLite file (two AppTest sessions, as two browser tabs): an answer
stored by one is picked up by the other on its next poll, and when both change the same answer,
both end showing the one stored last. Polling is run for real: the poll's clock is set back, as
if its period had passed, and the page reruns (the fragment runs on every full rerun too).
"""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from app_support import app_state, ROOT, open_app
from storage import AnswerChange
from ui.session import live

EXAMPLE = ROOT / "examples" / "conditions_midway.json"
QUESTIONNAIRE = "ui/pages/questionnaire.py"


@pytest.fixture
def stored(store) -> tuple:
    return store, store.import_json(EXAMPLE.read_text())


def polled(at: AppTest) -> AppTest:
    """The tab after its poll period: the next run checks the store."""
    app_state(at)[live.LAST_POLL] = 0.0
    at.run()
    assert not at.exception, at.exception
    return at


def first_radio(at: AppTest, prefix: str):
    """The first 1-5 scale answer on the page."""
    return next(r for r in at.radio if r.key and r.key.startswith(prefix)
                and r.options and r.options[0].startswith("1 "))


def other(value) -> int:
    return 1 if value != 1 else 2


def begin(client: AppTest) -> AppTest:
    client.button(key="c.begin").click().run()
    assert not client.exception, client.exception
    return client


def two_supplier_tabs(session_id: str) -> tuple[AppTest, AppTest, str, str]:
    """Two supplier tabs on the questionnaire: the tabs, the first scale's widget key and its
    question id."""
    first = open_app({"s": session_id}, QUESTIONNAIRE)
    second = open_app({"s": session_id}, QUESTIONNAIRE)
    key = first_radio(first, "w.q.supplier.").key
    return first, second, key, key.rsplit(".", 1)[1]


def test_two_supplier_tabs_without_a_link_see_each_others_answers(stored):
    store, session_id = stored
    assert store.live_links(session_id).get("client", 0) == 0
    first, second, key, question = two_supplier_tabs(session_id)
    value = other(first.radio(key=key).value)
    first.radio(key=key).set_value(value).run()
    assert store.load_session(session_id).answers["supplier"][question] == value

    polled(second)
    assert app_state(second)["gw.session"].answers["supplier"][question] == value
    assert second.radio(key=key).value == value

    # and back the other way: the first tab picks up the second's change
    again = other(value)
    second.radio(key=key).set_value(again).run()
    polled(first)
    assert first.radio(key=key).value == again


def test_a_race_on_one_answer_ends_with_both_tabs_showing_the_stored_one(stored):
    store, session_id = stored
    first, second, key, question = two_supplier_tabs(session_id)
    first.radio(key=key).set_value(4).run()
    second.radio(key=key).set_value(5).run()  # stored last: it wins
    assert store.load_session(session_id).answers["supplier"][question] == 5
    assert first.radio(key=key).value == 4  # the tab that lost has not polled yet

    for tab in (polled(first), polled(second)):
        assert tab.radio(key=key).value == 5
        assert app_state(tab)["gw.session"].answers["supplier"][question] == 5


def test_two_tabs_of_one_client_link_see_each_others_answers(stored):
    store, session_id = stored
    token = store.create_link(session_id)
    first = begin(open_app({"token": token}))
    second = begin(open_app({"token": token}))
    radio = first_radio(first, "w.c.client.")
    question = radio.key.rsplit(".", 1)[1]
    value = other(radio.value)
    first.radio(key=radio.key).set_value(value).run()
    assert store.load_session(session_id).answers["client"][question] == value

    polled(second)
    assert second.radio(key=radio.key).value == value


def test_each_tab_records_its_own_writer(stored):
    store, session_id = stored
    first, second, key, _ = two_supplier_tabs(session_id)
    since = store.session_info(session_id).revision
    first.radio(key=key).set_value(4).run()
    second.radio(key=key).set_value(5).run()
    writers = {c.answered_by for c in store.answers_since(session_id, since).answers}
    assert writers == {f"supplier/{app_state(second)['gw.writer']}"}
    assert app_state(first)["gw.writer"] != app_state(second)["gw.writer"]


def _change(party: str, question: str, value, by: str) -> AnswerChange:
    return AnswerChange(party=party, question_id=question, value=value,
                        answered_at=dt.datetime.now(dt.timezone.utc), answered_by=by, revision=1)


def test_merge_takes_other_writers_and_keeps_own_and_unsaved(midway):
    session = midway[0]
    me, them = "supplier/aaaa", "supplier/bbbb"
    shown = session.answers["supplier"]
    ids = [qid for qid, value in shown.items() if isinstance(value, int) and not isinstance(value, bool)]
    a, b, c = ids[:3]
    merged = live.merge(session, [_change("supplier", a, other(shown[a]), them),
                                 _change("supplier", b, other(shown[b]), me),
                                 _change("supplier", c, other(shown[c]), them)],
                        writer=me, pending=[("supplier", c)])
    assert merged.answers["supplier"][a] == other(shown[a])  # another tab of the same party
    assert merged.answers["supplier"][b] == shown[b]  # this tab's own write: shown already
    assert merged.answers["supplier"][c] == shown[c]  # typed here, not saved yet


def test_merge_takes_own_table_writes_merged_with_another_tabs_rows(midway, bank):
    """The store merges a table's rows by row id, so this tab's own write of a table can hold
    another tab's rows: it is taken in."""
    me = "supplier/aaaa"
    question = next(q for q in bank.questions if q.type == "rows" and "supplier" in q.answered_by)
    shown = midway[0].answers["supplier"].get(question.id) or []
    stored = [*shown, {"id": "from-the-other-tab", "marker": 1}]
    merged = live.merge(midway[0], [_change("supplier", question.id, stored, me)], writer=me)
    assert merged.answers["supplier"][question.id] == stored


def test_pages_that_do_not_show_the_discovery_set_no_timer(stored):
    _, session_id = stored
    on_sessions = open_app({"s": session_id}, "ui/pages/sessions.py")
    app_state(on_sessions)[live.LAST_POLL] = 0.0
    on_sessions.run()
    assert app_state(on_sessions)[live.LAST_POLL] == 0.0  # no poll ran
    on_questions = open_app({"s": session_id}, QUESTIONNAIRE)
    assert app_state(on_questions)[live.LAST_POLL] > 0.0
