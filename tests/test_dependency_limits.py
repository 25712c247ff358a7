"""Each cell of the dependency table (and each field of a row's card) holds at most MAX_CELL
characters: a longer one is refused with its row and column named, the rest of the edit is kept,
and the store refuses one too."""
from __future__ import annotations

import pytest

from app_support import app_state, DEPS, edit, open_example, plain
from storage import CorruptRow
from ui.actions.dependencies import field_key
from ui.present.dependencies import MAX_CELL, refuse_long_cells, rows_of

LONG = "x" * (MAX_CELL + 1)


def test_a_long_cell_is_put_back_and_named_and_the_rest_stands():
    before = [{"id": "a", "what": "Old what", "owner": "Ann"}, {"id": "b", "what": "B", "owner": "Bo"}]
    edited = [{"id": "a", "what": LONG, "owner": "Ann Other"},
              {"id": "b", "what": "B", "owner": "Bo"},
              {"id": "added-1", "what": "New", "consequence": LONG}]
    rows, problems = refuse_long_cells(edited, before)
    assert rows == [{"id": "a", "what": "Old what", "owner": "Ann Other"},
                    {"id": "b", "what": "B", "owner": "Bo"},
                    {"id": "added-1", "what": "New", "consequence": ""}]
    assert problems == [
        f"Row 1, What: at most {MAX_CELL:,} characters, this had {MAX_CELL + 1:,}, so that cell "
        "was not changed.",
        f"Row 3, Consequence if unmet or late: at most {MAX_CELL:,} characters, this had "
        f"{MAX_CELL + 1:,}, so that cell was not changed."]


def test_a_cell_of_exactly_the_limit_is_kept():
    rows, problems = refuse_long_cells([{"id": "a", "what": "x" * MAX_CELL}], [])
    assert problems == [] and rows[0]["what"] == "x" * MAX_CELL


def test_the_store_refuses_a_long_cell_and_keeps_what_it_had(store, midway):
    session, _, deps = midway
    session_id = store.create_session(session)
    rows = rows_of(deps)
    store.save_draft(session_id, rows, set(), "fp", drafted=rows)
    with pytest.raises(CorruptRow, match=r"row 2: 'why' is longer than 2,000 characters"):
        store.save_draft(session_id, [rows[0], dict(rows[1], why=LONG)], set(), "fp2", drafted=rows)
    assert store.load_draft(session_id).rows == rows


def test_the_page_refuses_the_long_cell_names_it_and_keeps_the_other_edit(open_store, midway):
    session, _, deps = midway
    at = open_example(session.deal.name, DEPS)
    session_id = app_state(at)["gw.session_id"]
    old_what = at.dataframe[0].value.iloc[0]["what"]
    edit(at, edited_rows={0: {"what": LONG, "owner": "Priya Raman"}})
    assert not at.exception, at.exception
    assert at.warning and f"Row 1, What: at most {MAX_CELL:,} characters" in plain(at.warning[0].value)
    table = at.dataframe[0].value
    assert table.iloc[0]["what"] == old_what and table.iloc[0]["owner"] == "Priya Raman"
    stored = open_store().load_draft(session_id)
    assert stored.rows[0]["what"] == old_what and stored.rows[0]["owner"] == "Priya Raman"


def test_a_card_field_stops_at_the_limit(open_store, midway):
    session, _, deps = midway
    at = open_example(session.deal.name, DEPS)
    edit(at, added_rows=[{"what": "Send the signed statement", "owner": "Priya", "when": "week 2"}])
    draft = app_state(at)["gw.deps.draft"]
    key = field_key(draft, "added-1", "why")
    assert at.text_area(key=key).max_chars == MAX_CELL  # the browser stops typing there
    at.text_area(key=key).set_value(LONG).run()  # and Streamlit cuts a longer request to it
    assert not at.exception, at.exception
    row = next(r for r in app_state(at)["gw.deps.draft"].rows if r["id"] == "added-1")
    assert row["why"] == LONG[:MAX_CELL]
    stored = open_store().load_draft(app_state(at)["gw.session_id"])
    assert next(r for r in stored.rows if r["id"] == "added-1")["why"] == LONG[:MAX_CELL]


def test_a_card_edit_to_a_drafted_row_survives_the_next_run(open_store, midway):
    session, _, deps = midway
    at = open_example(session.deal.name, DEPS)
    draft = app_state(at)["gw.deps.draft"]
    row_id = draft.rows[0]["id"]
    at.text_area(key=field_key(draft, row_id, "how")).input("In the Tuesday call").run()
    at.run()
    assert app_state(at)["gw.deps.draft"].rows[0]["how"] == "In the Tuesday call"
    stored = open_store().load_draft(app_state(at)["gw.session_id"])
    assert stored.rows[0]["how"] == "In the Tuesday call"
