"""Answers as the answer widgets show them, on top of the one module for answers in words.

Everything a page says about an answer comes from :mod:`questions.words`; only what the input
widgets need on top lives here: the labels of a radio's options and the way a typed number is
stored.
"""
from __future__ import annotations

from typing import Any

from questions import DONT_KNOW, PREFER_NOT, Question
from questions import words

DONT_KNOW_LABEL = words.DONT_KNOW_WORDS
PREFER_NOT_LABEL = words.PREFER_NOT_WORDS
UNANSWERED = "— " + words.UNANSWERED


def scale_label(question: Question, value: int, short: bool = False) -> str:
    """How a 1..5 point reads: "4 of 5 (Agree)", or as an option of the scale ("4 · Agree",
    ``short``). Every option carries its words, so a screen reader never reads a bare "4"."""
    said = words.scale_words(question, value)
    if not short:
        return f"{value} of 5 ({said})"
    if question.type == "frequency":
        return said
    return f"{value} · {said}"


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
    """An answer as the pages show it (see :func:`questions.words.answer_in_words`)."""
    return words.answer_in_words(question, value, UNANSWERED)


def normalise_number(value: float | int | None) -> float | int | None:
    """Whole numbers are stored as integers so the session JSON reads naturally."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)
