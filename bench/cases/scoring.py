"""Bench row for assessing one session: the verdict and figures without the asks, what a list of
sessions needs (<= 1 ms, absolute; scoring with the asks has its own row in bench/cases/asks.py).

The row that stood here, "100,000 sessions through the vectorised path", timed only the last
matrix step on a random matrix: it built no sessions and skipped turning answers into item
scores, the expensive part. Its honest replacement measures the whole way from stored answers
to stored reports (bench/cases/pipeline.py).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from bench import Row, median_ms
from questions import load_bank, load_session
from scoring import assess, load_model

ROOT = Path(__file__).resolve().parents[2]


def run() -> list[Row]:
    bank, model = load_bank(), load_model()
    examples = [load_session(p.read_text(encoding="utf-8"), bank)
                for p in sorted((ROOT / "examples").glob("*.json"))]
    per_session = []
    for s in examples:
        median, _ = median_ms(lambda s=s: assess(bank, s, model), runs=200, warmup=5)
        per_session.append(median)
    one = float(np.median(per_session))
    return [Row("scoring: one example session assessed (verdict and figures)", one, "ms", 1.0, one <= 1.0,
                f"median over {len(examples)} examples x 200 runs; slowest example {max(per_session):.3f} ms",
                floor_unit="ms")]


if __name__ == "__main__":
    for row in run():
        print(row)
