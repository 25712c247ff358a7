"""Each discovery's answers as one row, kept beside its report, so that rescoring every
discovery reads one row per discovery instead of one per answer (about ten million for 100,000
discoveries, which take longer to read than the whole rescoring may).

A copy holds, for one session at one revision, every stored answer to the bank's questions:
their *item numbers* (each (party, question)'s place in the bank's :class:`Layout`) as a string
of characters ``chr(OFFSET + number)``, and their JSON texts joined by ``SEPARATOR``. The answers
table stays the record; a copy is only ever used while it is *current*: written at the session's
revision, which every change to the answers advances, and under the layout of the bank in use,
which a changed bank changes. A missing or retired copy costs speed, never correctness: those
sessions' answers are read from the answers table, and the rescoring writes their copies anew.

Copies are written with each stored report (``reports.write_report``, from the answers in the
same transaction) and by a rescoring that had to read the answers table.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy.engine import Connection

from questions.schema import Bank

from . import tables
from .records import CorruptRow

OFFSET = 48  # item numbers travel as the characters chr(48 + number), clear of control characters
SEPARATOR = "\x1e"  # never in stored JSON text: json.dumps escapes every control character


@dataclass(frozen=True)
class Layout:
    """Every (party, question) of a bank, numbered in the bank's order, and a mark naming that
    numbering (stored with each copy: a copy made under another numbering is not read)."""

    keys: tuple[tuple[str, str], ...]
    mark: str

    @classmethod
    def of(cls, bank: Bank) -> "Layout":
        keys = tuple((p, q.id) for q in bank.questions for p in q.answered_by)
        if len(keys) >= 0xD800 - OFFSET:  # past there the characters would be surrogates
            raise ValueError(f"a bank of {len(keys)} answers per session is too large to copy")
        mark = hashlib.sha256(repr(keys).encode("utf-8")).hexdigest()[:16]
        return cls(keys, mark)

    @property
    def number(self) -> dict[tuple[str, str], int]:
        return {key: i for i, key in enumerate(self.keys)}


def encode(layout: Layout, answers: Iterable[tuple[str, str, str]]) -> tuple[str, str]:
    """One session's stored answers (party, question, JSON text) as a copy's two strings;
    answers to questions the bank no longer has are left out (nothing reads them)."""
    number = layout.number
    numbers: list[str] = []
    texts: list[str] = []
    for party, question, text in answers:
        n = number.get((party, question))
        if n is None or text is None:
            continue
        if SEPARATOR in text:
            raise CorruptRow(f"stored answer {party}.{question} holds a control character that "
                             "stored JSON never has")
        numbers.append(chr(OFFSET + n))
        texts.append(text)
    return "".join(numbers), SEPARATOR.join(texts)


def intact(layout: Layout, numbers: str, texts: str) -> bool:
    """Whether a stored copy reads apart: one text per item number, each number in the layout."""
    if not numbers:
        return not texts
    return (texts.count(SEPARATOR) + 1 == len(numbers)
            and OFFSET <= ord(min(numbers)) and ord(max(numbers)) < OFFSET + len(layout.keys))


COLUMNS = ("session_id", "revision", "layout", "items", "texts")


def rows(layout: Layout, copies: Iterable[tuple[str, int, str, str]]) -> Iterable[tuple[str, int, str, str, str]]:
    """Copies (session id, revision, numbers, texts) as ``answer_copies`` rows, in COLUMNS order."""
    return ((sid, revision, layout.mark, numbers, texts) for sid, revision, numbers, texts in copies)


def read_current(connection: Connection, layout: Layout, revisions: dict[str, int],
                 fetch: Any) -> list[tuple[str, str, str]]:
    """(session id, numbers, texts) of every current copy among ``revisions`` (session id ->
    its revision now), through ``fetch(connection, sql, params)``."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    found = fetch(connection, f"SELECT session_id, revision, items, texts FROM {tables.answer_copies.name} "
                              f"WHERE layout = {mark}", (layout.mark,))
    return [(sid, numbers, texts) for sid, revision, numbers, texts in found
            if revisions.get(sid) == revision]

