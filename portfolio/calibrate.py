"""The calibration report from the database: stale reports refreshed, outcomes read through
storage as plain rows, the numbers worked out by :mod:`scoring.calibration`'s pure functions.
``python -m scoring calibrate`` and the pipeline page both call :func:`report`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from questions import Bank
from scoring import Model
from scoring.calibration import OutcomeData, calibrate, model_change

from .rescore import refresh

if TYPE_CHECKING:
    from storage import Store


def outcome_data(store: Store, bank: Bank) -> OutcomeData:
    rows = store.outcome_rows()
    areas = [a.id for a in bank.areas]
    figures = [json.loads(text) for text in rows.areas]
    by_area = {a: np.array([np.nan if (v := f.get(a, [None])[0]) is None else v for f in figures], dtype=float)
               for a in areas}
    readiness = np.array([np.nan if r is None else r for r in rows.readiness], dtype=float)
    return OutcomeData(rows.verdict, readiness, by_area, rows.sales, rows.delivery)


def report(store: Store, bank: Bank, model: Model, model_file: Path | None = None,
           fresh: bool = False) -> dict[str, Any]:
    """The calibration report; with ``model_file``, the suggestions also as a changed copy of
    it and the diff (``model_change``), never applied. Stale reports are computed first unless
    the caller has just done so (``fresh``)."""
    if not fresh:
        refresh(store, bank, model)
    result = calibrate(model, outcome_data(store, bank))
    if model_file is not None and result["suggestions"]:
        patched, diff = model_change(model_file.read_text(encoding="utf-8"), result["suggestions"],
                                     model_file.name)
        result["model_change"] = {"file": model_file.name, "diff": diff, "patched": patched}
    return result
