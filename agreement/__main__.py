"""``python -m agreement SESSION.json --format md|docx -o FILE``: the draft agreement without the UI.

Exit status 2 when the session cannot be read or does not fit the bank (the message says where
and what); 1 when the bank, model or rules themselves are broken.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from questions.loader import BANK_DIR, BankError, load_bank
from questions.session import SessionError, load_session

from .draft import draft_dependencies
from .render import render_docx, render_markdown
from .rules import RULES_PATH, load_rules


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agreement",
                                     description="Draft the agreement for one discovery session.")
    parser.add_argument("session", type=Path, help="session JSON (groundwork.session/1)")
    parser.add_argument("--format", choices=("md", "docx"), default="md")
    parser.add_argument("-o", "--output", type=Path,
                        help="file to write (Markdown goes to stdout when omitted)")
    parser.add_argument("--bank", type=Path, default=BANK_DIR, help="question bank directory")
    parser.add_argument("--rules", type=Path, default=RULES_PATH, help="dependency rules file")
    parser.add_argument("--model", type=Path, default=None, help="scoring model file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.format == "docx" and args.output is None:
        print("error: --format docx needs -o FILE", file=sys.stderr)
        return 2
    from scoring import ModelError, load_model, score

    try:
        bank = load_bank(args.bank)
        rules = load_rules(args.rules, bank)
        model = load_model(args.model) if args.model else load_model()
    except (BankError, ModelError) as exc:
        print(f"error: cannot use the bank, model or rules:\n{exc}", file=sys.stderr)
        return 1
    try:
        text = args.session.read_bytes()
    except OSError as exc:
        print(f"error: cannot read session {args.session}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        session = load_session(text, bank)
    except SessionError as exc:
        problems = "\n".join(f"  {p}" for p in exc.problems)
        print(f"error: {args.session} is not a usable session:\n{problems}", file=sys.stderr)
        return 2
    report = score(bank, session, model)
    dependencies = draft_dependencies(bank, session, report, rules)
    if args.format == "docx":
        args.output.write_bytes(render_docx(session, report, dependencies, rules=rules))
    else:
        document = render_markdown(session, report, dependencies, rules=rules)
        if args.output is None:
            sys.stdout.write(document)
        else:
            args.output.write_text(document, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
