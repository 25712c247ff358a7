"""Each discovery's stored report: written when its answers change, read in bulk for rescoring.

A report holds the figures scoring computed (handed in as plain :class:`ReportFigures`: storage
never imports scoring), the session revision and the bank-and-model fingerprint they were
computed at, and the deal details the pipeline filters and groups by. A report whose revision or
fingerprint differs from the session's is *stale* (:func:`stale_ids`) and is computed again.

Rescoring many discoveries reads their answers as columns (:func:`read_answers`): one query
returns (session number, item number, value text) through two small temporary tables instead
of ids and names on every row, and each column's distinct value texts are decoded and checked
against the bank once, not once per answer.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
from dataclasses import dataclass
from typing import Any, Collection, Iterable, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from questions.schema import PARTIES, Bank
from questions.session import value_problem

from . import tables
from .records import CorruptRow, ReportFigures

IN_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Details:
    """What the pipeline shows of a session besides its figures."""

    deal: str
    client: str
    salesperson: str
    deal_date: dt.date | None
    month: str  # "YYYY-MM" of the deal date, else of the day the session was created
    archived: bool = False


def details(row: Any) -> Details:
    """The deal details of a ``sessions`` row (deal and people are JSON text)."""
    try:
        deal, people = json.loads(row.deal), json.loads(row.people)
        day = dt.date.fromisoformat(deal["date"]) if deal.get("date") else None
    except (json.JSONDecodeError, TypeError, KeyError, ValueError) as exc:
        raise CorruptRow(f"session {row.id}: stored details cannot be read: {exc}") from None
    month = deal["date"][:7] if day else str(row.created_at)[:7]  # ISO text: "YYYY-MM" leads
    return Details(str(deal.get("name", "")), str(deal.get("client", "")),
                   str(people.get("supplier", "")), day, month, bool(row.archived))


def _areas_json(areas: dict[str, tuple[float | None, float | None, float | None]]) -> str:
    return json.dumps({a: list(values) for a, values in areas.items()}, separators=(",", ":"))


def _row(session_id: str, revision: int, fingerprint: str, d: Details, f: ReportFigures,
         now: dt.datetime) -> tuple:
    return (session_id, revision, fingerprint, f.verdict, f.readiness, f.alignment, f.resistance,
            f.overestimation, f.mirrored_pairs, _areas_json(f.areas), d.deal, d.client,
            d.salesperson, d.deal_date, d.month, d.archived, now)


REPORT_COLUMNS = ("session_id", "revision", "model", "verdict", "readiness", "alignment",
                  "resistance", "overestimation", "mirrored_pairs", "areas", "deal", "client",
                  "salesperson", "deal_date", "month", "archived", "computed_at")


def bulk_insert(connection: Connection, table: sa.Table, columns: Sequence[str],
                rows: Iterable[tuple], replace: bool = False) -> None:
    """Insert plain tuples through the driver's executemany: the SQLAlchemy statement per row
    costs several times the insert itself. Values go through each column type's own bind
    processing (dates and times stored exactly as SQLAlchemy stores them). ``replace``: a row
    whose primary key is there already is overwritten (SQLite and PostgreSQL say it alike), so
    two writers of the same report (the app's worker, a rescoring) cannot fail on each other."""
    sql, processors = _insert_sql(connection.dialect, table, tuple(columns))
    if replace:
        keys = [c.name for c in table.primary_key.columns]
        rest = [c for c in columns if c not in keys]
        sql += f" ON CONFLICT ({', '.join(keys)}) " + (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in rest) if rest else "DO NOTHING")
    if any(processors):
        rows = (tuple(p(v) if p and v is not None else v for p, v in zip(processors, r)) for r in rows)
    batch = list(rows)
    if batch:
        connection.exec_driver_sql(sql, batch)


_INSERTS: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[Any]]] = {}


def _insert_sql(dialect: Any, table: sa.Table, columns: tuple[str, ...]) -> tuple[str, list[Any]]:
    """The INSERT text and each column's bind processing, worked out once per table and dialect."""
    key = (dialect.name, table.name, columns)
    if key not in _INSERTS:
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        _INSERTS[key] = (f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})",
                         [table.c[c].type.bind_processor(dialect) for c in columns])
    return _INSERTS[key]


def _delete(connection: Connection, ids: Sequence[str]) -> None:
    for start in range(0, len(ids), IN_CHUNK):
        chunk = list(ids[start:start + IN_CHUNK])
        connection.execute(tables.report_blocks.delete().where(tables.report_blocks.c.session_id.in_(chunk)))
        connection.execute(tables.reports.delete().where(tables.reports.c.session_id.in_(chunk)))


