"""Fixtures and helpers for the storage tests: a database per test on every backend.

``db_url`` is a fresh SQLite file in tmp_path, and, when GROUNDWORK_TEST_POSTGRES_URL is set, a
fresh PostgreSQL schema that is dropped afterwards. The URL itself carries the schema, so a
subprocess given the URL sees the same tables.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import sqlalchemy as sa

from questions.schema import Area, Bank, Question, SubDimension, Wording
from structured_answers import example_duration, example_rows
from questions.session import Session, parse_session

ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "GROUNDWORK_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")]),
]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'groundwork.db'}"
        return
    from storage.db import normalize_url
    base = sa.make_url(normalize_url(os.environ[PG_ENV]))
    schema = f"gw_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def open_store(db_url: str, bank: Bank) -> Iterator[Callable[..., Any]]:
    """Open stores on this test's database (a new engine each call, like a restart); every
    engine is disposed at the end so the backend can drop the schema."""
    from storage import Store
    opened = []

    def _open(with_bank: Bank | None = None) -> Store:
        store = Store.open(db_url, bank=with_bank or bank)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.engine.dispose()


@pytest.fixture
def store(open_store):
    return open_store()


def synthetic_bank(count: int = 200) -> Bank:
    """A bank of ``count`` mirrored likert questions, so concurrent writers each own distinct
    (party, question) keys whatever size the real bank has."""
    area = Area(id="load", title="Load", weight=1.0, subs=[SubDimension(id="all", title="All")])
    return Bank(areas=(area,), questions=tuple(
        Question(id=f"q{i:04d}", area="load", sub="all", type="likert", parties="both",
                 text=Wording(supplier=f"Supplier {i}", client=f"Client {i}"), help="load")
        for i in range(count)))


def empty_session(name: str = "Acme rollout") -> Session:
    return parse_session({
        "format": "groundwork.session/1",
        "deal": {"name": name, "supplier": "Northwind", "client": "Acme", "date": "2026-11-23"},
        "people": {"supplier": "Sam Seller", "client": "Cleo Client"},
        "goals": [{"id": "g1", "text": "Cut onboarding from 30 to 10 days"},
                  {"id": "g2", "text": "Go live before the <b>audit</b> & \"review\""}],
    })


def sample_value(question: Question, salt: int = 0) -> Any:
    """A valid answer of every type, varied by ``salt``, with hostile text to prove it is kept
    literally."""
    kind = question.type
    if kind in ("likert", "frequency"):
        return 1 + (len(question.id) + salt) % 5
    if kind == "choice":
        return question.options[salt % len(question.options)].id
    if kind == "multi":
        return [o.id for o in question.options[: 1 + salt % 2]]
    if kind == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 100
        return low + (salt % 3) * (high - low) / 4 if high > low else low
    if kind == "date":
        return (dt.date(2026, 12, 1) + dt.timedelta(days=salt)).isoformat()
    if kind == "rows":
        return example_rows(question, salt)
    if kind == "duration":
        return example_duration(salt)
    return f"<script>alert({salt})</script> {{{{ jinja }}}} **md** é"[: question.max_length]


def full_session(bank: Bank, salt: int = 0) -> Session:
    """Every question answered by every party that answers it."""
    answers: dict[str, dict[str, Any]] = {"supplier": {}, "client": {}}
    for question in bank.questions:
        for party in question.answered_by:
            answers[party][question.id] = sample_value(question, salt)
    return empty_session().model_copy(update={"answers": answers})


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
