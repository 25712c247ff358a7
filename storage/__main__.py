"""python -m storage [--url URL] list [--search TEXT] [--all] | export ID | import FILE
                   | outcomes import FILE.csv | outcomes export

Backups and batch work on the same database the app uses (same URL rules as the app).
Exit status: 0 done, 1 no such session, 2 bad input (nothing written).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from questions import BankError, SessionError
from questions.refusal import BAD_INPUT, refuse

from .records import ConfigError, SessionNotFound, SessionSummary, StorageError
from .repo import MAX_IMPORT_BYTES, Store


DAMAGED = "damaged: cannot be read"  # a session with a corrupt row, in place of its progress


def _cell(value: object, width: int = 40) -> str:
    """One line of printable text: a deal name cannot break the table or send terminal codes."""
    text = " ".join(str(value).split())[:width]
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _problem(exc: Exception) -> str:
    """A storage error for whoever runs the command: the plain message, and for a database
    error the driver's own words too (this is the operator's terminal, not a page)."""
    detail = getattr(exc, "detail", "")
    return f"{exc} ({detail})" if detail else str(exc)


def _table(rows: list[SessionSummary]) -> str:
    header = ("id", "deal", "supplier", "client", "date", "supplier answered", "client answered",
              "updated", "archived")
    lines = [header] + [(
        r.id, r.deal.name, r.deal.supplier, r.deal.client,
        r.deal.date.isoformat() if r.deal.date else "",
        *((DAMAGED, "") if r.damaged else (
            f"{r.progress['supplier'].answered}/{r.progress['supplier'].total}",
            f"{r.progress['client'].answered}/{r.progress['client'].total}")),
        r.updated_at.strftime("%Y-%m-%d %H:%M"), "yes" if r.archived else "")
        for r in rows]
    clean = [tuple(_cell(cell) for cell in line) for line in lines]
    widths = [max(len(line[i]) for line in clean) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip()
                     for line in clean)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="database URL (default: GROUNDWORK_DATABASE_URL, "
                        ".streamlit/secrets.toml, then data/groundwork.db)")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="print the sessions as a table")
    listing.add_argument("--search", help="only sessions whose deal or people match")
    listing.add_argument("--all", action="store_true", help="include archived sessions")
    commands.add_parser("export", help="print one session's JSON").add_argument("id")
    commands.add_parser("import", help="store a session JSON file, print its new id").add_argument("file")
    outcome = commands.add_parser("outcomes", help="logged outcomes as CSV (see storage/outcomes.py)")
    outcome_commands = outcome.add_subparsers(dest="outcomes_command", required=True)
    outcome_commands.add_parser("export", help="print every logged outcome as CSV")
    outcome_commands.add_parser("import", help="store the outcomes in a CSV file (all or nothing)"
                                ).add_argument("file")
    args = parser.parse_args(argv)
    from .outcomes import MAX_CSV_BYTES, OutcomeError

    command = f"outcomes {args.outcomes_command}" if args.command == "outcomes" else args.command
    text: bytes | None = b""
    if command.endswith("import"):  # a file to read, within its size limit
        limit = MAX_CSV_BYTES if args.command == "outcomes" else MAX_IMPORT_BYTES
        text = _read(Path(args.file), limit, command)
        if text is None:
            return BAD_INPUT
    try:
        _run(Store.open(args.url), command, args, text or b"")
    except (SessionError, OutcomeError) as exc:
        return refuse(f"{command} {args.file}: not imported, nothing written:",
                      (_cell(problem, 200) for problem in exc.problems))
    except SessionNotFound as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return 1
    except (ConfigError, BankError, StorageError) as exc:
        print(f"{command}: {_problem(exc)}", file=sys.stderr)
        return BAD_INPUT
    return 0


def _run(store: Store, command: str, args: argparse.Namespace, text: bytes) -> None:
    """Carry out ``command`` on ``store``, printing what it gives to standard output."""
    if command == "list":
        print(_table(store.list_sessions(args.search, include_archived=args.all)))
    elif command == "export":
        print(store.export_json(args.id))
    elif command == "import":
        print(store.import_json(text))
    elif command == "outcomes export":
        sys.stdout.write(store.export_outcomes())
    else:
        print(f"{store.import_outcomes(text)} outcomes imported")


def _read(path: Path, limit: int, command: str) -> bytes | None:
    """The file's bytes, or None once standard error says why not (too large, unreadable)."""
    try:
        if path.stat().st_size > limit:
            print(f"{command} {path}: the file is larger than {limit} bytes", file=sys.stderr)
            return None
        return path.read_bytes()
    except OSError as exc:
        print(f"{command} {path}: cannot read the file: {exc.strerror}", file=sys.stderr)
        return None


if __name__ == "__main__":
    sys.exit(main())