def write_report(connection: Connection, row: Any, figures: ReportFigures, fingerprint: str) -> None:
    """Replace one session's report (``row``: its ``sessions`` row, at the revision written).
    Runs with every saved answer, so its three statements are plain driver SQL, written once."""
    now = dt.datetime.now(dt.timezone.utc)
    delete_blocks, delete_report = _single_deletes(connection.dialect.paramstyle)
    connection.exec_driver_sql(delete_blocks, (row.id,))
    connection.exec_driver_sql(delete_report, (row.id,))
    bulk_insert(connection, tables.reports, REPORT_COLUMNS,
                [_row(row.id, row.revision, fingerprint, details(row), figures, now)], replace=True)
    bulk_insert(connection, tables.report_blocks, ("session_id", "kind", "code"),
                [(row.id, "area", a) for a in figures.blocked_areas]
                + [(row.id, "ask", a) for a in figures.blocked_asks], replace=True)


def _single_deletes(paramstyle: str) -> tuple[str, str]:
    mark = "?" if paramstyle == "qmark" else "%s"
    return (f"DELETE FROM report_blocks WHERE session_id = {mark}",
            f"DELETE FROM reports WHERE session_id = {mark}")


@dataclass(frozen=True)
class ReportColumns:
    """Many sessions' reports as columns (None: not available), in one order; ``blocks`` are
    (position, kind, code) for what blocks each."""

    ids: Sequence[str]
    revisions: Sequence[int]
    details: Sequence[Details]
    verdicts: Sequence[str]
    readiness: Sequence[float | None]
    alignment: Sequence[float | None]
    resistance: Sequence[float | None]
    overestimation: Sequence[float | None]
    pairs: Sequence[int]
    areas: Sequence[str]  # JSON: area -> [score, alignment, resistance]
    blocks: Sequence[tuple[int, str, str]]


def write_reports(connection: Connection, fingerprint: str, c: ReportColumns, every: bool = False) -> None:
    """Replace many sessions' reports in one transaction (``every``: all of them, so every old
    report goes in two statements instead of one per few hundred ids)."""
    now = dt.datetime.now(dt.timezone.utc)
    if every:
        connection.execute(tables.report_blocks.delete())
        connection.execute(tables.reports.delete())
    else:
        _delete(connection, c.ids)
    alive = _existing(connection, c.ids, every)
    if len(alive) < len(c.ids):  # deleted since their answers were read: no report for them
        keep = [k for k, i in enumerate(c.ids) if i in alive]
        pick = lambda values: [values[k] for k in keep]  # noqa: E731
        moved = {old: new for new, old in enumerate(keep)}
        c = ReportColumns(pick(c.ids), pick(c.revisions), pick(c.details), pick(c.verdicts), pick(c.readiness),
                          pick(c.alignment), pick(c.resistance), pick(c.overestimation), pick(c.pairs),
                          pick(c.areas), [(moved[k], kind, code) for k, kind, code in c.blocks if k in moved])
    bulk_insert(connection, tables.reports, REPORT_COLUMNS, (
        (i, rev, fingerprint, v, r, a, res, o, n, areas, d.deal, d.client, d.salesperson, d.deal_date,
         d.month, d.archived, now)
        for i, rev, d, v, r, a, res, o, n, areas in zip(c.ids, c.revisions, c.details, c.verdicts, c.readiness,
                                                        c.alignment, c.resistance, c.overestimation, c.pairs,
                                                        c.areas)), replace=True)
    bulk_insert(connection, tables.report_blocks, ("session_id", "kind", "code"),
                [(c.ids[k], kind, code) for k, kind, code in c.blocks], replace=True)


def _existing(connection: Connection, ids: Sequence[str], every: bool) -> set[str]:
    s = tables.sessions
    if every:
        return set(connection.execute(sa.select(s.c.id)).scalars())
    found: set[str] = set()
    for start in range(0, len(ids), IN_CHUNK):
        found |= set(connection.execute(sa.select(s.c.id).where(s.c.id.in_(list(ids[start:start + IN_CHUNK])))).scalars())
    return found


