"""AppTest against a real SQLite file: edits to the dependency table and the agreed boxes are
saved as made and come back after a refresh (a fresh AppTest with ``?s=<id>``); a plain rerun
writes nothing; a damaged saved draft falls back to a fresh one with a message."""
from __future__ import annotations

import sqlalchemy as sa

from agreement import smart_check
from answers_support import HOSTILE
from app_support import app_state, DEPS, agreed_box, edit, open_app, open_example, plain, smart_table
from questions.words import shown


def open_midway(session) -> tuple:
    at = open_example(session.deal.name, DEPS)
    return at, app_state(at)["gw.session_id"]


def refresh(session_id: str):
    """A new browser session on the same URL, back on the dependencies page."""
    return open_app({"s": session_id}, DEPS)


def stamp(db_url: str, session_id: str):
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT updated_at FROM drafts WHERE session_id = :s"),
                                      {"s": session_id}).scalar()
    finally:
        engine.dispose()


def test_an_edit_and_an_agreed_box_survive_a_refresh(open_store, bank, midway):
    session, _, deps = midway
    index, dep = next((i, d) for i, d in enumerate(deps) if smart_check(d, session, bank).passed)
    at, session_id = open_midway(session)
    assert open_store().load_draft(session_id) is None  # nothing edited, nothing written

    edited_what = dep.what + " " + HOSTILE
    edit(at, edited_rows={index: {"what": edited_what}})
    agreed_box(at, dep.id).check().run()
    assert agreed_box(at, dep.id).value is True and not at.error

    stored = open_store().load_draft(session_id)
    # the table's text reads as typed text does everywhere (questions.words.shown): no link
    assert stored.rows[index]["what"] == shown(edited_what) and stored.agreed == {dep.id}

    again = refresh(session_id)
    assert again.dataframe[0].value.iloc[index]["what"] == shown(edited_what)
    assert agreed_box(again, dep.id).value is True
    assert smart_table(again).loc[index, "Agreed"] == "yes"
    assert not again.error and not again.warning


def test_plain_reruns_write_nothing(db_url, midway):
    session, _, _ = midway
    at, session_id = open_midway(session)
    edit(at, edited_rows={0: {"owner": "Dana Reyes"}})
    written = stamp(db_url, session_id)
    assert written is not None
    at.run()
    at.run()
    assert stamp(db_url, session_id) == written
    edit(at, edited_rows={0: {"owner": "Lee Park"}})
    assert stamp(db_url, session_id) != written


def test_changed_answers_redraft_from_the_saved_edits_after_a_refresh(open_store, midway):
    session, _, deps = midway
    at, session_id = open_midway(session)
    edit(at, edited_rows={0: {"when": "whenever it suits"}})
    open_store().save_answer(session_id, "client", "client_owner", "Rue Marsh, COO",
                             viewer="client")

    again = refresh(session_id)
    assert again.dataframe[0].value.iloc[0]["when"] == "whenever it suits"
    assert any("your edits to the table were kept" in i.value for i in again.info)
    assert open_store().load_draft(session_id).fingerprint == \
        app_state(again)["gw.deps.draft"].fingerprint


def test_a_corrupt_saved_draft_falls_back_with_a_message(db_url, open_store, midway):
    session, _, deps = midway
    at, session_id = open_midway(session)
    edit(at, edited_rows={0: {"when": "whenever it suits"}})
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE drafts SET edited = '{broken' WHERE session_id = :s"),
                           {"s": session_id})
    engine.dispose()

    again = refresh(session_id)
    warning = plain(next(w.value for w in again.warning))
    assert "could not be read" in warning and "cannot be read" in warning
    assert session_id not in warning and "JSON" not in warning  # plain words, no id
    assert list(again.dataframe[0].value["what"]) == [d.what for d in deps]
    assert again.dataframe[0].value.iloc[0]["when"] == deps[0].when

    edit(again, edited_rows={0: {"owner": "Dana Reyes"}})  # the next edit replaces the damage
    assert open_store().load_draft(session_id).rows[0]["owner"] == "Dana Reyes"


def test_a_failed_save_keeps_the_edit_and_says_so(db_url, midway):
    session, _, _ = midway
    at, session_id = open_midway(session)
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE drafts"))
    engine.dispose()
    edit(at, edited_rows={0: {"owner": "Dana Reyes"}})
    assert app_state(at)["gw.deps.draft"].rows[0]["owner"] == "Dana Reyes"
    message = plain(next(e.value for e in at.error if "could not be saved" in e.value))
    assert "could not be reached" in message  # what failed, in plain words; the rest is logged
    for raw in ("drafts", "INSERT", "no such table", "sqlite", db_url.split("///")[-1]):
        assert raw not in message
