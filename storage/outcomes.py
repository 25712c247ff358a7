"""What became of each discovery: the sales outcome with its date, later the delivery outcome
with a note. Entered on the pipeline page, imported and exported as CSV
(``python -m storage outcomes import FILE.csv`` / ``export``), and carried in the session JSON.

The CSV has a header row with ``session_id, deal, sales, sales_date, delivery, delivery_note``
(``deal`` is for people reading the file and is ignored on import). An import checks every row
first and writes nothing unless all of them are valid; an empty outcome removes one.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from questions.session import Outcome

from . import tables
from .records import SessionNotFound
from .transactions import reading, writing

HEADER = ("session_id", "deal", "sales", "sales_date", "delivery", "delivery_note")
MAX_CSV_BYTES = 5_000_000


class OutcomeError(ValueError):
    """An outcome or an outcomes file cannot be used; ``problems`` says where and what."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _outcome(value: Any) -> Outcome:
    if isinstance(value, Outcome):
        return value
    try:
        return Outcome.model_validate(value)
    except ValidationError as exc:
        raise OutcomeError([f"{'.'.join(str(p) for p in e['loc']) or 'outcome'}: {e['msg']}"
                            for e in exc.errors()]) from None


def write(connection: Connection, session_id: str, outcome: Outcome, now: dt.datetime) -> None:
    o = tables.outcomes
    connection.execute(o.delete().where(o.c.session_id == session_id))
    if not outcome.empty:
        connection.execute(o.insert().values(session_id=session_id, sales=outcome.sales,
                                             sales_date=outcome.sales_date, delivery=outcome.delivery,
                                             delivery_note=outcome.delivery_note, updated_at=now))


def _exists(connection: Connection, ids: list[str]) -> set[str]:
    s = tables.sessions
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found |= set(connection.execute(sa.select(s.c.id).where(s.c.id.in_(ids[start:start + 500]))).scalars())
    return found


def set_outcome(engine: Engine, session_id: str, outcome: Any) -> None:
    checked = _outcome(outcome)
    with writing(engine) as connection:
        if not _exists(connection, [session_id]):
            raise SessionNotFound(session_id)
        write(connection, session_id, checked, dt.datetime.now(dt.timezone.utc))


def _from_row(row: Any) -> Outcome:
    return Outcome(sales=row.sales, sales_date=row.sales_date, delivery=row.delivery,
                   delivery_note=row.delivery_note or "")


def get_outcome(engine: Engine, session_id: str) -> Outcome | None:
    o = tables.outcomes
    with reading(engine) as connection:
        row = connection.execute(sa.select(o).where(o.c.session_id == session_id)).first()
    return None if row is None else _from_row(row)


def export_csv(engine: Engine) -> str:
    """Every logged outcome, oldest session id first, as CSV text."""
    o, s = tables.outcomes, tables.sessions
    with reading(engine) as connection:
        rows = connection.execute(sa.select(o, s.c.deal).join(s, s.c.id == o.c.session_id)
                                  .order_by(o.c.session_id)).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        name = json.loads(row.deal).get("name", "")
        writer.writerow([row.session_id, _cell(name), row.sales or "",
                         row.sales_date.isoformat() if row.sales_date else "", row.delivery or "",
                         _cell(row.delivery_note or "")])
    return out.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def parse_csv(text: str | bytes) -> dict[str, Outcome]:
    """The outcomes in a CSV file by session id; OutcomeError listing every bad row."""
    if len(text) > MAX_CSV_BYTES:
        raise OutcomeError([f"the file is larger than {MAX_CSV_BYTES} bytes"])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise OutcomeError([f"not UTF-8 text: {exc}"]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("session_id", "sales") if c not in (reader.fieldnames or [])]
    if missing:
        raise OutcomeError([f"the header row lacks {', '.join(missing)} (expected {', '.join(HEADER)})"])
    names = list(reader.fieldnames or [])
    repeated = [f"line 1: the header row names '{n}' twice (columns {names.index(n) + 1} and {i + 1})"
                for i, n in enumerate(names) if n and n in names[:i]]
    if repeated:  # DictReader would keep the last of the two silently
        raise OutcomeError(repeated)
    found: dict[str, Outcome] = {}
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        sid = (row.get("session_id") or "").strip()
        if not sid:
            problems.append(f"line {line}: no session_id")
            continue
        if sid in found:
            problems.append(f"line {line}: session {sid} appears twice")
            continue
        note = row.get("delivery_note") or ""
        data = {"sales": (row.get("sales") or "").strip() or None,
                "sales_date": (row.get("sales_date") or "").strip() or None,
                "delivery": (row.get("delivery") or "").strip() or None,
                "delivery_note": note[1:] if note.startswith("'") else note}
        try:
            found[sid] = _outcome(data)
        except OutcomeError as exc:
            problems += [f"line {line} (session {sid}): {p}" for p in exc.problems]
    if problems:
        raise OutcomeError(problems)
    return found


def import_csv(engine: Engine, text: str | bytes) -> int:
    """Store every outcome in the file (all or nothing); returns how many rows were read."""
    found = parse_csv(text)
    now = dt.datetime.now(dt.timezone.utc)
    with writing(engine) as connection:
        unknown = sorted(set(found) - _exists(connection, list(found)))
        if unknown:
            raise OutcomeError([f"no session with id {sid!r}" for sid in unknown[:20]])
        for sid, outcome in found.items():
            write(connection, sid, outcome, now)
    return len(found)
