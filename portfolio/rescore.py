"""Rescore stored discoveries: answers read from the database as columns, the batch path, the
reports written back. Used when the pipeline opens (for the reports that are stale: missing,
older than their session, or from another bank or model) and for every report after the model
changes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from questions import Bank
from scoring import Model
from scoring.batch import assess_many, questions_read
from scoring.columns import Column, Columns, day_number

from .reports import columns, fingerprint

if TYPE_CHECKING:
    from storage import Store
    from storage.reports import AnswerColumns


def to_columns(answers: AnswerColumns) -> Columns:
    """Storage's plain columns as scoring's."""
    import numpy as np

    return Columns(len(answers.ids), {item: Column(rows, codes, values)
                                      for item, (rows, codes, values) in answers.items.items()},
                   np.array([day_number(d.deal_date) for d in answers.details], dtype=float))


def rescore(store: Store, bank: Bank, model: Model, ids: Iterable[str] | None = None) -> int:
    """Compute and store the reports of ``ids`` (default: every stored discovery); returns how
    many were written."""
    answers = store.read_answers(ids, questions_read(bank, model))
    if not answers.ids:
        return 0
    batch = assess_many(bank, model, to_columns(answers))
    store.write_reports(fingerprint(bank, model), columns(model, answers, batch), every=ids is None)
    return len(answers.ids)


def refresh(store: Store, bank: Bank, model: Model) -> int:
    """Rescore only the stale reports; returns how many there were."""
    stale = store.stale_reports(fingerprint(bank, model))
    return rescore(store, bank, model, stale) if stale else 0
