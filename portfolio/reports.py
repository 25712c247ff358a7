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
from scoring.batch import RECOMMENDATIONS, Batch, lean, report_blocks
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
    template = "{" + ",".join(f'"{a}":[%s,%s,%s]' for a in batch.area_ids) + "}"
    cells = [_numbers(part[j]) for j in range(len(batch.area_ids))
             for part in (batch.area_score, batch.area_alignment, batch.area_resistance)]
    return [template % row for row in zip(*cells)] if cells else ["{}"] * len(batch.verdict)


def _blocks(model: Model, verdicts: np.ndarray, batch: Batch) -> list[tuple[int, str, str]]:
    """(position, kind, code) of what blocks each decided deal: :func:`blocks_of`, for every
    session at once (tests/test_portfolio.py checks the two give the same rows)."""
    decided = np.isin(verdicts, [RECOMMENDATIONS.index("walk_away"), RECOMMENDATIONS.index("proceed_with_conditions")])
    goals = model.knockouts.goals_alignment
    out: list[tuple[int, str, str]] = []
    for area in batch.area_ids:
        blocked = np.zeros(len(verdicts), dtype=bool)
        for check in ("area", "resistance", "gap"):
            blocked |= batch.conditions.get(f"{check}:{area}", False)
        if goals is not None and goals.area == area and "goals_alignment" in batch.knockouts:
            blocked |= batch.knockouts["goals_alignment"]
        out += [(i, "area", area) for i in np.flatnonzero(decided & blocked).tolist()]
    for code, fired in batch.knockouts.items():
        out += [(i, "ask", f"knockout:{code}") for i in np.flatnonzero(decided & fired).tolist()]
    for code, failing in batch.conditions.items():
        if code.startswith("warning:"):
            out += [(i, "ask", code) for i in np.flatnonzero(decided & failing).tolist()]
    out.sort()  # in primary-key order (sessions come sorted by id): the index grows at its end
    return out


def columns(model: Model, answers: AnswerColumns, batch: Batch) -> ReportColumns:
    """The batch's figures as storage's report columns, in ``answers``' session order."""
    verdicts = [RECOMMENDATIONS[v] for v in batch.verdict.tolist()]
    return ReportColumns(answers.ids, answers.revisions, answers.details, verdicts, _plain(batch.readiness),
                         _plain(batch.alignment), _plain(batch.resistance), _plain(batch.overestimation),
                         batch.pairs.tolist(), _areas_json(batch), _blocks(model, batch.verdict, batch),
                         answers.copies)
