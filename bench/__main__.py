"""python -m bench [CASE ...]: run the benchmark cases, print a table, write bench/results.json."""
from __future__ import annotations

import argparse
import json
import math
import platform
import sys
from dataclasses import asdict
from pathlib import Path

from . import Row, case_names, run_case

RESULTS = Path(__file__).parent / "results.json"


def _figure(value: float, unit: str) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.2f}{unit}" if unit == "x" else f"{value:.3g} {unit}"


def _json(value: object) -> object:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def table(rows: list[Row]) -> str:
    header = ("promise", "measured", "floor", "result", "target", "met")
    lines = [header]
    for r in rows:
        measured = _figure(r.measured, r.floor_unit) if r.measured is not None else _figure(r.value, r.unit)
        floor = _figure(r.floor, r.floor_unit) if r.floor is not None else "-"
        lines.append((r.name, measured, floor, _figure(r.value, r.unit),
                      "-" if math.isnan(r.target) else f"<= {_figure(r.target, r.unit)}", "yes" if r.ok else "NO"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths)) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default all: {', '.join(case_names())})")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.cases) - set(case_names()))
    if unknown:
        parser.error(f"unknown case(s) {unknown}; known: {case_names()}")
    rows: list[Row] = []
    for name in args.cases or case_names():
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(run_case(name))
    print(table(rows))
    payload = {"python": platform.python_version(), "machine": platform.machine(),
               "rows": [{k: _json(v) for k, v in {**asdict(r), "met": r.ok}.items()} for r in rows]}
    args.output.write_text(json.dumps(payload, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
