"""Bench rows for scoring: one session assessed (the verdict and figures without the asks, what a
list of sessions needs: <= 1 ms, absolute), and 100,000 sessions through
the vectorised portfolio path against a bare numpy computation of the same arithmetic (<= 3x).

The floor is the same matrix arithmetic written straight onto a raw ndarray already in plan
order: no DataFrame, no reindexing, no input checks; the least work readiness for N sessions
costs here.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bench import Row, median_ms, ratio_row
from questions import load_bank, load_session
from questions.schema import PARTIES
from scoring import assess, load_model, vector

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = 100_000
MISSING = 0.1


def synthetic(p: vector.Plan, bank, n: int, seed: int = 7) -> np.ndarray:
    """Item scores an answer could really produce, with MISSING of them unanswered."""
    rng = np.random.default_rng(seed)
    rows = []
    for _, qid in p.items:
        q = bank.by_id[qid]
        if q.options:
            choices = np.array(sorted({o.score for o in q.options}))
            rows.append(rng.choice(choices, n))
        elif q.type in ("likert", "frequency"):
            rows.append(rng.integers(0, 5, n) / 4.0)
        else:
            rows.append(rng.random(n))
    s = np.array(rows)
    s[rng.random(s.shape) < MISSING] = np.nan
    return s


def floor_inputs(p: vector.Plan) -> dict:
    """The plan as raw arrays: the group matrices and the per-area constants."""
    n = len(p.weights)
    return {"groups": np.ascontiguousarray(p.groups), "sizes": p.groups.sum(axis=1)[:, None],
            "sup": np.ascontiguousarray(p.areas_of_groups[:n]), "cli": np.ascontiguousarray(p.areas_of_groups[n:]),
            "weights": p.weights[:, None], "caps": p.caps[:, None], "share": p.min_share}


def floor_readiness(s: np.ndarray, f: dict) -> np.ndarray:
    answered = ~np.isnan(s)
    g = f["groups"]
    counts = g @ answered
    ok = (counts > 0) & (counts >= f["share"] * f["sizes"])
    means = np.where(ok, (g @ np.nan_to_num(s)) / np.maximum(counts, 1), 0.0)
    ns, nc = f["sup"] @ ok, f["cli"] @ ok
    sup, cli = (f["sup"] @ means) / np.maximum(ns, 1), (f["cli"] @ means) / np.maximum(nc, 1)
    both = (sup + np.minimum(cli, sup + f["caps"])) / 2.0
    combined = np.where((ns > 0) & (nc > 0), both, np.where(ns > 0, sup, cli))
    w = f["weights"] * ((ns > 0) | (nc > 0))
    total = w.sum(axis=0)
    return 100.0 * (w * combined).sum(axis=0) / np.where(total > 0, total, 1.0)


def run() -> list[Row]:
    bank, model = load_bank(), load_model()
    examples = [load_session(p.read_text(encoding="utf-8"), bank)
                for p in sorted((ROOT / "examples").glob("*.json"))]
    per_session = []
    for s in examples:
        median, _ = median_ms(lambda s=s: assess(bank, s, model), runs=200, warmup=5)
        per_session.append(median)
    one = float(np.median(per_session))
    rows = [Row("scoring: one example session assessed (verdict and figures)", one, "ms", 1.0, one <= 1.0,
                f"median over {len(examples)} examples x 200 runs; slowest example {max(per_session):.3f} ms",
                floor_unit="ms")]

    p = vector.plan(bank, model)
    raw = synthetic(p, bank, SESSIONS)
    frame = pd.DataFrame(raw, index=p.items).sample(frac=1.0, random_state=1)  # rows out of order
    f = floor_inputs(p)
    vec, _ = median_ms(lambda: vector.readiness(frame, p), runs=7)
    flo, _ = median_ms(lambda: floor_readiness(raw, f), runs=7)
    agree = np.allclose(vector.readiness(frame, p), floor_readiness(raw, f), atol=1e-9)
    rows.append(ratio_row(f"scoring: {SESSIONS:,} sessions, vectorised vs numpy floor", vec, flo, 3.0,
                          detail=f"{len(p.items)} items x {SESSIONS:,} sessions (DataFrame, shuffled rows); "
                                 f"results agree: {agree}; parties {', '.join(PARTIES)}"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
