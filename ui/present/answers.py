"""Pure helpers the pages share: answers in words, which questions show, goal list edits.

No streamlit here, so the same wording is used by the questionnaire, the review, the results
page and their tests.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from questions import DONT_KNOW, Bank, Question, Session, visible_answers
from questions.conditions import is_visible
from questions.session import MAX_GOALS, MAX_TEXT, Goal

LIKERT = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree",
          4: "Agree", 5: "Strongly agree"}
FREQUENCY = {1: "Never", 2: "Rarely", 3: "Sometimes", 4: "Often", 5: "Always"}
DONT_KNOW_LABEL = "Don't know"
UNANSWERED = "— not answered"


def scale_label(question: Question, value: int, short: bool = False) -> str:
    """How a 1..5 point reads; likert shows words at its ends only when ``short``."""
    if question.type == "frequency":
        return FREQUENCY[value]
    if short and value not in (1, 5):
        return str(value)
    return f"{value} · {LIKERT[value]}" if short else f"{value} of 5 ({LIKERT[value]})"


def answer_in_words(question: Question, value: Any) -> str:
    """An answer as a person would say it (option labels, scale words, dates)."""
    if value is None:
        return UNANSWERED
    if value == DONT_KNOW:
        return DONT_KNOW_LABEL
    kind = question.type
    if kind in ("likert", "frequency") and isinstance(value, int):
        return scale_label(question, value)
    if kind == "choice":
        option = question.option(str(value))
        return option.label if option else str(value)
    if kind == "multi" and isinstance(value, list):
        labels = [(question.option(v).label if question.option(v) else str(v)) for v in value]
        return ", ".join(labels) if labels else "(none selected)"
    if kind == "number" and isinstance(value, (int, float)):
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        return f"{text} {question.unit}" if question.unit else text
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d %b %Y")
        except ValueError:
            return str(value)
    return str(value)


def shown_answers(bank: Bank, session: Session) -> dict[str, dict[str, Any]]:
    """The answers that count for visibility (hidden follow-ups do not show further ones)."""
    return visible_answers(bank.by_id, session.answers)


def shown_questions(bank: Bank, session: Session, party: str, area_id: str,
                    answers: Mapping[str, Mapping[str, Any]] | None = None) -> list[Question]:
    """The questions ``party`` sees in ``area_id`` given the answers so far."""
    answers = shown_answers(bank, session) if answers is None else answers
    return [q for q in bank.for_party(party, area_id) if is_visible(q, answers, party)]


def area_progress(bank: Bank, session: Session, area_id: str,
                  answers: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[int, int]:
    """(answered, shown) over both parties for one area; pass ``answers`` (from
    :func:`shown_answers`) when the page already has them, to skip working them out again."""
    answers = shown_answers(bank, session) if answers is None else answers
    answered = total = 0
    for party in ("supplier", "client"):
        for q in shown_questions(bank, session, party, area_id, answers):
            total += 1
            answered += q.id in session.answers.get(party, {})
    return answered, total


def normalise_number(value: float | int | None) -> float | int | None:
    """Whole numbers are stored as integers so the session JSON reads naturally."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def apply_goal_edits(goals: list[Goal], edits: Mapping[str, Any], column: str = "goal") -> list[Goal]:
    """Apply a ``st.data_editor`` delta (edited, added, deleted rows) to a goal list.

    Existing goals keep their ids so dependencies linked to a goal stay linked; new goals get
    the next free ``gN`` id; blank rows are dropped. Raises ValueError naming the row when a
    goal is too long or there are too many.
    """
    rows: list[tuple[str | None, str]] = [(g.id, g.text) for g in goals]
    for index, change in (edits.get("edited_rows") or {}).items():
        i = int(index)
        if 0 <= i < len(rows) and column in change:
            rows[i] = (rows[i][0], "" if change[column] is None else str(change[column]))
    deleted = {int(i) for i in edits.get("deleted_rows") or ()}
    rows = [row for i, row in enumerate(rows) if i not in deleted]
    for added in edits.get("added_rows") or ():
        text = added.get(column)
        rows.append((None, "" if text is None else str(text)))
    used = {gid for gid, _ in rows if gid}
    result: list[Goal] = []
    counter = 1
    for position, (gid, text) in enumerate(rows, start=1):
        text = text.strip()
        if not text:
            continue
        if len(text) > MAX_TEXT:
            raise ValueError(f"goal {position} is longer than {MAX_TEXT} characters")
        if gid is None:
            while f"g{counter}" in used:
                counter += 1
            gid = f"g{counter}"
            used.add(gid)
        result.append(Goal(id=gid, text=text))
    if len(result) > MAX_GOALS:
        raise ValueError(f"at most {MAX_GOALS} goals (found {len(result)})")
    return result


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: str) -> str:
    """User text made literal for Streamlit markdown: no links, images, emphasis or HTML."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))
