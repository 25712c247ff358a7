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
    return f"{question.id} answer {salt}: {HOSTILE}"


def set_widget(at: AppTest, question: Question, key: str, value: Any) -> None:
    """Give ``value`` through the widget that shows ``question`` (then run the app)."""
    kind = question.type
    if value == DONT_KNOW and kind not in ("likert", "frequency", "choice"):
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
    return [q for q in bank.questions if f"w.{scope}.{party}.{q.id}" in keys]


def answer_screen(at: AppTest, bank: Bank, party: str, expected: dict[str, dict[str, Any]],
                  dont_know_once: list[str], scope: str = "q") -> None:
    """Answer every question shown for ``party``, again as follow-ups appear (``scope``: "q" on
    the supplier's questionnaire, "c" on the client's page)."""
    done: set[str] = set()
    while True:
        todo = [q for q in on_screen(at, bank, scope, party) if q.id not in done]
        if not todo:
            return
        for question in todo:
            salt = len(expected[party]) + (7 if party == "client" else 0)
            value = value_for(question, salt)
            if question.dont_know and question.type not in ("likert", "frequency", "choice") \
                    and not dont_know_once:
                value = DONT_KNOW
                dont_know_once.append(question.id)
            set_widget(at, question, f"w.{scope}.{party}.{question.id}", value)
            expected[party][question.id] = value
            done.add(question.id)


def hand_over(at: AppTest) -> AppTest:
    """Hand the supplier's screen to the client (together mode); the client's page shows."""
    at.button(key="q.handover").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="w.c.area")
    return at


def take_back(at: AppTest, passcode: str | None = None) -> AppTest:
    if passcode is not None:
        at.text_input(key="c.takeback.passcode").input(passcode)
    at.button(key="c.takeback").click().run()
    assert not at.exception, at.exception
    return at
