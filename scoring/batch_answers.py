"""Which answers count for many sessions at once, their item scores, and conditions on them:
the per-session reading of :func:`questions.conditions.visible_answers`, ``item_score`` and
``evaluate``, over :class:`scoring.columns.Columns` (used by :mod:`scoring.batch`)."""
from __future__ import annotations

from typing import Any

import numpy as np

from questions.conditions import evaluate
from questions.schema import All, Any_, Bank, Leaf, Not
from questions.words import is_number

from .columns import Columns, given
from .items import item_score

NAN = float("nan")


class Counted:
    """What the rules read: which answers count (visible), their scores, conditions on them."""

    def __init__(self, bank: Bank, columns: Columns):
        self.bank, self.c, self.n = bank, columns, columns.n
        self._shown: dict[tuple[str, str], np.ndarray] = {}
        self._scores: dict[tuple[str, str], np.ndarray] = {}
        self._values: dict[tuple[str, str, str], np.ndarray] = {}
        self.none = np.zeros(self.n, dtype=bool)

    def present(self, party: str, qid: str) -> np.ndarray:
        col = self.c.column(party, qid)
        if col is None:
            return self.none
        out = np.zeros(self.n, dtype=bool)
        out[col.rows] = True
        return out

    def shown(self, qid: str, party: str) -> np.ndarray:
        key = (qid, party)
        if key not in self._shown:
            q = self.bank.by_id[qid]
            self._shown[key] = np.ones(self.n, dtype=bool) if q.show_if is None \
                else self.holds(q.show_if, party)
        return self._shown[key]

    def counted(self, party: str, qid: str) -> np.ndarray:
        return self.present(party, qid) & self.shown(qid, party)

    def value(self, party: str, qid: str, what: str, fn: Any, missing: Any, dtype: Any) -> np.ndarray:
        """``fn`` of each session's counted answer, ``missing`` where none counts (memo by ``what``)."""
        key = (party, qid, what)
        if key not in self._values:
            col = self.c.column(party, qid)
            if col is None:
                self._values[key] = np.full(self.n, missing, dtype=dtype)
            else:
                self._values[key] = np.where(self.counted(party, qid), col.lookup(self.n, fn, missing, dtype),
                                             missing)
        return self._values[key]

    def number(self, party: str, qid: str) -> np.ndarray:
        return self.value(party, qid, "number", lambda v: float(v) if is_number(v) else NAN, NAN, float)

    def holds(self, condition: object, party: str) -> np.ndarray:
        """:func:`questions.conditions.evaluate` for every session at once."""
        if isinstance(condition, All):
            out = np.ones(self.n, dtype=bool)
            for part in condition.all:
                out &= self.holds(part, party)
            return out
        if isinstance(condition, Any_):
            out = np.zeros(self.n, dtype=bool)
            for part in condition.any:
                out |= self.holds(part, party)
            return out
        if isinstance(condition, Not):
            return ~self.holds(condition.not_, party)
        assert isinstance(condition, Leaf)
        who = party if condition.party == "same" else condition.party
        qid = condition.question
        missing = evaluate(condition, {}, party)
        return self.value(who, qid, f"leaf:{id(condition)}:{party}",
                          lambda v: evaluate(condition, {who: {qid: v}}, party), missing, bool)

    def score(self, party: str, qid: str) -> np.ndarray:
        """The item score of each session's counted answer (NaN: none), as ``item_score``."""
        key = (party, qid)
        if key not in self._scores:
            q = self.bank.by_id[qid]
            rule = q.scoring
            if q.type == "number" and rule is not None and rule.ratio_to is not None:
                value = self.number(party, qid)
                other = self.number(rule.ratio_to.party, rule.ratio_to.question)
                with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                    ratio = np.maximum(0.0, np.minimum(1.0, value / other))
                self._scores[key] = np.where(np.isnan(value) | np.isnan(other), NAN,
                                             np.where(other <= 0, 1.0, ratio))
            else:
                self._scores[key] = self.value(party, qid, "score", lambda v: _none_nan(item_score(q, v, {})),
                                               NAN, float)
        return self._scores[key]

    def given(self, party: str, qid: str) -> np.ndarray:
        return self.value(party, qid, "given", given, False, bool)


def _none_nan(x: float | None) -> float:
    return NAN if x is None else x
