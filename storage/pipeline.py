"""The pipeline view's data: every discovery's stored figures and outcome, and the aggregates
its charts draw, each one SQL statement over the stored reports (nothing is rescored here).

Statements are built with SQLAlchemy Core (the same on SQLite and PostgreSQL) and run through
the driver's cursor, so 100,000 rows come back as plain tuples without a Row object each.
Every statement applies the same :class:`PipelineFilter`, so the table and the charts always
describe the same discoveries.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import tables
from .reports import _fetch
from .transactions import reading

ROW_COLUMNS = ("id", "deal", "client", "salesperson", "deal_date", "month", "stage", "verdict",
               "readiness", "alignment", "resistance", "sales", "sales_date", "delivery")
STAGES = ("answering", "one_side_complete", "both_complete", "outcome_logged", "delivered")


@dataclass(frozen=True)
class PipelineFilter:
    """Which discoveries: a search over deal, client and salesperson; any of the listed
    salespeople, verdicts and sales outcomes ("none": not logged yet); months "YYYY-MM" from and
    to (inclusive); archived ones only when asked."""

    search: str = ""
    salespeople: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    sales: tuple[str, ...] = ()
    month_from: str = ""
    month_to: str = ""
    include_archived: bool = False
    limit: int | None = None  # rows at most (most recent first); the aggregates count them all


@dataclass(frozen=True)
class PipelineData:
    rows: dict[str, list[Any]]  # column -> values, ROW_COLUMNS, most recent month first
    verdict_by_month: list[tuple[str, str, int]]  # (month, verdict, discoveries)
    blocks: list[tuple[str, str, int]]  # (kind, code, discoveries it blocks)
    overestimation: list[tuple[str, float, int]]  # (salesperson, mean, deals behind it)

    @property
    def count(self) -> int:
        """Rows returned (at most the filter's ``limit``)."""
        return len(self.rows["id"])

    @property
    def total(self) -> int:
        """Discoveries the filter selects, rows returned or not."""
        return sum(n for _, _, n in self.verdict_by_month)


def _like(search: str) -> str:
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _base(f: PipelineFilter, rows: bool = False) -> tuple[sa.FromClause, list[Any]]:
    """The stored reports joined with what ``f`` (and, for the table's ``rows``, the outcome and
    the completion count) needs, and the filter's conditions. An aggregate joins no table it
    does not read: each join costs a lookup per report."""
    r, o, c = tables.reports, tables.outcomes, tables.completions
    joined: sa.FromClause = r
    if rows or f.sales:
        joined = joined.outerjoin(o, o.c.session_id == r.c.session_id)
    if rows:
        done = (sa.select(c.c.session_id, sa.func.count().label("n")).group_by(c.c.session_id)
                .subquery("done"))
        joined = joined.outerjoin(done, done.c.session_id == r.c.session_id)
    where: list[Any] = []
    if not f.include_archived:
        where.append(r.c.archived.is_(False))
    if f.search.strip():
        pattern = _like(f.search)
        where.append(sa.or_(*(sa.func.lower(col).like(pattern, escape="\\")
                              for col in (r.c.deal, r.c.client, r.c.salesperson))))
    if f.salespeople:
        where.append(r.c.salesperson.in_(list(f.salespeople)))
    if f.verdicts:
        where.append(r.c.verdict.in_(list(f.verdicts)))
    if f.sales:
        logged = [x for x in f.sales if x != "none"]
        options = [o.c.sales.in_(logged)] if logged else []
        if "none" in f.sales:
            options.append(o.c.sales.is_(None))
        where.append(sa.or_(*options))
    if f.month_from:
        where.append(r.c.month >= f.month_from)
    if f.month_to:
        where.append(r.c.month <= f.month_to)
    return joined, where


def statements(f: PipelineFilter = PipelineFilter()) -> dict[str, sa.Select]:
    """The statements behind the view, by name (the benchmark runs the same ones bare)."""
    r, o, b = tables.reports, tables.outcomes, tables.report_blocks
    with_rows, row_where = _base(f, rows=True)
    joined, where = _base(f)
    completed = sa.literal_column("done.n")  # the completion count joined in by _base
    stage = sa.case((o.c.delivery.is_not(None), "delivered"), (o.c.sales.is_not(None), "outcome_logged"),
                    (completed >= 2, "both_complete"), (completed >= 1, "one_side_complete"),
                    else_="answering")
    rows = (sa.select(r.c.session_id, r.c.deal, r.c.client, r.c.salesperson, r.c.deal_date, r.c.month,
                      stage, r.c.verdict, r.c.readiness, r.c.alignment, r.c.resistance, o.c.sales,
                      o.c.sales_date, o.c.delivery)
            .select_from(with_rows).where(*row_where).order_by(r.c.month.desc(), r.c.deal, r.c.session_id)
            .limit(f.limit))
    mix = (sa.select(r.c.month, r.c.verdict, sa.func.count()).select_from(joined).where(*where)
           .group_by(r.c.month, r.c.verdict).order_by(r.c.month, r.c.verdict))
    # the blocks of the selected reports: an IN (...) lets the database walk the reports once
    # and each one's blocks by key, where a join looked a report up for every block
    selected = sa.select(r.c.session_id).select_from(joined).where(*where)
    blocks = (sa.select(b.c.kind, b.c.code, sa.func.count()).where(b.c.session_id.in_(selected))
              .group_by(b.c.kind, b.c.code).order_by(sa.func.count().desc(), b.c.kind, b.c.code))
    over = (sa.select(r.c.salesperson, sa.func.avg(r.c.overestimation), sa.func.count(r.c.overestimation))
            .select_from(joined).where(*where, r.c.overestimation.is_not(None))
            .group_by(r.c.salesperson).order_by(r.c.salesperson))
    return {"rows": rows, "verdict_by_month": mix, "blocks": blocks, "overestimation": over}


def compiled(connection: Connection, statement: sa.Select) -> tuple[str, Any]:
    """The statement as the driver's SQL text and parameters."""
    done = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = done.construct_params()
    if done.positional:
        return str(done), tuple(params[k] for k in done.positiontup or ())
    return str(done), params


def _run(connection: Connection, statement: sa.Select) -> list[tuple]:
    sql, params = compiled(connection, statement)
    return _fetch(connection, sql, params)


def _text(value: Any) -> Any:
    """Dates come back as text from SQLite and as dates from PostgreSQL: text for both."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def pipeline(engine: Engine, f: PipelineFilter = PipelineFilter()) -> PipelineData:
    """The table and the charts' figures for the discoveries ``f`` selects."""
    made = statements(f)
    with reading(engine) as connection:
        found = {name: _run(connection, stmt) for name, stmt in made.items()}
    columns: Sequence[Sequence[Any]] = list(zip(*found["rows"])) or [()] * len(ROW_COLUMNS)
    rows = {name: list(values) for name, values in zip(ROW_COLUMNS, columns)}
    for name in ("deal_date", "sales_date"):
        rows[name] = [_text(v) for v in rows[name]]
    return PipelineData(
        rows=rows,
        verdict_by_month=[(m, v, int(n)) for m, v, n in found["verdict_by_month"]],
        blocks=[(k, c, int(n)) for k, c, n in found["blocks"]],
        overestimation=[(p, float(m), int(n)) for p, m, n in found["overestimation"]])


def choices(engine: Engine) -> tuple[list[str], list[str]]:
    """Every salesperson and every month with a stored report, for the filters."""
    r = tables.reports
    with reading(engine) as connection:
        people = list(connection.execute(sa.select(r.c.salesperson).distinct().order_by(r.c.salesperson)).scalars())
        months = list(connection.execute(sa.select(r.c.month).distinct().order_by(r.c.month)).scalars())
    return people, months


@dataclass(frozen=True)
class OutcomeRows:
    """Every reported discovery with its outcome (or None), for the calibration report."""

    verdict: list[str]
    readiness: list[float | None]
    areas: list[str]  # JSON: area -> [score, alignment, resistance]
    sales: list[str | None]
    delivery: list[str | None]


def outcome_rows(engine: Engine) -> OutcomeRows:
    """Archived discoveries included: an outcome is evidence however the list is tidied."""
    r, o = tables.reports, tables.outcomes
    query = (sa.select(r.c.verdict, r.c.readiness, r.c.areas, o.c.sales, o.c.delivery)
             .select_from(r.outerjoin(o, o.c.session_id == r.c.session_id)).order_by(r.c.session_id))
    with reading(engine) as connection:
        found = _run(connection, query)
    columns = list(zip(*found)) or [()] * 5
    return OutcomeRows(*(list(c) for c in columns))
