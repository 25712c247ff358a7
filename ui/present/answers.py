"""Answers as the answer widgets show them, on top of the one module for answers in words.

Everything a page says about an answer comes from :mod:`questions.words`; only what the input
widgets need on top lives here: the short labels of a 1-5 scale's radio options and the way a
typed number is stored.
"""
from __future__ import annotations

from typing import Any

from questions import Question
from questions import words

DONT_KNOW_LABEL = words.DONT_KNOW_WORDS
UNANSWERED = "— " + words.UNANSWERED


def scale_label(question: Question, value: int, short: bool = False) -> str:
    """How a 1..5 point reads; a short agreement label shows its words at the ends only
    (the radio's own label names the scale)."""
    said = words.scale_words(question, value)
    if not short:
        return f"{value} of 5 ({said})"
    if question.type == "frequency":
        return said
    return f"{value} · {said}" if value in (1, 5) else str(value)


def answer_in_words(question: Question, value: Any) -> str:
    """An answer as the pages show it (see :func:`questions.words.answer_in_words`)."""
    return words.answer_in_words(question, value, UNANSWERED)


def normalise_number(value: float | int | None) -> float | int | None:
    """Whole numbers are stored as integers so the session JSON reads naturally."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)
