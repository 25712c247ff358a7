"""``python -m scoring calibrate``: the calibration report from the database, as JSON.

Reached from scoring's command line (scoring/__main__.py) because that is where people look
for it; the database is read here, in the package that may join storage and scoring.
Exit status 0 with the report, 2 when the bank, the model or the database cannot be used.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from questions.loader import BANK_DIR, BankError, load_bank
from questions.refusal import refuse
from scoring import MODEL_PATH, ModelError, load_model, require_fit

from .calibrate import report


def calibrate_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring calibrate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="database URL (default: as the app resolves it)")
    parser.add_argument("--bank", type=Path, default=BANK_DIR, help="question bank directory")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="scoring model YAML file")
    parser.add_argument("--patched", type=Path,
                        help="also write the model with the suggestions applied to this file "
                             "(the report's model_change holds it and the diff either way)")
    args = parser.parse_args(argv)
    from storage import Store, StorageError

    try:
        bank = load_bank(args.bank)
        model = load_model(args.model)
        require_fit(model, bank)
        store = Store.open(args.url, bank)
        try:
            result = report(store, bank, model, args.model)
        finally:
            store.engine.dispose()
    except (BankError, ModelError) as exc:
        return refuse("error: cannot use the bank or the model:", exc.problems)
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.patched is not None:
        change = result.get("model_change")
        if change is None:
            print("no suggestions: nothing written to --patched", file=sys.stderr)
        else:
            args.patched.write_text(change["patched"], encoding="utf-8")
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0
