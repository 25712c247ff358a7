"""AppTest of the dependencies page: SMART checks follow edits, agreed refuses failing rows,
rows can be added, deleted and moved, edits survive a page switch; plus the page's pure helpers."""
from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document

import scoring
from agreement import draft_dependencies, smart_check
from agreement.escape import md_unescape
from questions.words import shown
from answers_support import HOSTILE
from app_support import (app_state, DEPS, agreed_box, drafted, edit, new_app, open_example, packaged_model,
                         plain, smart_table)
from ui.present.dependencies import (by_order, docx_bytes, fill_rows, markdown_bytes, refusal,
                                  rows_of, to_dependencies)

RESULTS = "ui/pages/results.py"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def open_dependencies(deal_name: str):
    return open_example(deal_name, DEPS)


def test_clearing_the_owner_fails_its_check_refuses_agreed_and_restoring_passes(bank, midway):
    session, _, deps = midway
    index, dep = next((i, d) for i, d in enumerate(deps) if smart_check(d, session, bank).passed)
    at = open_dependencies(session.deal.name)
    assert smart_table(at).loc[index, "Owner"] == "pass"

    edit(at, edited_rows={index: {"owner": ""}})
    row = smart_table(at).loc[index]
    assert (row["Owner"], row["Specific"], row["Time-bound"]) == ("fail", "pass", "pass")
    assert any("Owner: FAIL, no person named yet" in plain(m.value) for m in at.markdown)
    agreed_box(at, dep.id).check().run()
    assert agreed_box(at, dep.id).value is False
    message = plain(next(e.value for e in at.error))
    assert dep.title in message and "Owner: no person named yet" in message
    assert "Measurable" not in message
    assert smart_table(at).loc[index, "Agreed"] == "no"

    edit(at, edited_rows={index: {"owner": "Dana Reyes"}})
    assert smart_table(at).loc[index, "Owner"] == "pass"
    agreed_box(at, dep.id).check().run()
    assert agreed_box(at, dep.id).value is True and not at.error
    assert smart_table(at).loc[index, "Agreed"] == "yes"

    edit(at, edited_rows={index: {"owner": "", "when": "soon"}})
    row = smart_table(at).loc[index]
    assert (row["Owner"], row["Time-bound"], row["Agreed"]) == ("fail", "fail", "no")
    message = plain(next(e.value for e in at.error))
    assert "Owner:" in message and "Time-bound:" in message


def test_edits_survive_a_page_switch(bank, midway):
    session, _, deps = midway
    at = open_dependencies(session.deal.name)
    edit(at, edited_rows={0: {"when": "whenever it suits"}})
    assert smart_table(at).loc[0, "Time-bound"] == "fail"
    at.switch_page(RESULTS).run()
    at.switch_page(DEPS).run()
    assert not at.exception, at.exception
    assert smart_table(at).loc[0, "Time-bound"] == "fail"
    editor = at.dataframe[0].value
    assert editor.iloc[0]["when"] == "whenever it suits"
    assert list(editor["what"]) == [d.what for d in deps]


def card(at, row_id: str, field: str) -> str:
    return f"deps.field.{app_state(at)['gw.deps.draft'].generation}.{row_id}.{field}"


