"""Answers of many sessions as columns: the input of the batch path (:mod:`scoring.batch`).

One :class:`Column` per (party, question): which sessions answered it, and for each a code into
the column's distinct values. Answers repeat a lot (a 1-5 point, an option id), so anything
worked out per answer (its score, whether a condition holds for it) is worked out once per
distinct value with the very functions one session is scored with, then spread over the
sessions by the codes: the same semantics as :func:`scoring.assess.assess`, at numpy speed.

Storage builds the columns from the answer rows without making a Session per discovery
(``storage.answer_table``); :func:`from_sessions` builds them from Sessions, for tests and
small batches.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from questions.schema import DONT_KNOW, PARTIES
from questions.session import Session

Item = tuple[str, str]  # (party, question id)


@dataclass(frozen=True)
class Column:
    """One party's answers to one question across sessions."""

    rows: np.ndarray  # int64: the sessions (0..n-1) that have an answer, each once
    codes: np.ndarray  # int64: for each of those, its index into ``values``
    values: tuple[Any, ...]  # the distinct answers, decoded (int, float, str, list)

    def lookup(self, n: int, fn: Callable[[Any], Any], missing: Any, dtype: Any) -> np.ndarray:
        """``fn(value)`` for every session's answer, ``missing`` where it has none."""
        table = np.array([fn(v) for v in self.values] + [missing], dtype=dtype)
        codes = np.full(n, len(self.values), dtype=np.int64)
        codes[self.rows] = self.codes
        return table[codes]


@dataclass(frozen=True)
class Columns:
    """The answers of ``n`` sessions, with each session's deal date (for the iron triangle)."""

    n: int
    items: Mapping[Item, Column]
    deal_days: np.ndarray = field(default_factory=lambda: np.zeros(0))  # float days since 1970, NaN: none

    def column(self, party: str, question: str) -> Column | None:
        return self.items.get((party, question))


def day_number(day: dt.date | None) -> float:
    """A date as days since 1970-01-01 (NaN for none), so dates subtract as numbers."""
    return float("nan") if day is None else float((day - dt.date(1970, 1, 1)).days)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def build(n: int, answers: Iterable[tuple[int, str, str, Any]],
          deal_dates: Sequence[dt.date | None] | None = None) -> Columns:
    """Columns from (session index, party, question, value) tuples (value never None)."""
    found: dict[Item, tuple[list[int], list[int], dict[str, int], list[Any]]] = {}
    for row, party, question, value in answers:
        rows, codes, index, values = found.setdefault((party, question), ([], [], {}, []))
        key = _key(value)
        if key not in index:
            index[key] = len(values)
            values.append(value)
        rows.append(row)
        codes.append(index[key])
    items = {item: Column(np.array(rows, dtype=np.int64), np.array(codes, dtype=np.int64), tuple(values))
             for item, (rows, codes, _, values) in found.items()}
    days = np.array([day_number(d) for d in deal_dates] if deal_dates is not None else [np.nan] * n,
                    dtype=float)
    return Columns(n, items, days)


def from_sessions(sessions: Sequence[Session]) -> Columns:
    """Columns from whole Sessions (every stored answer; hidden follow-ups included, as stored)."""
    return build(len(sessions), ((i, p, q, v) for i, s in enumerate(sessions) for p in PARTIES
                                 for q, v in s.answers.get(p, {}).items() if v is not None),
                 [s.deal.date for s in sessions])


def given(value: Any) -> bool:
    """An answer that says something: not missing, not "don't know"."""
    return value is not None and value != DONT_KNOW
