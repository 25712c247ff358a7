"""python -m questions check [DIR] | dump [DIR]"""
from __future__ import annotations

import argparse
import json
import sys

from .loader import BANK_DIR, BankError, load_bank
from .schema import Bank


def dump(bank: Bank) -> dict:
    return {
        "areas": [{"id": a.id, "title": a.title, "weight": a.weight} for a in bank.areas],
        "questions": [{
            "id": q.id, "area": q.area, "sub": q.sub, "type": q.type,
            "parties": list(q.answered_by), "mirrored": q.mirrored, "reverse": q.reverse,
            "dont_know": q.dont_know, "visibility": q.visibility,
            "options": [{"id": o.id, "score": o.score} for o in q.options or ()],
            "min": q.min, "max": q.max,
            "columns": [{"id": c.id, "type": c.type, "required": c.required} for c in q.columns or ()],
        } for q in bank.questions],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m questions", description=__doc__)
    parser.add_argument("command", choices=["check", "dump"])
    parser.add_argument("directory", nargs="?", default=str(BANK_DIR))
    args = parser.parse_args(argv)
    try:
        bank = load_bank(args.directory)
    except BankError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"ok: {len(bank.areas)} areas, {len(bank.questions)} questions in {args.directory}")
    else:
        json.dump(dump(bank), sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
