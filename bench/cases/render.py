"""Bench row: Markdown plus DOCX for a 20-dependency agreement (target <= 100 ms, median).

Run alone with ``python -m bench.cases.render``; ``run()`` returns the rows for ``python -m bench``.
"""
from __future__ import annotations

import dataclasses
import statistics
import time
from typing import Any

from agreement import draft_dependencies
from agreement.render import render_docx, render_markdown
from agreement.rules import default_rules
from tests.agreement_samples import full
from bench import Row
from questions import load_bank

TARGET_MS = 100.0
DEPENDENCIES = 20
RUNS = 30

def _twenty() -> tuple[Any, Any, list]:
    session, report = full()
    drafted = draft_dependencies(load_bank(), session, report)
    deps = [dataclasses.replace(drafted[i % len(drafted)], id=f"dep_{i}",
                                what=f"{drafted[i % len(drafted)].what} (item {i})")
            for i in range(DEPENDENCIES)]
    return session, report, deps


def measure(runs: int = RUNS) -> list[float]:
    """Milliseconds per Markdown + DOCX render, after one warm-up (templates and rules cached)."""
    session, report, deps = _twenty()
    rules = default_rules()
    render_markdown(session, report, deps, rules=rules)
    render_docx(session, report, deps, rules=rules)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_markdown(session, report, deps, rules=rules)
        render_docx(session, report, deps, rules=rules)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run() -> list[Row]:
    times = measure()
    median = statistics.median(times)
    return [Row(name=f"agreement: Markdown + DOCX, {DEPENDENCIES} dependencies", value=median,
                unit="ms", target=TARGET_MS, ok=median <= TARGET_MS,
                detail=f"median of {len(times)} runs; min {min(times):.1f} ms, max {max(times):.1f} ms")]


if __name__ == "__main__":
    for row in run():
        print(row)
