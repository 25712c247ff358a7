"""AppTest against a real SQLite file: edits to the dependency table and the agreed boxes are
saved as made and come back after a refresh (a fresh AppTest with ``?s=<id>``); a plain rerun
writes nothing; a damaged saved draft falls back to a fresh one with a message."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

import scoring
from agreement import draft_dependencies, smart_check
from app_support import APP, HOSTILE
from questions import load_session
from storage import Store

DEPS = "ui/pages/dependencies.py"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "conditions_midway.json"
NO_EDITS = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def midway(bank):
    session = load_session(EXAMPLE.read_text(), bank)
    report = scoring.score(bank, session, scoring.load_model())
    return session, draft_dependencies(bank, session, report)


def fresh(session_id: str | None = None) -> AppTest:
    """A new browser session (a refresh): nothing in session_state, only the URL."""
    at = AppTest.from_file(APP, default_timeout=60)
    if session_id:
        at.query_params["s"] = session_id
    at.run()
    assert not at.exception, at.exception
    return at


def open_example(deal_name: str) -> tuple[AppTest, str]:
    at = fresh()
    next(b for b in at.button if b.key and b.key.startswith("start.example.")
         and re.sub(r"\\(.)", r"\1", b.label) == f"Open: {deal_name}").click().run()
    at.switch_page(DEPS).run()
    assert not at.exception, at.exception
    return at, at.session_state["gw.session_id"]


def edit(at: AppTest, **delta) -> None:
    key = f"deps.editor.{at.session_state['gw.deps.draft'].generation}"
    at.session_state[key] = dict(NO_EDITS, **delta)
    at.run()
    assert not at.exception, at.exception


def agreed_box(at: AppTest, dep_id: str):
    return next(c for c in at.checkbox if c.key and c.key.endswith(f".{dep_id}"))


def smart_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Measurable" in d.value.columns)


def stamp(db_url: str, session_id: str):
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT updated_at FROM drafts WHERE session_id = :s"),
                                      {"s": session_id}).scalar()
    finally:
        engine.dispose()


def test_an_edit_and_an_agreed_box_survive_a_refresh(db_url, bank, midway):
    session, deps = midway
    index, dep = next((i, d) for i, d in enumerate(deps) if smart_check(d, session, bank).passed)
    at, session_id = open_example(session.deal.name)
    assert Store.open(db_url, bank).load_draft(session_id) is None  # nothing edited, nothing written

    edited_what = dep.what + " " + HOSTILE
    edit(at, edited_rows={index: {"what": edited_what}})
    agreed_box(at, dep.id).check().run()
    assert agreed_box(at, dep.id).value is True and not at.error

    stored = Store.open(db_url, bank).load_draft(session_id)
    assert stored.rows[index]["what"] == edited_what and stored.agreed == {dep.id}

    again = fresh(session_id)
    again.switch_page(DEPS).run()
    assert not again.exception, again.exception
    assert again.dataframe[0].value.iloc[index]["what"] == edited_what
    assert agreed_box(again, dep.id).value is True
    assert smart_table(again).loc[index, "Agreed"] == "yes"
    assert not again.error and not again.warning


def test_plain_reruns_write_nothing(db_url, bank, midway):
    session, _ = midway
    at, session_id = open_example(session.deal.name)
    edit(at, edited_rows={0: {"owner": "Dana Reyes"}})
    written = stamp(db_url, session_id)
    assert written is not None
    at.run()
    at.run()
    assert stamp(db_url, session_id) == written
    edit(at, edited_rows={0: {"owner": "Lee Park"}})
    assert stamp(db_url, session_id) != written


def test_changed_answers_redraft_from_the_saved_edits_after_a_refresh(db_url, bank, midway):
    session, deps = midway
    at, session_id = open_example(session.deal.name)
    edit(at, edited_rows={0: {"when": "whenever it suits"}})
    Store.open(db_url, bank).save_answer(session_id, "client", "client_owner", "Rue Marsh, COO",
                                        viewer="client")

    again = fresh(session_id)
    again.switch_page(DEPS).run()
    assert not again.exception, again.exception
    assert again.dataframe[0].value.iloc[0]["when"] == "whenever it suits"
    assert any("your edits to the table were kept" in i.value for i in again.info)
    assert Store.open(db_url, bank).load_draft(session_id).fingerprint == \
        again.session_state["gw.deps.draft"].fingerprint


def test_a_corrupt_saved_draft_falls_back_with_a_message(db_url, bank, midway):
    session, deps = midway
    at, session_id = open_example(session.deal.name)
    edit(at, edited_rows={0: {"when": "whenever it suits"}})
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE drafts SET edited = '{broken' WHERE session_id = :s"),
                           {"s": session_id})
    engine.dispose()

    again = fresh(session_id)
    again.switch_page(DEPS).run()
    assert not again.exception, again.exception
    warning = re.sub(r"\\(.)", r"\1", next(w.value for w in again.warning))
    assert "could not be read" in warning and session_id in warning
    assert list(again.dataframe[0].value["what"]) == [d.what for d in deps]
    assert again.dataframe[0].value.iloc[0]["when"] == deps[0].when

    edit(again, edited_rows={0: {"owner": "Dana Reyes"}})  # the next edit replaces the damage
    assert Store.open(db_url, bank).load_draft(session_id).rows[0]["owner"] == "Dana Reyes"


def test_a_failed_save_keeps_the_edit_and_says_so(db_url, bank, midway):
    session, _ = midway
    at, session_id = open_example(session.deal.name)
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE drafts"))
    engine.dispose()
    edit(at, edited_rows={0: {"owner": "Dana Reyes"}})
    assert at.session_state["gw.deps.draft"].rows[0]["owner"] == "Dana Reyes"
    assert any("could not be saved" in e.value for e in at.error)
