"""Bench rows for the decision's explanations: what would change the verdict for one session
(<= 50 ms), and one session scored with its asks, each ask measured by rescoring (<= 25 ms).

Both are absolute promises, measured on every example whose verdict has asks (walk away or
proceed with conditions); the row reports the slowest example, since each session must meet it.
"""
from __future__ import annotations

from pathlib import Path

from bench import Row, median_ms
from questions import load_bank, load_session
from scoring import load_model, score, what_would_change

ROOT = Path(__file__).resolve().parents[2]


def run() -> list[Row]:
    bank, model = load_bank(), load_model()
    sessions = [load_session(p.read_text(encoding="utf-8"), bank)
                for p in sorted((ROOT / "examples").glob("*.json"))]
    reports = [(s, score(bank, s, model)) for s in sessions]
    open_ = [(s, r) for s, r in reports if r.recommendation in ("walk_away", "proceed_with_conditions")]
    change = [median_ms(lambda s=s, r=r: what_would_change(bank, s, model, r), runs=15, warmup=2)[0]
              for s, r in open_]
    scored = [median_ms(lambda s=s: score(bank, s, model), runs=15, warmup=2)[0] for s, _ in open_]
    found = sum(1 for s, r in open_ if what_would_change(bank, s, model, r).changes)
    return [
        Row("asks: what would change the verdict, one session", max(change), "ms", 50.0,
            max(change) <= 50.0,
            f"slowest of {len(open_)} examples with asks (median {sorted(change)[len(change) // 2]:.1f} ms); "
            f"a way forward found for {found}", floor_unit="ms"),
        Row("asks: one session scored with its asks measured", max(scored), "ms", 25.0,
            max(scored) <= 25.0,
            f"slowest of {len(open_)} examples (median {sorted(scored)[len(scored) // 2]:.1f} ms)",
            floor_unit="ms"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
