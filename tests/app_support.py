"""Drive the questionnaire in AppTest like a person would: answer what is on screen, per type.

Shared by the AppTest suites; the values are derived from each question (so nothing depends
on how many questions the bank has) and recorded so the resulting Session can be checked.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from questions import DONT_KNOW, Bank, Question
from structured_answers import example_duration, example_rows
from ui.present.rows import version

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
HOSTILE = "<script>alert('x')</script> **bold** [link](http://example.com) {{ jinja }}"


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def value_for(question: Question, salt: int) -> Any:
    """A valid answer that differs between questions and parties and opens follow-ups."""
    kind = question.type
    if kind in ("likert", "frequency"):
        return 3 + salt % 3  # 3..5 so 'gte 3' follow-ups appear
    if kind == "choice":
        options = question.options or []
        return options[(salt + 1) % len(options)].id
    if kind == "multi":
        ids = [o.id for o in question.options or []]
        return ids[: 1 + salt % 2]
    if kind == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 1000
        return int(low + min(high - low, 3 + salt))
    if kind == "date":
        return (dt.date(2027, 1, 1) + dt.timedelta(days=salt)).isoformat()
    if kind == "rows":
        return example_rows(question, salt, HOSTILE)
    if kind == "duration":
        return example_duration(salt)
    return f"{question.id} answer {salt}: {HOSTILE}"


def rows_editor_key(at: AppTest, key: str) -> str | None:
    """The key of the table editor that shows a rows answer now, if it is drawn (its key carries
    the stored rows' version, so the editor is made afresh when they change)."""
    _, _, party, question_id = key.split(".")
    session = at.session_state["gw.session"] if "gw.session" in at.session_state else None
    rows = session.answers[party].get(question_id) if session is not None else None
    found = f"{key}.{version(rows if isinstance(rows, list) else [])}"
    return found if found in at.session_state else None


def set_widget(at: AppTest, question: Question, key: str, value: Any) -> None:
    """Give ``value`` through the widget that shows ``question`` (then run the app). Rows are
    added through the table editor's edits, as a person adding them would."""
    kind = question.type
    if kind == "rows":
        added = [{k: v for k, v in row.items() if k != "row"} for row in value]
        at.session_state[rows_editor_key(at, key)] = {"edited_rows": {}, "deleted_rows": [],
                                                      "added_rows": added}
        at.run()
    elif kind == "duration":
        at.number_input(key=key).set_value(float(value["amount"]))
        at.radio(key=key + ".unit").set_value(value["unit"]).run()
    elif value == DONT_KNOW and kind not in ("likert", "frequency", "choice"):
        at.checkbox(key=key + ".dk").check().run()
    elif kind in ("likert", "frequency", "choice"):
        at.radio(key=key).set_value(value).run()
    elif kind == "multi":
        at.multiselect(key=key).set_value(value).run()
    elif kind == "number":
        at.number_input(key=key).set_value(float(value)).run()
    elif kind == "date":
        at.date_input(key=key).set_value(dt.date.fromisoformat(value)).run()
    else:
        at.text_area(key=key).input(value).run()
    assert not at.exception, at.exception


def on_screen(at: AppTest, bank: Bank, scope: str, party: str) -> list[Question]:
    """The questions whose answer widget for ``party`` is drawn right now."""
    keys = set()
    for kind in ("radio", "multiselect", "number_input", "date_input", "text_area"):
        keys |= {w.key for w in getattr(at, kind) if w.key}
    return [q for q in bank.questions if f"w.{scope}.{party}.{q.id}" in keys
            or (q.type == "rows" and rows_editor_key(at, f"w.{scope}.{party}.{q.id}"))]


def recorded(at: AppTest, question: Question, party: str, value: Any) -> Any:
    """The answer as the page recorded ``value``: rows added in the table editor get their ids
    from the page, so the stored rows are checked against ``value`` without them and returned."""
    if question.type != "rows":
        return value
    stored = at.session_state["gw.session"].answers[party].get(question.id)
    assert without_row_ids(stored) == without_row_ids(value), question.id
    return stored


def without_row_ids(value: Any) -> Any:
    return [{k: v for k, v in row.items() if k != "row"} for row in value] if isinstance(value, list) else value


def answer_screen(at: AppTest, bank: Bank, party: str, expected: dict[str, dict[str, Any]],
                  dont_know_once: list[str]) -> None:
    """Answer every question shown for ``party``, again as follow-ups appear."""
    done: set[str] = set()
    while True:
        todo = [q for q in on_screen(at, bank, "q", party) if q.id not in done]
        if not todo:
            return
        for question in todo:
            salt = len(expected[party]) + (7 if party == "client" else 0)
            value = value_for(question, salt)
            if question.dont_know and question.type not in ("likert", "frequency", "choice") \
                    and not dont_know_once:
                value = DONT_KNOW
                dont_know_once.append(question.id)
            set_widget(at, question, f"w.q.{party}.{question.id}", value)
            expected[party][question.id] = recorded(at, question, party, value)
            done.add(question.id)