def test_adding_deleting_and_moving_rows(bank, midway):
    session, _, deps = midway
    at = open_dependencies(session.deal.name)
    added = {"what": "Dana Reyes sends the signed statement of work to Acme", "owner": "Dana Reyes",
             "when": "within 5 business days", "consequence": "dates move day for day"}
    edit(at, added_rows=[added], deleted_rows=[0])
    assert app_state(at)["gw.deps.draft"].rows[-1]["id"] == "added-1"
    # the rest of the new row is given in its card
    at.selectbox(key=card(at, "added-1", "goal_id")).set_value(session.goals[0].id).run()
    at.text_input(key=card(at, "added-1", "measure")).input("signed statement received").run()
    at.text_area(key=card(at, "added-1", "how")).input("by email").run()
    assert not at.exception, at.exception
    table = smart_table(at)
    assert list(table["Dependency"]) == [d.title for d in deps[1:]] + [added["what"]]
    assert table.iloc[-1][["Specific", "Measurable", "Owner", "Time-bound"]].tolist() == ["pass"] * 4
    row = app_state(at)["gw.deps.draft"].rows[-1]
    assert (row["goal_id"], row["measure"], row["party"]) == (session.goals[0].id,
                                                              "signed statement received", "client")

    edit(at, edited_rows={2: {"order": 0}}, added_rows=[added], deleted_rows=[0])
    rows = app_state(at)["gw.deps.draft"].rows
    assert [r["id"] for r in rows] == [deps[2].id, deps[1].id] + [d.id for d in deps[3:]] + ["added-1"]
    assert [r["order"] for r in rows] == list(range(1, len(deps) + 1))
    assert list(at.dataframe[0].value["what"]) == [r["what"] for r in rows]
    assert rows[-1]["measure"] == "signed statement received"  # the card's edits survive a move


def test_the_table_fits_the_page_and_names_no_id(bank, midway):
    session, _, deps = midway
    at = open_dependencies(session.deal.name)
    editor = at.dataframe[0].value
    assert list(editor.columns) == ["order", "what", "owner", "when", "consequence"]
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    for dep in deps:
        assert f"({dep.id})" not in shown and f" {dep.id} " not in shown
    assert not any(re.search(r"\bg\d\b", m.value) for m in at.markdown)


def test_conflicts_are_shown_and_owners_named(bank):
    path = EXAMPLES / "perfect_cheap_now.json"
    session, _, deps = drafted(bank, path)
    at = open_dependencies(session.deal.name)
    clashing = [d for d in deps if d.conflict]
    assert clashing
    page = plain(" ".join(w.value for w in at.warning))
    for dep in clashing:
        assert dep.conflict in page
    headers = [plain(m.value) for m in at.markdown if m.value.startswith("**")]
    for number, dep in enumerate(deps, 1):
        assert any(h.startswith(f"**{number}. {dep.title}**: {dep.who.name}") for h in headers), dep.title
    labels = [b.label for b in at.get("download_button")]
    assert "Download calendar (ICS)" in labels and "Discovery brief (Markdown)" in labels


def test_page_without_a_discovery_points_to_start():
    at = new_app()
    at.switch_page(DEPS).run()
    assert not at.exception, at.exception
    assert "No discovery yet" in at.info[0].value
    assert not at.get("download_button")


def test_every_example_renders_with_every_dependency(bank, example_path: Path):
    session, _, deps = drafted(bank, example_path)
    at = open_dependencies(session.deal.name)
    assert list(smart_table(at)["Dependency"]) == [d.title for d in deps]
    labels = [b.label for b in at.get("download_button")]
    assert labels[:3] == ["Download Markdown", "Download Word (DOCX)", "Download calendar (ICS)"]
    failing = [d for d in deps if not smart_check(d, session, bank).passed]
    assert (smart_table(at)["Agreed"] == "no").all()
    assert len([v for v in smart_table(at).iloc[:, 2:7].values.ravel() if v == "fail"]) >= len(failing)


def test_downloads_carry_the_edited_rows(bank, midway):
    session, report, deps = midway
    rows = rows_of(deps)
    rows[0]["what"] = "Edited: " + HOSTILE
    rows.append({"what": "A hand-added dependency with its own words", "party": "supplier",
                 "owner": "Sam", "when": "weekly", "id": None, "order": None})
    edited = to_dependencies(by_order(fill_rows(rows)), {d.id: d for d in deps}, {deps[1].id})
    text = markdown_bytes(session, report, edited).decode("utf-8")
    for dep in edited:
        assert shown(dep.what) in md_unescape(text)
    assert "<script>" not in text and "Edited:" in text
    assert deps[0].what not in text
    body = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes(session, report, edited))).paragraphs)
    tables = "\n".join(c.text for t in Document(io.BytesIO(docx_bytes(session, report, edited))).tables
                       for r in t.rows for c in r.cells)
    for dep in edited:
        assert shown(dep.what) in body + tables


