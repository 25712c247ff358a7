"""One corrupt row damages only its own session, on SQLite and PostgreSQL: the row is written
directly with SQL (as a bad restore, a hand edit or a bug elsewhere could leave it), then the
sessions list, ``python -m storage list`` and the sessions page still list every other session,
the damaged one as "damaged: cannot be read", and opening it (from the list, from its URL, or
through a client link) says so in plain words, never with a traceback."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from answers_support import full_session
from app_support import app_state, frames, open_app, texts
from storage import CorruptRow
from storage.__main__ import main as storage_main
from storage_support import every_backend
from ui.actions.sessions import PICK
from ui.session.database import DAMAGED as DAMAGED_MESSAGE
from ui.session.party_link import DAMAGED as DAMAGED_TITLE

pytestmark = every_backend

DAMAGED = "damaged: cannot be read"


def _likert(bank):
    return next(q for q in bank.questions if "client" in q.answered_by and q.type == "likert"
                and q.show_if is None)


CORRUPTIONS = {
    # what is written, to which table and column
    "answer not JSON": ("answers", "value", "{oops"),
    "answer of the wrong type": ("answers", "value", '"seven"'),
    "answer not text": ("answers", "value", "[1, {}]"),
    "details not JSON": ("sessions", "deal", "{broken"),
    "details of the wrong type": ("sessions", "deal", "5"),
    "people not JSON": ("sessions", "people", "nope"),
}


@pytest.fixture(params=list(CORRUPTIONS))
def damaged(request, store, bank):
    """Two good sessions and one between them with one corrupt row: (store, good ids, bad id)."""
    first = store.create_session(full_session(bank).model_copy(
        update={"deal": full_session(bank).deal.model_copy(update={"name": "First good deal"})}))
    bad = store.create_session(full_session(bank, salt=1).model_copy(
        update={"deal": full_session(bank).deal.model_copy(update={"name": "Damaged deal"})}))
    last = store.create_session(full_session(bank, salt=2).model_copy(
        update={"deal": full_session(bank).deal.model_copy(update={"name": "Last good deal"})}))
    table, column, text = CORRUPTIONS[request.param]
    where = {"sid": bad, "q": _likert(bank).id}
    with store.engine.begin() as connection:
        if table == "answers":
            done = connection.execute(sa.text(
                f"UPDATE answers SET {column} = :v WHERE session_id = :sid AND party = 'client' "
                "AND question_id = :q"), {"v": text, **where})
        else:
            done = connection.execute(sa.text(f"UPDATE sessions SET {column} = :v WHERE id = :sid"),
                                      {"v": text, **where})
        assert done.rowcount == 1
    with pytest.raises(CorruptRow):
        store.load_session(bad)
    return store, [first, last], bad


def test_the_list_keeps_the_other_sessions_and_marks_the_damaged_one(damaged):
    store, good, bad = damaged
    listed = {s.id: s for s in store.list_sessions()}
    assert set(listed) == {*good, bad}
    assert listed[bad].damaged and not any(listed[i].damaged for i in good)
    assert all(listed[i].progress["client"].answered > 0 for i in good)
    assert {listed[i].deal.name for i in good} == {"First good deal", "Last good deal"}


def test_the_command_line_lists_the_rest_and_names_the_damaged_one(damaged, cli, db_url):
    store, good, bad = damaged
    result = cli(storage_main, "--url", db_url, "list")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert set(lines) == {*good, bad}
    assert DAMAGED in lines[bad] and not any(DAMAGED in lines[i] for i in good)
    assert "Traceback" not in result.stdout + result.stderr


def test_the_sessions_page_lists_the_rest_and_opening_the_damaged_one_says_so(damaged):
    store, good, bad = damaged
    at = open_app(page="ui/pages/sessions.py")
    table = frames(at)[0]
    assert len(table) == 3
    assert sorted(table["Verdict"] == DAMAGED) == [False, False, True]
    assert {"First good deal", "Last good deal"} <= set(table["Deal"])

    at.selectbox(key=PICK).set_value(bad).run()
    assert not at.exception, at.exception
    assert any("damaged" in w.value for w in at.warning)
    at.button(key="sessions.open").click().run()
    assert not at.exception, at.exception
    assert DAMAGED_MESSAGE in texts(at) and "Traceback" not in texts(at)
    assert frames(at)[0].shape[0] == 3  # still listed, the list still works

    at.selectbox(key=PICK).set_value(good[0]).run()
    at.button(key="sessions.open").click().run()
    assert not at.exception, at.exception
    assert app_state(at)["gw.session_id"] == good[0]


def test_opening_the_damaged_session_by_its_url_or_a_link_says_so_plainly(damaged):
    store, good, bad = damaged
    by_url = open_app({"s": bad})
    assert DAMAGED_MESSAGE in texts(by_url)
    client = open_app({"token": store.create_link(bad)})
    assert client.title[0].value == DAMAGED_TITLE
    assert "gw.session" not in app_state(client)


def test_the_pipeline_leaves_the_damaged_one_out_and_shows_the_others(damaged):
    store, good, bad = damaged
    at = open_app(page="ui/pages/pipeline.py")
    shown = texts(at)
    assert "could not be read" not in shown
    assert "First good deal" in shown and "Last good deal" in shown
    assert "Damaged deal" not in shown
    assert set(good) <= set(store.read_answers().ids) and bad not in store.read_answers().ids
