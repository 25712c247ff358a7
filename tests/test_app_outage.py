"""The database stopped in the middle of a session, in AppTest, on a real PostgreSQL server of
the test's own (pg_cluster.py) stopped with ``pg_ctl stop -m fast`` and started again.

Neither party ever gets a traceback or the driver's words (the server's address, port, SQL);
an answer given during the outage stays on the page with a plain "not saved yet" and is saved
once the database is back, on the next run, without a new answer; a link that cannot be checked
is not treated as revoked; nothing is written while the database is away."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from app_support import app_state, ROOT, open_app, texts
from storage import Store
from ui.session.party_link import INVALID, UNREACHABLE

pytestmark = pytest.mark.postgres

EXAMPLE = ROOT / "examples" / "conditions_midway.json"
SUPPLIER_PAGES = ["ui/pages/questionnaire.py", "ui/pages/review.py", "ui/pages/results.py",
                  "ui/pages/dependencies.py", "ui/pages/sessions.py", "ui/pages/pipeline.py"]


@pytest.fixture
def stored(pg_outage_url, bank):
    store = Store.open(pg_outage_url, bank)
    yield store, store.import_json(EXAMPLE.read_text())
    store.engine.dispose()


def _both_likert(bank):
    return next(q for q in bank.questions if q.parties == "both" and q.type == "likert"
                and q.show_if is None)


def _new_values(store, session_id, question, party: str = "client") -> list[int]:
    """Two answers to ``question`` that differ from the one stored for ``party``."""
    before = store.load_session(session_id).answers[party].get(question.id)
    return [v for v in (1, 2, 3) if v != before][:2]


def plain_page(at: AppTest, cluster) -> str:
    """The page's text, checked for a traceback and for the driver's words."""
    assert not at.exception, at.exception
    shown = texts(at)
    for leak in ("Traceback", "127.0.0.1", f":{cluster.port}", f"port {cluster.port}", "psycopg",
                 "OperationalError", "sqlalchemy", "/usr/lib", "site-packages"):
        assert leak not in shown, leak
    return shown


def not_saved_yet(at: AppTest) -> bool:
    return any("Not saved yet" in w.value and "cannot be reached" in w.value for w in at.warning)


def _client_on(store, session_id, question) -> AppTest:
    client = open_app({"token": store.create_link(session_id)})
    client.button(key="c.begin").click().run()
    area_titles = client.selectbox(key="w.c.area").options
    for index in range(len(area_titles)):  # the step that shows the question
        if f"w.c.client.{question.id}" in {r.key for r in client.radio}:
            break
        client.selectbox(key="w.c.area").set_value(index).run()
    assert f"w.c.client.{question.id}" in {r.key for r in client.radio}
    return client


def test_the_clients_answer_during_an_outage_is_kept_and_saved_when_the_database_returns(
        pg_cluster, stored, bank):
    store, session_id = stored
    question = _both_likert(bank)
    before = store.load_session(session_id).answers["client"].get(question.id)
    first, last = _new_values(store, session_id, question)
    client = _client_on(store, session_id, question)

    pg_cluster.stop()
    client.radio(key=f"w.c.client.{question.id}").set_value(first).run()
    shown = plain_page(client, pg_cluster)
    assert INVALID not in shown  # the link is not taken for revoked
    assert not_saved_yet(client)
    client.radio(key=f"w.c.client.{question.id}").set_value(last).run()  # changed again, still down
    client.run()  # a rerun (the poll, a click elsewhere) while it is down
    plain_page(client, pg_cluster)
    assert not_saved_yet(client)
    client.button(key="c.refresh").click().run()  # checking for the supplier's answers
    shown = plain_page(client, pg_cluster)
    assert "Could not check for new answers (the database could not be reached" in shown
    assert not_saved_yet(client) and "0 change(s)" not in shown
    assert app_state(client)["gw.session"].answers["client"][question.id] == last

    pg_cluster.start()
    assert store.load_session(session_id).answers["client"].get(question.id) == before  # not yet
    client.run()  # the next run saves what was kept, without a new answer
    plain_page(client, pg_cluster)
    assert not not_saved_yet(client)
    assert store.load_session(session_id).answers["client"][question.id] == last
    assert store.answers_since(session_id, 0).answers[-1].answered_by == \
        f"client/{app_state(client)['gw.writer']}"  # written by the tab that kept it
    assert app_state(client)["gw.pending"] == []


def test_a_link_that_cannot_be_checked_is_not_revoked_and_writes_nothing(pg_cluster, stored, bank):
    store, session_id = stored
    token = store.create_link(session_id)
    revision = store.session_info(session_id).revision
    open_app({"s": session_id}, "ui/pages/review.py")  # the app's Store is open, as on a running server

    pg_cluster.stop()
    client = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    client.query_params["token"] = token
    client.run()
    shown = plain_page(client, pg_cluster)
    assert client.title[0].value == UNREACHABLE and INVALID not in shown
    assert "try again in a minute" in shown
    assert "gw.session" not in app_state(client)

    pg_cluster.start()
    assert store.session_info(session_id).revision == revision  # nothing written
    assert store.resolve_link(token) == (session_id, "client")
    client.run()  # the same page, reloaded once the database is back
    plain_page(client, pg_cluster)
    assert app_state(client)["gw.session"].deal.name == store.load_session(session_id).deal.name


def test_the_supplier_sees_plain_words_on_every_page_and_its_answer_is_saved_later(
        pg_cluster, stored, bank):
    store, session_id = stored
    question = _both_likert(bank)
    new_value = _new_values(store, session_id, question, "supplier")[0]
    supplier = open_app({"s": session_id}, "ui/pages/questionnaire.py")
    key = f"w.q.supplier.{question.id}"
    areas = supplier.selectbox(key="w.q.area").options if any(
        s.key == "w.q.area" for s in supplier.selectbox) else []
    for index in range(len(areas)):
        if key in {r.key for r in supplier.radio}:
            break
        supplier.selectbox(key="w.q.area").set_value(index).run()
    assert key in {r.key for r in supplier.radio}

    pg_cluster.stop()
    supplier.radio(key=key).set_value(new_value).run()
    plain_page(supplier, pg_cluster)
    assert not_saved_yet(supplier)
    for page in SUPPLIER_PAGES:
        supplier.switch_page(page).run()
        shown = plain_page(supplier, pg_cluster)
        assert re.search(r"cannot be reached|could not be", shown), page

    pg_cluster.start()
    supplier.switch_page("ui/pages/questionnaire.py").run()
    plain_page(supplier, pg_cluster)
    assert not not_saved_yet(supplier)
    assert store.load_session(session_id).answers["supplier"][question.id] == new_value


def test_an_app_started_while_the_database_is_down_says_so_plainly(pg_cluster, pg_outage_url):
    pg_cluster.stop()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["token"] = "x" * 43
    at.run()
    shown = plain_page(at, pg_cluster)
    assert "cannot be reached" in shown and INVALID not in shown


def test_a_kept_answer_does_not_replace_one_saved_after_it(pg_cluster, stored, bank):
    """The prospect answers in one tab while the database is away, then (once it is back) in
    another tab before the first saves: the newer answer stays, and the first tab shows it."""
    store, session_id = stored
    question = _both_likert(bank)
    kept, newer = _new_values(store, session_id, question)
    first_tab = _client_on(store, session_id, question)

    pg_cluster.stop()
    first_tab.radio(key=f"w.c.client.{question.id}").set_value(kept).run()
    assert not_saved_yet(first_tab)
    pg_cluster.start()
    second_tab = _client_on(store, session_id, question)
    second_tab.radio(key=f"w.c.client.{question.id}").set_value(newer).run()
    assert store.load_session(session_id).answers["client"][question.id] == newer

    first_tab.run()  # its retry finds the newer answer
    shown = plain_page(first_tab, pg_cluster)
    assert store.load_session(session_id).answers["client"][question.id] == newer
    assert app_state(first_tab)["gw.session"].answers["client"][question.id] == newer
    assert "a newer answer to the same question had been saved" in shown
    assert not not_saved_yet(first_tab)


def test_the_saved_dependency_table_is_not_replaced_by_a_fresh_draft_after_an_outage(
        pg_cluster, pg_outage_url, midway):
    """Opened while the database is away, the dependency page must not draft afresh: that draft
    would overwrite the saved edits once the database is back."""
    from app_support import DEPS, edit, open_example
    from storage import Store

    session = midway[0]
    at = open_example(session.deal.name, DEPS)
    session_id = app_state(at)["gw.session_id"]
    edit(at, edited_rows={0: {"owner": "Dana Reyes"}})
    store = Store.open(pg_outage_url)
    try:
        assert store.load_draft(session_id).rows[0]["owner"] == "Dana Reyes"
        other = open_app({"s": session_id}, "ui/pages/review.py")  # another browser session

        pg_cluster.stop()
        other.switch_page(DEPS).run()
        shown = plain_page(other, pg_cluster)
        assert "cannot be reached" in shown

        pg_cluster.start()
        other.run()
        plain_page(other, pg_cluster)
        assert other.dataframe[0].value.iloc[0]["owner"] == "Dana Reyes"
        assert store.load_draft(session_id).rows[0]["owner"] == "Dana Reyes"
    finally:
        store.engine.dispose()


def test_an_outcome_that_could_not_be_read_is_not_overwritten_by_the_form(
        pg_cluster, pg_outage_url, bank):
    """The pipeline's outcome form: choosing a discovery while the database is away leaves the
    form without its logged outcome; saving that form must not replace the outcome."""
    from ui.actions import pipeline as actions
    examples = sorted((ROOT / "examples").glob("*.json"))[:2]
    store = Store.open(pg_outage_url, bank)
    try:
        first, second = (store.import_json(p.read_text(encoding="utf-8")) for p in examples)
        store.set_outcome(second, {"sales": "lost", "sales_date": "2026-10-01"})
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page("ui/pages/pipeline.py").run()
        assert not at.exception, at.exception
        other = first if at.selectbox(key="pipeline.pick").value == second else second
        if other != second:  # start on `first`, so that choosing `second` loads its outcome
            at.selectbox(key="pipeline.pick").set_value(first).run()

        pg_cluster.stop()
        at.selectbox(key="pipeline.pick").set_value(second).run()  # its outcome cannot be read
        plain_page(at, pg_cluster)
        assert at.session_state["pipeline.unread"] == second

        pg_cluster.start()
        at.run()  # the next run reads it again
        plain_page(at, pg_cluster)
        assert at.selectbox(key="pipeline.sales").value == "lost"

        # Had the form been drawn without it, saving would have been refused:
        at.session_state["pipeline.unread"] = second
        at.selectbox(key="pipeline.sales").set_value(actions.NONE)
        at.button(key="pipeline.save").click().run()
        assert "Not saved" in plain_page(at, pg_cluster)
        found = store.outcome(second)
        assert found is not None and found.sales == "lost"
    finally:
        store.engine.dispose()


def test_a_discovery_started_while_the_database_is_away_is_saved_whole_when_it_is_back(
        pg_cluster, pg_outage_url, bank):
    from app_support import new_app
    store = Store.open(pg_outage_url, bank)
    try:
        at = new_app()
        pg_cluster.stop()
        at.text_input(key="start.name").input("Started in an outage").run()
        at.button(key="start.submit").click().run()
        at.button(key="start.no_goals").click().run()
        plain_page(at, pg_cluster)
        key = "w.q.supplier.goal_measurable"
        at.radio(key=key).set_value(2).run()
        shown = plain_page(at, pg_cluster)
        assert "Your 2 changes are kept on this page" in shown

        pg_cluster.start()
        at.run()
        shown = plain_page(at, pg_cluster)
        assert "Not saved yet" not in shown and "newer answer" not in shown
        (listed,) = store.list_sessions()
        assert listed.deal.name == "Started in an outage"
        assert store.load_session(listed.id).answers["supplier"] == {"goal_measurable": 2}
        assert app_state(at)["gw.session_id"] == listed.id
    finally:
        store.engine.dispose()
