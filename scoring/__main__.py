"""python -m scoring SESSION.json [--bank DIR] [--model FILE]: print the Report as JSON.
python -m scoring calibrate [--url URL] [--bank DIR] [--model FILE] [--patched FILE]: print the
calibration report (verdicts against logged outcomes) from the database as JSON.

Besides the report's own keys: ``to_proceed``, the answer changes ({question, party, to}) that
would move a walk-away or a proceed-with-conditions one step up (empty when none exists within
the search limits), and ``to_proceed_text``, the same in plain words or why there is none.
Exit status 2 with a message on stderr when the session, the bank or the model cannot be used,
so scripts can tell bad input from a deal that scored badly.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from questions.loader import BANK_DIR, BankError, load_bank
from questions.refusal import refuse
from questions.session import SessionError, load_session

from .model import MODEL_PATH, ModelError, load_model
from .change import what_would_change
from .score import score


def calibrate_main(argv: list[str]) -> int:
    """The calibration report. This entry point is where the layers meet: scoring itself never
    reads a database, so the command hands over to portfolio.calibrate, which reads plain rows
    through storage and gives them to scoring.calibration (pyproject.toml names this one
    import as the exception to "the pure packages do not import storage")."""
    from portfolio.cli import calibrate_command

    return calibrate_command(argv)


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["calibrate"]:
        return calibrate_main(args_list[1:])
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__)
    parser.add_argument("session", type=Path, help="a groundwork.session/1 JSON file")
    parser.add_argument("--bank", type=Path, default=BANK_DIR, help="question bank directory")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="scoring model YAML file")
    args = parser.parse_args(args_list)
    try:
        bank = load_bank(args.bank)
        model = load_model(args.model)
        try:
            text = args.session.read_bytes()
        except OSError as exc:
            raise SessionError([f"cannot read {args.session}: {exc.strerror or exc}"]) from None
        session = load_session(text, bank)
        report = score(bank, session, model)
        change = what_would_change(bank, session, model, report)
    except BankError as exc:
        return _fail("the question bank", [str(p) for p in exc.problems])
    except ModelError as exc:
        return _fail(f"the scoring model {args.model}", [str(p) for p in exc.problems])
    except SessionError as exc:
        return _fail(f"the session {args.session}", exc.problems)
    data = report.to_dict() | {"to_proceed": change.to_list(), "to_proceed_text": change.text}
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    print()
    return 0


def _fail(what: str, problems: list[str]) -> int:
    return refuse(f"error: cannot use {what}:", problems)


if __name__ == "__main__":
    sys.exit(main())