def stale_ids(connection: Connection, fingerprint: str) -> list[str]:
    """Sessions without a report, or whose report was computed at another revision or from
    another bank or model.

    Asked on every visit to the pipeline, and nearly always the answer is "none": a report's
    revision is never above its session's (it was read from the session, and revisions only
    grow), so when the fingerprint's reports are as many as the sessions and their revisions add
    up to the sessions', every one is current. Two scans without a join say so; only otherwise
    is each session compared with its report."""
    s, r = tables.sessions, tables.reports
    sessions = connection.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(s.c.revision), 0))).one()
    current = connection.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(r.c.revision), 0))
                                 .where(r.c.model == fingerprint)).one()
    if tuple(sessions) == tuple(current):
        return []
    query = (sa.select(s.c.id).select_from(s.outerjoin(r, r.c.session_id == s.c.id))
             .where(sa.or_(r.c.session_id.is_(None), r.c.revision != s.c.revision, r.c.model != fingerprint))
             .order_by(s.c.id))
    return list(connection.execute(query).scalars())


def fresh_verdicts(connection: Connection, fingerprint: str, ids: Sequence[str]) -> dict[str, str]:
    """The stored verdict of each of ``ids`` whose report is up to date."""
    s, r = tables.reports, tables.sessions
    found: dict[str, str] = {}
    for start in range(0, len(ids), IN_CHUNK):
        query = (sa.select(s.c.session_id, s.c.verdict).join(r, r.c.id == s.c.session_id)
                 .where(s.c.session_id.in_(list(ids[start:start + IN_CHUNK])), s.c.revision == r.c.revision,
                        s.c.model == fingerprint))
        found.update(dict(connection.execute(query).all()))
    return found


@dataclass(frozen=True)
class AnswerColumns:
    """Stored answers of many sessions as columns (plain data for ``scoring.columns``)."""

    ids: list[str]
    revisions: list[int]
    details: list[Details]
    items: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, tuple[Any, ...]]]  # rows, codes, values


def _sessions(connection: Connection, ids: Collection[str] | None) -> list[Any]:
    s, c = tables.sessions, tables.completions
    done = sa.select(sa.func.count()).where(c.c.session_id == s.c.id).scalar_subquery()
    query = sa.select(s.c.id, s.c.revision, s.c.deal, s.c.people, s.c.created_at, s.c.mode,
                      s.c.archived, done.label("completed")).order_by(s.c.id)
    if ids is None:
        return list(connection.execute(query).all())
    wanted = sorted(set(ids))
    rows: list[Any] = []
    for start in range(0, len(wanted), IN_CHUNK):
        rows += connection.execute(query.where(s.c.id.in_(wanted[start:start + IN_CHUNK]))).all()
    return sorted(rows, key=lambda r: r.id)


def _fetch(connection: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """All rows of a query through the driver's cursor, with the garbage collector paused: it
    would otherwise walk every tuple made so far, again and again, as millions are made."""
    cursor = connection.connection.cursor()
    enabled = gc.isenabled()
    gc.disable()
    try:
        cursor.execute(sql, params) if params else cursor.execute(sql)
        return cursor.fetchall()
    finally:
        if enabled:
            gc.enable()
        cursor.close()


def read_answers(connection: Connection, bank: Bank, ids: Collection[str] | None = None,
                 questions: Collection[str] | None = None) -> AnswerColumns:
    """The stored answers of the sessions ``ids`` (default: every session), only ``questions``
    (default: all), as columns; every distinct stored value checked against the bank."""
    sessions = _sessions(connection, ids)
    keys = [(p, q.id) for q in bank.questions if questions is None or q.id in questions
            for p in q.answered_by]
    code_of = {k: i for i, k in enumerate(keys)}
    position = {r.id: i for i, r in enumerate(sessions)}
    if ids is None:
        rows, items, texts = _every(connection, keys, position)
    else:
        rows, items, texts = _some(connection, [r.id for r in sessions], code_of, position)
    # what the supplier's side may see (storage.access.party_view): in blind mode, until both
    # parties are complete, none of the client's answers
    sealed = np.array([r.mode == "blind" and r.completed < len(PARTIES) for r in sessions], dtype=bool)
    if sealed.any():
        client_item = np.array([p == "client" for p, _ in keys], dtype=bool)
        keep = ~(sealed[rows] & client_item[items])
        rows, items, texts = rows[keep], items[keep], [t for t, k in zip(texts, keep.tolist()) if k]
    value_codes, uniques = pd.factorize(np.array(texts, dtype=object))
    del texts
    # item numbers fit 16 bits, for which numpy's stable sort is a radix sort (several times faster)
    order = np.argsort(items.astype(np.int16) if len(keys) < 2**15 else items, kind="stable")
    bounds = np.searchsorted(items[order], np.arange(len(keys) + 1))
    out: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, tuple[Any, ...]]] = {}
    for k, key in enumerate(keys):
        pick = order[bounds[k]:bounds[k + 1]]
        if not len(pick):
            continue
        local, distinct = pd.factorize(value_codes[pick])
        item_rows = rows[pick]
        example = lambda j, r=item_rows, c=local: sessions[int(r[np.argmax(c == j)])].id  # noqa: E731
        values = tuple(_decode(bank, key, uniques[d], example, j) for j, d in enumerate(distinct))
        out[key] = (item_rows, local.astype(np.int64), values)
    return AnswerColumns([r.id for r in sessions], [r.revision for r in sessions],
                         [details(r) for r in sessions], out)