def test_added_rows_get_fresh_ids_and_sort_stably():
    rows = fill_rows([{"id": "a", "order": 2}, {"id": "added-3", "order": 1},
                      {"id": None, "order": None}, {"id": "", "order": 2}])
    assert [r["id"] for r in rows] == ["a", "added-3", "added-4", "added-5"]
    assert [r["order"] for r in rows] == [2, 1, 3, 2]
    assert [r["id"] for r in by_order(rows)] == ["added-3", "a", "added-5", "added-4"]


def test_refusal_names_every_failing_check_with_its_reason(bank, midway):
    import dataclasses
    session, _, deps = midway
    broken = dataclasses.replace(deps[0], measure="ok", when="later", due=None)
    result = smart_check(broken, session, bank)
    message = refusal(broken.title, result)
    for check in result.failed:
        assert check.reason in message
    assert {c.name for c in result.failed} == {"measurable", "time_bound"}
    assert "Specific" not in message


def test_a_changed_session_is_drafted_again_keeping_the_edits(bank, midway):
    session, _, deps = midway
    at = open_dependencies(session.deal.name)
    edit(at, edited_rows={0: {"when": "whenever it suits"}})
    assert smart_table(at).loc[0, "Time-bound"] == "fail"
    changed = app_state(at)["gw.session"].with_answer("client", "client_owner", "Rue Marsh, COO")
    app_state(at)["gw.session"] = changed
    at.run()
    assert not at.exception, at.exception
    assert any("made again" in i.value and "edits to the table were kept" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert table.iloc[0]["when"] == "whenever it suits"  # the user's cell is kept
    assert smart_table(at).loc[0, "Time-bound"] == "fail"
    redrafted = draft_dependencies(bank, changed, scoring.score(bank, changed, packaged_model()))
    assert table.iloc[0]["owner"] == redrafted[0].who.name  # an untouched cell follows the answers
    at.run()
    assert not any("made again" in i.value for i in at.info)


def test_carry_edits_keeps_the_users_work_and_follows_the_answers_elsewhere():
    from ui.present.dependencies import carry_edits
    original = [{"order": 1, "id": "a", "what": "A", "when": "d1"},
                {"order": 2, "id": "b", "what": "B", "when": "d2"},
                {"order": 3, "id": "c", "what": "C", "when": "d3"}]
    edited = [{"order": 1, "id": "b", "what": "B", "when": "mine"},       # moved up and edited
              {"order": 2, "id": "a", "what": "A", "when": "d1"},         # untouched
              {"order": 3, "id": "added-1", "what": "Extra", "when": "x"}]  # added; c deleted
    redrafted = [{"order": 1, "id": "a", "what": "A2", "when": "n1"},
                 {"order": 2, "id": "b", "what": "B2", "when": "n2"},
                 {"order": 3, "id": "c", "what": "C2", "when": "n3"},
                 {"order": 4, "id": "d", "what": "D", "when": "n4"}]
    rows, carried = carry_edits(edited, original, redrafted)
    assert carried
    assert [(r["order"], r["id"], r["what"], r["when"]) for r in rows] == [
        (1, "b", "B2", "mine"), (2, "a", "A2", "n1"), (3, "added-1", "Extra", "x"), (4, "d", "D", "n4")]
    untouched, carried = carry_edits(original, original, redrafted)
    assert not carried and untouched == redrafted


def test_the_results_page_lists_the_dates_that_do_not_fit_as_asks(bank):
    session, _, deps = drafted(bank, EXAMPLES / "perfect_cheap_now.json")
    at = open_dependencies(session.deal.name)
    at.switch_page(RESULTS).run()
    assert not at.exception, at.exception
    assert "Dates that do not fit" in [s.value for s in at.header]
    table = next(d.value for d in at.table if list(d.value.columns) == ["Ask", "Owner", "Due"])
    assert len(table) == len([d for d in deps if d.conflict])
    assert all(text.startswith("Agree a date that fits") for text in table["Ask"])
