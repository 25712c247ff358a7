"""Benchmarks (not timed tests): each case measures a promise against a floor in the same run.

A case is a module in ``bench/cases/`` exposing ``run() -> list[Row]``; ``python -m bench``
finds every case, prints one table and writes ``bench/results.json``. Add a row by adding a
module; nothing here needs to change.
"""
from __future__ import annotations

import importlib
import pkgutil
import statistics
import time
import traceback
from dataclasses import dataclass
from typing import Callable

from . import cases as _cases


@dataclass(frozen=True)
class Row:
    """One promise: ``value`` in ``unit`` against ``target`` (at most). For a ratio row
    (unit "x") ``measured`` and ``floor`` are the two absolute figures, in ``floor_unit``."""

    name: str
    value: float
    unit: str
    target: float
    ok: bool
    detail: str = ""
    measured: float | None = None
    floor: float | None = None
    floor_unit: str = ""


def ratio_row(name: str, measured: float, floor: float, target: float, unit: str = "ms",
              detail: str = "") -> Row:
    """A row comparing ``measured`` with ``floor`` measured in the same run."""
    ratio = measured / floor if floor > 0 else float("inf")
    return Row(name, ratio, "x", target, ratio <= target, detail, measured, floor, unit)


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> tuple[float, list[float]]:
    """Median milliseconds of ``runs`` calls after ``warmup`` untimed ones, and every sample."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples), samples


def case_names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(_cases.__path__) if not m.name.startswith("_"))


def run_case(name: str) -> list[Row]:
    """Run one case; a case that crashes becomes a failed row saying why, not a lost table."""
    try:
        return list(importlib.import_module(f"{_cases.__name__}.{name}").run())
    except Exception as exc:  # noqa: BLE001 - report every failure and keep going
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return [Row(f"{name}: did not run", float("nan"), "", float("nan"), False, last)]
