"""In Debian's chromium against a real ``streamlit run`` on a PostgreSQL server of the test's own
(pg_cluster.py): the server is stopped while the prospect answers through its link. The page
shows a plain "not saved yet" (no traceback, no server address), keeps the answer, and once the
server is back the page's own poll saves it, without the prospect doing anything."""
from __future__ import annotations

import pytest

from browser_support import TIMEOUT_MS, Server, choose, click_button, load
from questions.session import parse_session
from storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.postgres]

QUESTION = "goal_measurable"


@pytest.fixture
def pg_server(pg_outage_url, tmp_path):
    running = Server(pg_outage_url, tmp_path / "streamlit.log")
    running.start()
    yield running
    running.stop()


def test_the_prospects_answer_survives_a_database_outage(pg_cluster, pg_outage_url, pg_server,
                                                          bank, tab):
    store = Store.open(pg_outage_url, bank)
    try:
        session_id = store.create_session(parse_session(
            {"format": "groundwork.session/1", "deal": {"name": "Outage"}}))
        client = tab
        load(client, f"{pg_server.url}/?token={store.create_link(session_id)}")
        click_button(client, "c.begin")
        client.get_by_role("heading", name="1. Goals").wait_for()

        pg_cluster.stop()
        choose(client, f"w.c.client.{QUESTION}", "2 · Disagree")
        warning = client.get_by_text("Not saved yet", exact=False)
        warning.wait_for()
        shown = client.locator("[data-testid='stMain']").inner_text()
        for leak in ("Traceback", "127.0.0.1", str(pg_cluster.port), "psycopg", "OperationalError",
                     "not valid or has been revoked"):
            assert leak not in shown, leak

        pg_cluster.start()
        # No click: the page's poll (every few seconds) saves the kept answer and redraws.
        warning.wait_for(state="detached", timeout=TIMEOUT_MS)
        assert store.load_session(session_id).answers["client"][QUESTION] == 2
        assert client.get_by_text("Traceback", exact=False).count() == 0
    finally:
        store.engine.dispose()
