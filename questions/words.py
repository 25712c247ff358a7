"""Answers in words, the same everywhere a person reads them: pages, reasons, asks, documents.

One home for how typed text is shown (:func:`shown`), how a 1-5 point reads ("4 of 5 (Agree)"),
how a number reads ("1,200 EUR"), how a date reads ("27 Nov 2026"), what "don't know" and
"not answered" say, and the finite-number test every module uses. Templates with
``{placeholders}`` (asks, dependency rules) are filled here too, piece by piece, so an inserted
answer is never read as template text again.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import string
from typing import Any, Callable, Mapping, TypeGuard

from .schema import DONT_KNOW, DURATION_UNITS, PREFER_NOT, SCALE_TYPES, Column, Question

LIKERT: tuple[str, ...] = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                           "Strongly agree")
FREQUENCY: tuple[str, ...] = ("Never", "Rarely", "Sometimes", "Often", "Always")
SCALE_WORDS: dict[str, tuple[str, ...]] = {"likert": LIKERT, "frequency": FREQUENCY}
DONT_KNOW_WORDS = "Don't know"
PREFER_NOT_WORDS = "Prefer not to say"
UNANSWERED = "not answered"
NOT_STATED = "(not stated)"


# Characters that reorder text or hide in it (bidirectional controls and marks, zero-width
# characters, the byte-order mark): shown as a visible marker such as "[U+202E]", never applied.
HIDDEN_CHARACTERS = ("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                     "\u2060\u2066\u2067\u2068\u2069\ufeff")
_HIDDEN = re.compile(f"[{HIDDEN_CHARACTERS}]")
# What makes a Markdown reader (GitHub-flavoured, as Streamlit's) turn text into a link: "://",
# "www." and "@". Each is shown with a look-alike (ratio sign, one-dot leader, full-width at),
# because backslashes and entities do not help: the reader links the text after unescaping it.
_LINK_MAKERS = re.compile(r"://|www\.|@", re.IGNORECASE)
_LOOK_ALIKE = {":": "\u2236", ".": "\u2024", "@": "\uff20"}


def _unlinked(match: re.Match[str]) -> str:
    found = match.group()
    at = 0 if found in ("://", "@") else 3  # the ':' of "://", the '@', the '.' of "www."
    return found[:at] + _LOOK_ALIKE[found[at]] + found[at + 1:]


def hidden_in(text: object) -> list[str]:
    """The hidden characters ``text`` holds, each once, as their markers ("[U+202E]")."""
    return list(dict.fromkeys(f"[U+{ord(ch):04X}]" for ch in _HIDDEN.findall(str(text))))


def shown(text: object) -> str:
    """Text someone typed, as every page and document shows it: hidden and reordering characters
    made visible ("[U+202E]"), and nothing a Markdown reader would turn into a link. The stored
    text is left as it was typed; this is only how it reads."""
    visible = _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", str(text))
    return _LINK_MAKERS.sub(_unlinked, visible)


def is_number(value: Any) -> TypeGuard[int | float]:
    """A real, finite number (``True`` and ``False`` are not numbers here, nor an integer too
    large to become a float)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def number_words(value: float, unit: str | None = None) -> str:
    """1200 -> "1,200"; 4.5 -> "4.5"; with its unit after it."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit else text


def date_words(value: dt.date | str) -> str:
    """An ISO date as people read it: 27 Nov 2026 (unchanged when it is not a date)."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%b %Y}"


def duration_words(value: Any) -> str:
    """{"amount": 4, "unit": "days"} -> "4 business days"; weeks read in weeks ("1 week")."""
    if not isinstance(value, dict) or value.get("unit") not in DURATION_UNITS \
            or not is_number(value.get("amount")):
        return str(value)
    amount, unit = value["amount"], value["unit"]
    word = ("business day" if unit == "days" else "week") + ("" if amount == 1 else "s")
    return f"{number_words(amount)} {word}"


def days_words(days: int) -> str:
    """A number of business days in words: "1 business day", "4 business days"."""
    return f"{days} business day" + ("" if days == 1 else "s")


def cell_words(column: Column, value: Any) -> str:
    """One cell of a rows answer as a person reads it (dates as dates, "week 4" as it is)."""
    if value is None or value == "":
        return ""
    if column.type in ("date", "when"):
        return date_words(value)
    if column.type == "number" and is_number(value):
        return number_words(value)
    return str(value)


def row_words(question: Question, row: Mapping[str, Any]) -> str:
    """One row: its filled cells in column order, the first bare and the rest labelled
    ("Data export, who: Ingrid Solberg, by: 12 Jan 2027")."""
    parts: list[str] = []
    for column in question.columns or ():
        text = cell_words(column, row.get(column.id))
        if text:
            parts.append(text if not parts else f"{column.label.lower()}: {text}")
    return ", ".join(parts)


def scale_words(question: Question, value: int) -> str:
    """The words for one point of a 1-5 scale ("Agree", "Often")."""
    return SCALE_WORDS[question.type][value - 1]


def answer_in_words(question: Question, value: Any, unanswered: str = UNANSWERED) -> str:
    """An answer as a person would say it: option labels, "4 of 5 (Agree)", "1,200 EUR",
    "27 Nov 2026"; never an id."""
    if value is None:
        return unanswered
    if value == DONT_KNOW:
        return DONT_KNOW_WORDS
    if value == PREFER_NOT:
        return PREFER_NOT_WORDS
    kind = question.type
    if kind in SCALE_TYPES and isinstance(value, int) and 1 <= value <= 5:
        return f"{value} of 5 ({scale_words(question, value)})"
    if kind == "choice":
        option = question.option(str(value))
        return option.label if option else str(value)
    if kind == "multi" and isinstance(value, list):
        labels = [o.label for v in value if (o := question.option(v))]
        return ", ".join(labels) if labels else "none selected"
    if kind == "number" and is_number(value):
        return number_words(value, question.unit)
    if kind == "date":
        return date_words(value)
    if kind == "duration":
        return duration_words(value)
    if kind == "rows" and isinstance(value, list):
        rows = [row_words(question, r) for r in value if isinstance(r, dict)]
        return "; ".join(r for r in rows if r) or "none"
    return str(value)


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields of a template text; raises ValueError on malformed braces.

    Format specs and conversions are refused: a placeholder only ever names a value.
    """
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"placeholder '{{{name}}}' may not carry a format or conversion")
        names.append(name)
    return names


def fill(text: str, lookup: Callable[[str], str]) -> str:
    """Substitute each placeholder with ``lookup(name)``, piece by piece (an inserted value is
    never parsed again), and fold runs of white space so YAML folding leaves no gaps."""
    out: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(lookup(name))
    return " ".join("".join(out).split())


def answer_lookup(questions: Mapping[str, Question], answers: Mapping[str, Mapping[str, Any]],
                  values: Mapping[str, str], missing: str = NOT_STATED) -> Callable[[str], str]:
    """A ``fill`` lookup: named values first, then ``question`` or ``question.party`` answers in
    words (a question one party answers needs no party)."""
    def lookup(name: str) -> str:
        if name in values:
            return values[name]
        qid, _, party = name.partition(".")
        question = questions[qid]
        party = party or question.answered_by[0]
        value = answers.get(party, {}).get(qid)
        if value is None or value in (DONT_KNOW, PREFER_NOT):
            return missing
        return answer_in_words(question, value)
    return lookup
