"""Databases as Groundwork's hand-written schema versions 1-4 created them, for the upgrade tests.

The tables are frozen here as those versions defined them (storage/tables.py of the time; no
table changed shape between versions), independent of storage's code, and created the way that
storage/migrations.py did: each version's tables, then the version's number in schema_version.
Every table gets rows that the upgraded database must still hold, byte for byte.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
from typing import Any

import sqlalchemy as sa

from answers_support import empty_session

OLD = sa.MetaData()
UTC_DATETIME = sa.DateTime(timezone=True)


def _session_id(**kwargs: Any) -> sa.Column:
    return sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                     **kwargs)


sa.Table("sessions", OLD,
         sa.Column("id", sa.String(32), primary_key=True),
         sa.Column("deal", sa.Text, nullable=False),
         sa.Column("people", sa.Text, nullable=False),
         sa.Column("goals", sa.Text, nullable=False),
         sa.Column("mode", sa.String(16), nullable=False),
         sa.Column("archived", sa.Boolean, nullable=False, default=False),
         sa.Column("revision", sa.Integer, nullable=False, default=0),
         sa.Column("created_at", UTC_DATETIME, nullable=False),
         sa.Column("updated_at", UTC_DATETIME, nullable=False))
sa.Table("answers", OLD,
         _session_id(primary_key=True),
         sa.Column("party", sa.String(16), primary_key=True),
         sa.Column("question_id", sa.String(64), primary_key=True),
         sa.Column("value", sa.Text, nullable=True),
         sa.Column("revision", sa.Integer, nullable=False),
         sa.Column("answered_at", UTC_DATETIME, nullable=False),
         sa.Column("answered_by", sa.String(200), nullable=False, default=""),
         sa.Index("ix_answers_session_revision", "session_id", "revision"))
sa.Table("links", OLD,
         sa.Column("token_hash", sa.String(64), primary_key=True),
         _session_id(nullable=False, index=True),
         sa.Column("party", sa.String(16), nullable=False),
         sa.Column("created_at", UTC_DATETIME, nullable=False),
         sa.Column("revoked_at", UTC_DATETIME, nullable=True))
sa.Table("completions", OLD,
         _session_id(primary_key=True),
         sa.Column("party", sa.String(16), primary_key=True),
         sa.Column("completed_at", UTC_DATETIME, nullable=False))
sa.Table("drafts", OLD,
         _session_id(primary_key=True),
         sa.Column("edited", sa.Text, nullable=False),
         sa.Column("drafted", sa.Text, nullable=False),
         sa.Column("agreed", sa.Text, nullable=False),
         sa.Column("fingerprint", sa.String(64), nullable=False),
         sa.Column("updated_at", UTC_DATETIME, nullable=False))
sa.Table("mode_requests", OLD,
         _session_id(primary_key=True),
         sa.Column("party", sa.String(16), primary_key=True),
         sa.Column("mode", sa.String(16), nullable=False),
         sa.Column("requested_at", UTC_DATETIME, nullable=False))
sa.Table("schema_version", OLD,
         sa.Column("version", sa.Integer, primary_key=True),
         sa.Column("applied_at", UTC_DATETIME, nullable=False))

ADDED_IN = {1: ("sessions", "answers", "links"), 2: ("completions",), 3: ("drafts",),
            4: ("mode_requests",)}
LIVE_TOKEN, REVOKED_TOKEN = "live-token-" + "a" * 32, "revoked-token-" + "b" * 32
DRAFT_ROWS = [{"id": "client-owner", "what": "Name an owner", "owner": "Cleo", "order": 1}]


def tables_of(version: int) -> list[str]:
    return [name for v in range(1, version + 1) for name in ADDED_IN[v]]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _rows(now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Two sessions (blind and together, one archived), answers of both parties with a cleared
    one, a live and a revoked link, and a row in every later table."""
    data = json.loads(empty_session("Written before Alembic").to_json())
    details = {k: json.dumps(data[k]) for k in ("deal", "people", "goals")}
    earlier = now - dt.timedelta(days=3)
    return {
        "sessions": [
            {"id": "old-blind", **details, "mode": "blind", "archived": False, "revision": 4,
             "created_at": earlier, "updated_at": now},
            {"id": "old-together", **details, "mode": "together", "archived": True, "revision": 2,
             "created_at": earlier, "updated_at": earlier}],
        "answers": [
            {"session_id": "old-blind", "party": "client", "question_id": "goal_fit", "value": "4",
             "revision": 1, "answered_at": earlier, "answered_by": "Cleo"},
            {"session_id": "old-blind", "party": "supplier", "question_id": "goal_fit",
             "value": "2", "revision": 2, "answered_at": now, "answered_by": "Sam"},
            {"session_id": "old-blind", "party": "client", "question_id": "goal_measurable",
             "value": None, "revision": 3, "answered_at": now, "answered_by": "Cleo"},
            {"session_id": "old-together", "party": "supplier", "question_id": "goal_fit",
             "value": "5", "revision": 2, "answered_at": earlier, "answered_by": "import"}],
        "links": [
            {"token_hash": _hash(LIVE_TOKEN), "session_id": "old-blind", "party": "client",
             "created_at": earlier, "revoked_at": None},
            {"token_hash": _hash(REVOKED_TOKEN), "session_id": "old-blind", "party": "client",
             "created_at": earlier, "revoked_at": now}],
        "completions": [{"session_id": "old-blind", "party": "client", "completed_at": now}],
        "drafts": [{"session_id": "old-together", "edited": json.dumps(DRAFT_ROWS),
                    "drafted": json.dumps(DRAFT_ROWS), "agreed": json.dumps(["client-owner"]),
                    "fingerprint": "f" * 64, "updated_at": now}],
        "mode_requests": [{"session_id": "old-blind", "party": "client", "mode": "together",
                           "requested_at": now}],
    }


def create_old_database(engine: sa.Engine, version: int) -> None:
    """The database a Groundwork at hand-written schema ``version`` left, with rows in every
    table it had."""
    now = dt.datetime.now(dt.timezone.utc)
    rows = _rows(now)
    with engine.begin() as connection:
        OLD.tables["schema_version"].create(connection)
        for step in range(1, version + 1):
            for name in ADDED_IN[step]:
                OLD.tables[name].create(connection)
            connection.execute(OLD.tables["schema_version"].insert().values(version=step, applied_at=now))
        for name in tables_of(version):
            connection.execute(OLD.tables[name].insert(), rows[name])


def snapshot(engine: sa.Engine, version: int) -> dict[str, list[tuple]]:
    """Every row of every table ``version`` had, its columns read back as stored (plain SQL, no
    storage code), so a later revision may add columns but not change these."""
    def select(name: str) -> str:
        table = OLD.tables[name]
        return (f"SELECT {', '.join(c.name for c in table.columns)} FROM {name} ORDER BY "
                f"{', '.join(c.name for c in table.primary_key.columns)}")

    with engine.connect() as connection:
        return {name: [tuple(row) for row in connection.execute(sa.text(select(name)))]
                for name in tables_of(version)}


def open_at_once(url: str, processes: int) -> list[str]:
    """``processes`` programs opening the same database at the same moment (a barrier releases
    them together, after each has imported storage); the schema revision each one saw."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_open_after, args=(url, barrier, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    seen = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return seen


def _open_after(url: str, barrier: Any, results: Any) -> None:
    from storage.db import create_engine
    from storage.migrations import current_revision
    barrier.wait(timeout=60)
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            results.put(current_revision(connection))
        engine.dispose()
    except Exception as exc:  # reported to the test as a value it will not expect
        results.put(f"{type(exc).__name__}: {exc}")
