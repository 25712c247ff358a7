"""Table answers (rows questions) and durations on the pages: the editor's edits become row
changes by row id (pure), and in AppTest a table answer is edited in place on the review page,
a row at a time, and a four-day job is given in days."""
from __future__ import annotations

import re

from app_support import app_state, new_app
from questions import load_bank
from ui.present.rows import frame, row_changes, version

BANK = load_bank()
Q = BANK.question("client_deliverables")
BASE = [{"row": "a", "what": "Data export", "who": "Ingrid Solberg", "by": "2027-01-12"},
        {"row": "b", "what": "Cover photo"}]


def test_edits_become_changes_to_the_rows_they_touch():
    delta = {"edited_rows": {1: {"by": "2027-01-20"}}, "deleted_rows": [0],
             "added_rows": [{"what": " Price  list ", "who": "Lars Eide, Buyer"}, {}]}
    changes, problems = row_changes(Q, BASE, delta, new_id=lambda: "new1")
    assert problems == []
    assert changes == [("set", {"row": "b", "what": "Cover photo", "by": "2027-01-20"}),
                       ("delete", "a"),
                       ("set", {"row": "new1", "what": "Price list", "who": "Lars Eide, Buyer"})]


def test_an_incomplete_or_bad_row_waits_with_its_reason():
    delta = {"edited_rows": {0: {"what": ""}}, "added_rows": [{"who": "Lars"}]}
    changes, problems = row_changes(Q, BASE, delta)
    assert problems == ["Row 1: What is needed", "New row 1: What is needed"]
    assert changes == []
    _, problems = row_changes(BANK.question("supplier_milestones"), [],
                              {"added_rows": [{"what": "Pilot", "when": "next month"}]})
    assert problems[0].startswith("New row 1: When: expected an ISO date (YYYY-MM-DD) or 'week N'")


def test_the_editor_shows_no_row_id():
    shown = frame(Q, BASE)
    assert list(shown.columns) == ["what", "who", "by"]
    assert "row" not in shown.columns and list(shown.index) == [0, 1]


def _open_review(example: str = "Fjord & Furu winter catalogue"):
    at = new_app()
    next(b for b in at.button if b.key and b.key.startswith("start.example.")
         and re.sub(r"\\(.)", r"\1", b.label) == f"Open: {example}").click().run()
    at.switch_page("ui/pages/review.py").run()
    assert not at.exception, at.exception
    return at


def test_a_table_answer_is_edited_in_place_on_the_review_page():
    at = _open_review()
    before = app_state(at)["gw.session"].answers["client"]["client_deliverables"]
    at.button(key="r.edit.client.client_deliverables").click().run()
    key = f"w.r.client.client_deliverables.{version(before)}"
    at.session_state[key] = {"edited_rows": {2: {"by": "2026-11-20"}}, "deleted_rows": [0],
                             "added_rows": [{"what": "Store opening hours for the back page",
                                             "who": "Ingrid Solberg"}]}
    at.run()
    assert not at.exception, at.exception
    after = app_state(at)["gw.session"].answers["client"]["client_deliverables"]
    assert [r["row"] for r in after[:2]] == ["d2", "d3"] and after[1]["by"] == "2026-11-20"
    assert after[2]["what"] == "Store opening hours for the back page" and after[2]["row"] not in "d1d2d3"
    at.button(key="r.done.client.client_deliverables").click().run()
    shown = " ".join(m.value for m in at.markdown)
    assert "Store opening hours for the back page" in shown and "d3" not in shown


def test_a_duration_is_given_in_days_or_weeks():
    at = _open_review()
    at.button(key="r.edit.supplier.work_duration").click().run()
    at.number_input(key="w.r.supplier.work_duration").set_value(6.0).run()
    at.radio(key="w.r.supplier.work_duration.unit").set_value("weeks").run()
    assert app_state(at)["gw.session"].answers["supplier"]["work_duration"] == {"amount": 6, "unit": "weeks"}
    at.button(key="r.done.supplier.work_duration").click().run()
    assert any("6 weeks" in m.value for m in at.markdown)
