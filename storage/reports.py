"""Each discovery's stored report: written when its answers change, read in bulk for rescoring.

A report holds the figures scoring computed (handed in as plain :class:`ReportFigures`: storage
never imports scoring), the session revision and the bank-and-model fingerprint they were
computed at, and the deal details the pipeline filters and groups by. A report whose revision or
fingerprint differs from the session's is *stale* (:func:`stale_ids`) and is computed again.

Rescoring many discoveries reads their answers as columns (:func:`read_answers`): one row per
discovery, from its current answer copy (:mod:`storage.answer_copies`) or, where it has none,
grouped by the database from the answers table; each column's distinct value texts are decoded
and checked against the bank once, not once per answer.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from questions.schema import PARTIES, Bank
from questions.session import value_problem

from . import answer_copies, tables
from .answer_copies import OFFSET, SEPARATOR, Layout
from .records import CorruptRow, ReportFigures

IN_CHUNK = 500  # ids per IN (...) list
log = logging.getLogger(__name__)


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
        if not (isinstance(deal, dict) and isinstance(people, dict)):
            raise TypeError("not a JSON object")
        day = dt.date.fromisoformat(deal["date"]) if deal.get("date") else None
    except (TypeError, KeyError, ValueError):  # json.JSONDecodeError is a ValueError
        raise CorruptRow(f"session {row.id}: stored details cannot be read") from None
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


def write_report(connection: Connection, row: Any, figures: ReportFigures, fingerprint: str,
                 copy: tuple[Layout, str, str] | None = None) -> None:
    """Replace one session's report (``row``: its ``sessions`` row, at the revision written) and,
    given one, its answer copy (the layout, the item numbers and the texts, read in this
    transaction after ``row``). Runs with every saved answer, so its statements are plain driver
    SQL, written once."""
    now = dt.datetime.now(dt.timezone.utc)
    delete_blocks, delete_report = _single_deletes(connection.dialect.paramstyle)
    connection.exec_driver_sql(delete_blocks, (row.id,))
    connection.exec_driver_sql(delete_report, (row.id,))
    bulk_insert(connection, tables.reports, REPORT_COLUMNS,
                [_row(row.id, row.revision, fingerprint, details(row), figures, now)], replace=True)
    bulk_insert(connection, tables.report_blocks, ("session_id", "kind", "code"),
                [(row.id, "area", a) for a in figures.blocked_areas]
                + [(row.id, "ask", a) for a in figures.blocked_asks], replace=True)
    if copy is not None:
        layout, numbers, texts = copy
        write_copies(connection, layout, [(row.id, row.revision, numbers, texts)])


def write_copies(connection: Connection, layout: Layout, copies: Sequence[tuple[str, int, str, str]]) -> None:
    """Store answer copies (session id, revision, item numbers, texts), replacing older ones."""
    bulk_insert(connection, tables.answer_copies, answer_copies.COLUMNS, answer_copies.rows(layout, copies),
                replace=True)


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
    copies: Sequence[tuple[str, int, str, str]] = ()  # answer copies read afresh (AnswerColumns.copies)


def write_reports(connection: Connection, fingerprint: str, c: ReportColumns, every: bool = False,
                  layout: Layout | None = None) -> None:
    """Replace many sessions' reports in one transaction (``every``: all of them, so every old
    report goes in two statements instead of one per few hundred ids), with the answer copies
    the rescoring made under ``layout``."""
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
                          pick(c.areas), [(moved[k], kind, code) for k, kind, code in c.blocks if k in moved],
                          [copy for copy in c.copies if copy[0] in alive])
    bulk_insert(connection, tables.reports, REPORT_COLUMNS, (
        (i, rev, fingerprint, v, r, a, res, o, n, areas, d.deal, d.client, d.salesperson, d.deal_date,
         d.month, d.archived, now)
        for i, rev, d, v, r, a, res, o, n, areas in zip(c.ids, c.revisions, c.details, c.verdicts, c.readiness,
                                                        c.alignment, c.resistance, c.overestimation, c.pairs,
                                                        c.areas)), replace=True)
    bulk_insert(connection, tables.report_blocks, ("session_id", "kind", "code"),
                [(c.ids[k], kind, code) for k, kind, code in c.blocks], replace=True)
    if layout is not None:
        write_copies(connection, layout, c.copies)


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
    # the answer copies made while reading, for sessions that had no current one: (session id,
    # revision, item numbers, texts), stored with the reports (write_reports)
    copies: list[tuple[str, int, str, str]] = field(default_factory=list)


def _sessions(connection: Connection, ids: Collection[str] | None) -> list[Any]:
    s, c = tables.sessions, tables.completions
    done = sa.select(sa.func.count()).where(c.c.session_id == s.c.id).scalar_subquery()
    query = sa.select(s.c.id, s.c.revision, s.c.deal, s.c.people, s.c.created_at, s.c.mode,
                      s.c.archived, done.label("completed")).order_by(s.c.id)
    if ids is None:
        return list(connection.execute(query).all())
    if len(ids) >= BULK:  # one pass over the table beats hundreds of id lists
        return [r for r in connection.execute(query).all() if r.id in ids]
    wanted = sorted(set(ids))
    rows: list[Any] = []
    for start in range(0, len(wanted), IN_CHUNK):
        rows += connection.execute(query.where(s.c.id.in_(wanted[start:start + IN_CHUNK]))).all()
    return sorted(rows, key=lambda r: r.id)


BULK = 2000  # from this many sessions on, answers are read in one pass, copies first


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
                 questions: Collection[str] | None = None, layout: Layout | None = None) -> AnswerColumns:
    """The stored answers of the sessions ``ids`` (default: every session), only ``questions``
    (default: all), as columns; every distinct stored value checked against the bank."""
    layout = layout or Layout.of(bank)
    sessions = _sessions(connection, ids)
    if ids is None or len(ids) >= BULK:
        grouped, made = _in_bulk(connection, layout, sessions)
    else:
        grouped = made = _grouped(connection, layout, [r.id for r in sessions])
    revision = {r.id: r.revision for r in sessions}
    copies = [(sid, revision[sid], numbers, texts) for sid, numbers, texts in made]
    keys = layout.keys
    position = {r.id: i for i, r in enumerate(sessions)}
    rows, items, texts = _columns(grouped, position)
    keep = np.array([questions is None or q in questions for _, q in keys], dtype=bool)[items]
    # what the supplier's side may see (storage.access.party_view): in blind mode, until both
    # parties are complete, none of the client's answers
    sealed = np.array([r.mode == "blind" and r.completed < len(PARTIES) for r in sessions], dtype=bool)
    if sealed.any():
        client_item = np.array([p == "client" for p, _ in keys], dtype=bool)
        keep &= ~(sealed[rows] & client_item[items])
    rows, items = rows[keep], items[keep]
    value_codes, uniques = pd.factorize(texts[keep])
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
                         [details(r) for r in sessions], out, copies)


Grouped = list[tuple[str, str, str]]  # (session id, item numbers, texts) per session


def _in_bulk(connection: Connection, layout: Layout, sessions: list[Any]) -> tuple[Grouped, Grouped]:
    """Every one of ``sessions``' answers, one row per session: its current copy where it has
    one, else grouped from the answers table. Returns all of them and those grouped afresh."""
    copies = answer_copies.read_current(connection, layout, {r.id: r.revision for r in sessions}, _fetch)
    damaged = [c for c in copies if not answer_copies.intact(layout, c[1], c[2])]
    if damaged:  # only a copy: read from the answer rows, and copied anew
        log.warning("answer copies of %d sessions (%s, ...) are damaged; reading their answers instead",
                    len(damaged), damaged[0][0])
        copies = [c for c in copies if answer_copies.intact(layout, c[1], c[2])]
    have = {sid for sid, _, _ in copies}
    missing = [r.id for r in sessions if r.id not in have]
    if not missing:
        return copies, []
    if len(missing) < BULK:
        made = _grouped(connection, layout, missing)
    else:
        wanted = set(missing)
        made = [g for g in _grouped(connection, layout, None) if g[0] in wanted]
        found = {g[0] for g in made}  # a session with no answers has no group: an empty copy
        made += [(sid, "", "") for sid in missing if sid not in found]
    return copies + made, made


def _grouped(connection: Connection, layout: Layout, ids: list[str] | None) -> Grouped:
    """The answers of the sessions ``ids`` (every session: None), one row per session: the
    database hands back each session's item numbers as a string of characters and its value
    texts joined by a separator, so Python handles one row per session instead of one per
    answer, and numpy reads the item numbers. Given ``ids``, those without answers get an
    empty row."""
    metadata = sa.MetaData()
    item = sa.Table("gw_items", metadata, sa.Column("party", sa.String(16), primary_key=True),
                    sa.Column("question_id", sa.String(64), primary_key=True),
                    sa.Column("code", sa.Integer), prefixes=["TEMPORARY"])
    if connection.dialect.name == "postgresql":
        aggregate = (f"string_agg(chr({OFFSET} + i.code), '' ORDER BY i.code), "
                     f"string_agg(a.value, chr(30) ORDER BY i.code)")
    else:  # SQLite: both aggregates run over the group's rows in one pass, in the same order
        aggregate = f"group_concat(char({OFFSET} + i.code), ''), group_concat(a.value, char(30))"
    sql = (f"SELECT a.session_id, {aggregate} FROM answers a "
           "JOIN gw_items i ON i.party = a.party AND i.question_id = a.question_id "
           "WHERE a.value IS NOT NULL{} GROUP BY a.session_id")
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    metadata.create_all(connection)
    try:
        bulk_insert(connection, item, ("party", "question_id", "code"),
                    ((p, q, i) for i, (p, q) in enumerate(layout.keys)))
        if ids is None:
            return _fetch(connection, sql.format(""))
        found: Grouped = []
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start:start + IN_CHUNK]
            found += _fetch(connection, sql.format(f" AND a.session_id IN ({', '.join([mark] * len(chunk))})"),
                            chunk)
    finally:
        metadata.drop_all(connection)
    have = {g[0] for g in found}
    return found + [(sid, "", "") for sid in ids if sid not in have]


def _columns(grouped: Grouped, position: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per session as (session position, item number, JSON text) per answer."""
    grouped = [g for g in grouped if g[1]]  # an empty copy: no answers
    if not grouped:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    sids, numbers, values = zip(*grouped)
    counts = np.fromiter((len(x) for x in numbers), dtype=np.int64, count=len(numbers))
    items = np.frombuffer("".join(numbers).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) - OFFSET
    texts = np.array(SEPARATOR.join(values).split(SEPARATOR), dtype=object)
    if len(texts) != len(items):
        sid = next(s for s, n, v in zip(sids, numbers, values) if v.count(SEPARATOR) + 1 != len(n))
        raise CorruptRow(f"session {sid}: a stored answer holds a control character that stored JSON "
                         "never has")
    rows = np.repeat(np.fromiter((position[s] for s in sids), dtype=np.int64, count=len(sids)), counts)
    return rows, items, texts


def _decode(bank: Bank, key: tuple[str, str], text: str, example: Any, j: int) -> Any:
    """One distinct stored value, checked against the bank; ``example(j)`` names a session
    holding it (worked out only for the message)."""
    party, qid = key
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        raise CorruptRow(f"session {example(j)}: stored answer {party}.{qid} is not valid JSON") from None
    if (why := value_problem(bank.by_id[qid], value)) is not None:
        raise CorruptRow(f"session {example(j)}: stored answer {party}.{qid}: {why}")
    return value


__all__ = ["AnswerColumns", "Details", "PARTIES", "ReportColumns", "read_answers", "stale_ids",
           "write_report", "write_reports"]
