"""A discovery's figures for storage: from one Session when its answers change (``Reporter``,
given to ``storage.Store``), or from the batch path for many at once (``columns``).

Both give storage the same plain data: the verdict code, readiness, alignment, resistance, the
over-estimation on mirrored questions, each area's figures, and what blocks the deal
(:func:`scoring.batch.blocks_of`). tests/test_portfolio.py checks that the two agree.
"""
from __future__ import annotations

import hashlib

import numpy as np

from questions import Bank, Session
from scoring import Model
from scoring.assess import evaluate_session
from scoring.batch import RECOMMENDATIONS, Batch, blocks_of, lean, report_blocks
from storage.records import ReportFigures
from storage.reports import AnswerColumns, ReportColumns


def fingerprint(bank: Bank, model: Model) -> str:
    """Names the bank and model a report was computed from: a change to either makes every
    stored report stale."""
    text = bank.model_dump_json() + "\n" + model.model_dump_json()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def figures(bank: Bank, model: Model, session: Session) -> ReportFigures:
    """One session's figures (``scoring.assess`` without the explanations)."""
    report, facts = evaluate_session(bank, session, model, explain=False)
    over, pairs = lean(bank, model, facts.scores)
    areas, asks = report_blocks(report, model)
    return ReportFigures(report.recommendation, report.readiness, report.alignment, report.resistance,
                         over, pairs, {a.id: (a.combined, a.alignment, a.resistance) for a in report.areas},
                         tuple(areas), tuple(asks))


class Reporter:
    """What ``storage.Store`` calls to store a discovery's report when its answers change."""

    def __init__(self, bank: Bank, model: Model):
        self.bank, self.model = bank, model
        self.fingerprint = fingerprint(bank, model)

    def __call__(self, session: Session) -> ReportFigures:
        return figures(self.bank, self.model, session)


def _plain(values: np.ndarray) -> list[float | None]:
    """Floats with None for NaN (PostgreSQL would store NaN as a number, not as null)."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()


def _numbers(values: np.ndarray) -> list[str]:
    """Each value as JSON writes it (``null`` for NaN)."""
    return ["null" if v != v else repr(v) for v in values.tolist()]


def _areas_json(batch: Batch) -> list[str]:
    """Each session's area figures as the JSON text ``storage`` writes for one report."""
    parts = [[_numbers(p[j]) for p in (batch.area_score, batch.area_alignment, batch.area_resistance)]
             for j in range(len(batch.area_ids))]
    return ["{" + ",".join(f'"{a}":[{s[i]},{al[i]},{r[i]}]' for a, (s, al, r) in zip(batch.area_ids, parts))
            + "}" for i in range(len(batch.verdict))]


def columns(model: Model, answers: AnswerColumns, batch: Batch) -> ReportColumns:
    """The batch's figures as storage's report columns, in ``answers``' session order."""
    verdicts = [RECOMMENDATIONS[v] for v in batch.verdict.tolist()]
    goals = model.knockouts.goals_alignment
    knockouts = {k: np.flatnonzero(v) for k, v in batch.knockouts.items()}
    conditions = {k: np.flatnonzero(v) for k, v in batch.conditions.items()}
    fired: dict[int, list[str]] = {}
    failing: dict[int, list[str]] = {}
    for k, where in knockouts.items():
        for i in where.tolist():
            fired.setdefault(i, []).append(k)
    for k, where in conditions.items():
        for i in where.tolist():
            failing.setdefault(i, []).append(k)
    blocks = []
    for i in sorted(set(fired) | set(failing)):
        areas, asks = blocks_of(verdicts[i], fired.get(i, []), failing.get(i, []), goals.area if goals else None)
        blocks += [(i, "area", a) for a in areas] + [(i, "ask", a) for a in asks]
    return ReportColumns(answers.ids, answers.revisions, answers.details, verdicts, _plain(batch.readiness),
                         _plain(batch.alignment), _plain(batch.resistance), _plain(batch.overestimation),
                         batch.pairs.tolist(), _areas_json(batch), blocks)