def _some(connection: Connection, ids: list[str], code_of: dict[tuple[str, str], int],
          position: dict[str, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """A few sessions' answers, by the primary key."""
    a = tables.answers
    found: list[tuple[int, int, str]] = []
    for start in range(0, len(ids), IN_CHUNK):
        query = sa.select(a.c.session_id, a.c.party, a.c.question_id, a.c.value).where(
            a.c.session_id.in_(ids[start:start + IN_CHUNK]), a.c.value.is_not(None))
        found += [(position[sid], code_of[(p, q)], v) for sid, p, q, v in connection.execute(query)
                  if (p, q) in code_of]
    return (np.array([f[0] for f in found], dtype=np.int64), np.array([f[1] for f in found], dtype=np.int64),
            [f[2] for f in found])


OFFSET = 48  # item numbers travel as the characters chr(48 + number), clear of control characters
SEPARATOR = "\x1e"  # never in stored JSON text: json.dumps escapes every control character


def _every(connection: Connection, keys: list[tuple[str, str]],
           position: dict[str, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every session's answers in one pass: the database hands back one row per session with
    its item numbers as a string of characters and its value texts joined by a separator, so
    Python handles 100,000 rows instead of ten million, and numpy reads the item numbers."""
    metadata = sa.MetaData()
    item = sa.Table("gw_items", metadata, sa.Column("party", sa.String(16), primary_key=True),
                    sa.Column("question_id", sa.String(64), primary_key=True),
                    sa.Column("code", sa.Integer), prefixes=["TEMPORARY"])
    if connection.dialect.name == "postgresql":
        aggregate = (f"string_agg(chr({OFFSET} + i.code), '' ORDER BY i.code), "
                     f"string_agg(a.value, chr(30) ORDER BY i.code)")
    else:  # SQLite: both aggregates run over the group's rows in one pass, in the same order
        aggregate = f"group_concat(char({OFFSET} + i.code), ''), group_concat(a.value, char(30))"
    metadata.create_all(connection)
    try:
        bulk_insert(connection, item, ("party", "question_id", "code"),
                    ((p, q, i) for i, (p, q) in enumerate(keys)))
        found = _fetch(connection, f"SELECT a.session_id, {aggregate} FROM answers a "
                       "JOIN gw_items i ON i.party = a.party AND i.question_id = a.question_id "
                       "WHERE a.value IS NOT NULL GROUP BY a.session_id")
    finally:
        metadata.drop_all(connection)
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    sids, numbers, values = zip(*found)
    counts = np.fromiter((len(x) for x in numbers), dtype=np.int64, count=len(numbers))
    items = np.frombuffer("".join(numbers).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) - OFFSET
    texts = SEPARATOR.join(values).split(SEPARATOR)
    if len(texts) != len(items):
        raise CorruptRow("a stored answer holds a control character that stored JSON never has")
    rows = np.repeat(np.fromiter((position[s] for s in sids), dtype=np.int64, count=len(sids)), counts)
    return rows, items, texts


def _decode(bank: Bank, key: tuple[str, str], text: str, example: Any, j: int) -> Any:
    """One distinct stored value, checked against the bank; ``example(j)`` names a session
    holding it (worked out only for the message)."""
    party, qid = key
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise CorruptRow(f"session {example(j)}: stored answer {party}.{qid} is not valid JSON: {exc}") from None
    if (why := value_problem(bank.by_id[qid], value)) is not None:
        raise CorruptRow(f"session {example(j)}: stored answer {party}.{qid}: {why}")
    return value


__all__ = ["AnswerColumns", "Details", "PARTIES", "ReportColumns", "read_answers", "stale_ids",
           "write_report", "write_reports"]
