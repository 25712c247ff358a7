"""Bench row: Markdown plus DOCX plus ICS for a 20-dependency agreement (target <= 100 ms,
median), each dependency dated so every one is a calendar event.

Run alone with ``python -m bench.cases.render``; ``run()`` returns the rows for ``python -m bench``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time
from typing import Any

from agreement import draft_dependencies
from agreement.calendar import render_ics
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
    start = session.deal.date or dt.date(2026, 11, 23)
    deps = [dataclasses.replace(drafted[i % len(drafted)], id=f"dep_{i}",
                                what=f"{drafted[i % len(drafted)].what} (item {i})",
                                due=start + dt.timedelta(days=7 * (i + 1)))
            for i in range(DEPENDENCIES)]
    return session, report, deps


def _render(session: Any, report: Any, deps: list, rules: Any) -> None:
    render_markdown(session, report, deps, rules=rules)
    render_docx(session, report, deps, rules=rules)
    render_ics(session, deps)


def measure(runs: int = RUNS) -> list[float]:
    """Milliseconds per Markdown + DOCX + ICS render, after one warm-up (templates, rules and
    the calendar library loaded)."""
    session, report, deps = _twenty()
    rules = default_rules()
    _render(session, report, deps, rules)
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        _render(session, report, deps, rules)
        times.append((time.perf_counter() - begin) * 1000)
    return times


def run() -> list[Row]:
    times = measure()
    median = statistics.median(times)
    return [Row(name=f"agreement: Markdown + DOCX + ICS, {DEPENDENCIES} dependencies", value=median,
                unit="ms", target=TARGET_MS, ok=median <= TARGET_MS,
                detail=f"median of {len(times)} runs; min {min(times):.1f} ms, max {max(times):.1f} ms")]


if __name__ == "__main__":
    for row in run():
        print(row)
