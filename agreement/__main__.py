"""``python -m agreement SESSION.json --format md|docx|ics|json -o FILE [--document agreement|brief]``.

The draft agreement (what both sides sign; the default) or the discovery brief (the supplier's
own) as Markdown or DOCX; the dated dependencies as an iCalendar file (ics); the drafted
dependencies as JSON.

Exit status 2 when the session cannot be read or does not fit the bank (the message says where
and what); 1 when the bank, model or rules themselves are broken.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from questions.loader import BANK_DIR, BankError, load_bank
from questions.session import SessionError, load_session

from .brief import render_brief_docx, render_brief_markdown
from .calendar import render_ics
from .draft import draft_dependencies
from .export import dependencies_json
from .render import render_docx, render_markdown
from .rules import RULES_PATH, load_rules


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agreement",
                                     description="Draft the agreement for one discovery session.")
    parser.add_argument("session", type=Path, help="session JSON (groundwork.session/1)")
    parser.add_argument("--format", choices=("md", "docx", "ics", "json"), default="md")
    parser.add_argument("--document", choices=("agreement", "brief"), default="agreement",
                        help="md and docx: the agreement both sides sign, or the supplier's brief")
    parser.add_argument("-o", "--output", type=Path,
                        help="file to write (text formats go to stdout when omitted)")
    parser.add_argument("--bank", type=Path, default=BANK_DIR, help="question bank directory")
    parser.add_argument("--rules", type=Path, default=RULES_PATH, help="dependency rules file")
    parser.add_argument("--model", type=Path, default=None, help="scoring model file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.format == "docx" and args.output is None:
        print("error: --format docx needs -o FILE", file=sys.stderr)
        return 2
    if args.document == "brief" and args.format not in ("md", "docx"):
        print("error: --document brief is written as md or docx", file=sys.stderr)
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
    dependencies = draft_dependencies(bank, session, report, rules, model)
    output: str | bytes
    if args.format == "ics":
        output = render_ics(session, dependencies)
    elif args.format == "json":
        output = json.dumps(dependencies_json(session, dependencies), indent=2, ensure_ascii=False) + "\n"
    elif args.document == "brief":
        output = (render_brief_docx if args.format == "docx" else render_brief_markdown)(
            bank, model, session, report, dependencies)
    elif args.format == "docx":
        output = render_docx(session, report, dependencies, rules=rules)
    else:
        output = render_markdown(session, report, dependencies, rules=rules)
    if args.output is not None:
        if isinstance(output, bytes):
            args.output.write_bytes(output)
        else:
            args.output.write_text(output, encoding="utf-8")
    elif isinstance(output, bytes):
        sys.stdout.buffer.write(output)
    else:
        sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
