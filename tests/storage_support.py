"""Helpers for the storage tests: the database backends, a synthetic bank for load, row counts,
writer processes. (The ``db_url``, ``open_store`` and ``store`` fixtures are
in conftest.py; valid sessions come from answers_support.)

``BACKENDS`` parametrises ``db_url``: ``@every_backend`` (or ``pytestmark = every_backend``) runs a
test on a fresh SQLite file and, when GROUNDWORK_TEST_POSTGRES_URL is set, on a fresh PostgreSQL
schema that is dropped afterwards. The URL itself carries the schema, so a subprocess given the
URL sees the same tables.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from questions.schema import Area, Bank, Question, SubDimension, Wording

ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "GROUNDWORK_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")]),
]
every_backend = pytest.mark.parametrize("db_url", BACKENDS, indirect=True)


def synthetic_bank(count: int = 200) -> Bank:
    """A bank of ``count`` mirrored likert questions, so concurrent writers each own distinct
    (party, question) keys whatever size the real bank has."""
    area = Area(id="load", title="Load", weight=1.0, subs=[SubDimension(id="all", title="All")])
    return Bank(areas=(area,), questions=tuple(
        Question(id=f"q{i:04d}", area="load", sub="all", type="likert", parties="both",
                 text=Wording(supplier=f"Supplier {i}", client=f"Client {i}"), help="load")
        for i in range(count)))


def count_rows(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(table):
                return 0
            return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def write_keys(url: str, session_id: str, keys: list[tuple[str, str]], rounds: int,
               bank_size: int) -> int:
    """A writer process: answers each of its keys ``rounds`` times, the last value being
    ``final_value(key)``; returns how many writes it made."""
    from storage import Store
    store = Store.open(url, bank=synthetic_bank(bank_size))
    writes = 0
    try:
        for r in range(rounds):
            for party, qid in keys:
                value = final_value((party, qid)) if r == rounds - 1 else 1 + (r % 5)
                store.save_answer(session_id, party, qid, value, viewer=party, by=f"pid {os.getpid()}")
                writes += 1
    finally:
        store.engine.dispose()
    return writes


def final_value(key: tuple[str, str]) -> int:
    party, qid = key
    return 1 + (int(qid[1:]) + (party == "client")) % 5


def python_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}


PYTHON = sys.executable
