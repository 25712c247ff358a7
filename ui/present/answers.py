"""Answers in words: scale labels, option labels, dates, as a person would say them.

The same wording is used by the questionnaire, the review, the results page and their tests.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from questions import DONT_KNOW, PREFER_NOT, Question

LIKERT = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree",
          4: "Agree", 5: "Strongly agree"}
FREQUENCY = {1: "Never", 2: "Rarely", 3: "Sometimes", 4: "Often", 5: "Always"}
DONT_KNOW_LABEL = "Don't know"
PREFER_NOT_LABEL = "Prefer not to say"
UNANSWERED = "— not answered"


def scale_label(question: Question, value: int, short: bool = False) -> str:
    """How a 1..5 point reads: "4 of 5 (Agree)", or as an option of the scale ("4 · Agree",
    ``short``). Every option carries its words, so a screen reader never reads a bare "4"."""
    if question.type == "frequency":
        return FREQUENCY[value]
    return f"{value} · {LIKERT[value]}" if short else f"{value} of 5 ({LIKERT[value]})"


def option_label(question: Question, value: Any) -> str:
    """The words of one option of a radio answer (scale point, choice, don't know, prefer not)."""
    if value == DONT_KNOW:
        return DONT_KNOW_LABEL
    if value == PREFER_NOT:
        return PREFER_NOT_LABEL
    if question.type == "choice":
        option = question.option(str(value))
        return option.label if option else str(value)
    return scale_label(question, value, short=True)


def answer_in_words(question: Question, value: Any) -> str:
    """An answer as a person would say it (option labels, scale words, dates)."""
    if value is None:
        return UNANSWERED
    if value == DONT_KNOW:
        return DONT_KNOW_LABEL
    if value == PREFER_NOT:
        return PREFER_NOT_LABEL
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


def normalise_number(value: float | int | None) -> float | int | None:
    """Whole numbers are stored as integers so the session JSON reads naturally."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)
