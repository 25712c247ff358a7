"""Seeded synthetic discoveries with outcomes, for tests and benchmarks (never shipped as data).

Each discovery has a hidden quality q in 0..1; the client answers around q, the supplier around
q plus its salesperson's optimism, so readiness, the verdicts, the over-estimation per
salesperson and the outcomes (won more often, delivered on time more often, as q rises) relate
the way the pipeline and the calibration report are meant to find. Values are drawn column by
column with numpy and written with the driver's executemany in primary-key order, so 100,000
discoveries (about ten million answer rows) take a minute or two, not an hour.

    write(engine, bank, n, seed) -> list of session ids
    cached_sqlite(bank, n, seed) -> path of a SQLite file with them, built once per version
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from questions import Bank

SALESPEOPLE = ("Ada Brook", "Ben Okoro", "Chloé Martin", "Dev Patel", "Eva Lind", "Femi Ade",
               "Gus Hart", "Hana Sato")
OPTIMISM = (0.0, 0.25, 0.05, 0.4, -0.1, 0.15, 0.3, 0.1)  # each salesperson's rosy lean (0..1 scale)
CLIENTS = ("Acme", "Borealis", "Cobalt", "Dunmore", "Elmwood", "Fairhaven", "Granite", "Harbor")
CACHE = Path(__file__).resolve().parent / ".cache"
ANSWERED = 0.9  # share of the questions each party answers


def _choice(rng: np.random.Generator, scores: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Index of the option whose score is nearest the level (with some noise)."""
    target = np.clip(level + rng.normal(0, 0.15, len(level)), 0, 1)
    return np.abs(scores[None, :] - target[:, None]).argmin(axis=1)


def _values(rng: np.random.Generator, bank: Bank, qid: str, level: np.ndarray, deal_day: np.ndarray,
            hours_needed: np.ndarray | None) -> list[str]:
    """JSON texts of one party's answers to one question for every discovery."""
    q = bank.by_id[qid]
    n = len(level)
    if q.type in ("likert", "frequency"):
        point = np.clip(np.rint(1 + 4 * np.clip(level + rng.normal(0, 0.12, n), 0, 1)), 1, 5).astype(int)
        point = 6 - point if q.reverse else point
        return [str(int(p)) for p in point]
    if q.type == "choice":
        options = q.options or []
        texts = np.array([json.dumps(o.id) for o in options], dtype=object)
        return list(texts[_choice(rng, np.array([o.score for o in options]), level)])
    if q.type == "multi":
        options = q.options or []
        texts = np.array([json.dumps([o.id]) for o in options] + [json.dumps([o.id for o in options[:2]])],
                         dtype=object)
        return list(texts[rng.integers(0, len(texts), n)])
    if q.type == "number":
        low = q.min if q.min is not None else 0.0
        high = q.max if q.max is not None else low + 1000.0
        if q.scoring is not None and q.scoring.ratio_to is not None and hours_needed is not None:
            value = np.clip(np.rint(hours_needed * np.clip(level * 1.3 + rng.normal(0, 0.1, n), 0.2, 1.5)), low, high)
        else:
            value = np.rint(low + (high - low) * np.clip(0.05 + 0.3 * level + rng.normal(0, 0.05, n), 0, 1))
        return [str(int(v)) for v in value]
    if q.type == "duration":
        weeks = np.clip(np.rint(2 + 20 * np.clip(level + rng.normal(0, 0.1, n), 0, 1)), 1, 52).astype(int)
        return [json.dumps({"amount": int(w), "unit": "weeks"}) for w in weeks]
    if q.type == "date":
        days = deal_day + rng.integers(30, 300, n)
        return [json.dumps((dt.date(1970, 1, 1) + dt.timedelta(days=int(d))).isoformat()) for d in days]
    return [json.dumps(f"Synthetic note {i % 97}") for i in range(n)]


def discoveries(bank: Bank, n: int, seed: int) -> dict[str, Any]:
    """Everything about n discoveries as columns: sessions, answers (per item) and outcomes."""
    rng = np.random.default_rng(seed)
    quality = rng.beta(2.2, 1.8, n)
    person = rng.integers(0, len(SALESPEOPLE), n)
    optimism = np.array(OPTIMISM)[person]
    start = (dt.date(2025, 1, 1) - dt.date(1970, 1, 1)).days
    deal_day = start + rng.integers(0, 700, n)
    hours_needed = np.rint(rng.uniform(8, 60, n))
    answers: dict[tuple[str, str], tuple[np.ndarray, list[str]]] = {}
    for q in bank.questions:
        if q.type == "rows":  # tables (dates, deliverables, people) feed the agreement, not scores
            continue
        for party in q.answered_by:
            level = np.clip(quality + (optimism if party == "supplier" else 0.0), 0, 1)
            if q.id == "hours_required":
                texts = [str(int(h)) for h in hours_needed]
            else:
                texts = _values(rng, bank, q.id, level, deal_day, hours_needed)
            answered = rng.random(n) < ANSWERED
            if q.dont_know:
                texts = [json.dumps("dont_know") if r < 0.03 else t for r, t in zip(rng.random(n), texts)]
            answers[(party, q.id)] = (np.flatnonzero(answered), texts)
    won_chance = 1 / (1 + np.exp(-(quality - 0.55) * 8))
    roll = rng.random(n)
    sales = np.where(roll < 0.15, None, np.where(rng.random(n) < won_chance, "won",
                                                  np.where(rng.random(n) < 0.7, "lost", "no_decision")))
    sales = np.where((sales == "lost") & (rng.random(n) < 0.15), "walked_away", sales)
    on_time = rng.random(n) < 1 / (1 + np.exp(-(quality - 0.5) * 6))
    delivery = np.where((sales == "won") & (rng.random(n) < 0.8), np.where(on_time, "on_time",
                        np.where(rng.random(n) < 0.7, "late", "failed")), None)
    ids = [f"syn{seed:03d}{i:09d}" for i in range(n)]
    return {"ids": ids, "person": person, "deal_day": deal_day, "answers": answers, "sales": sales,
            "delivery": delivery}


def write(engine: Any, bank: Bank, n: int, seed: int = 1) -> list[str]:
    """Insert n synthetic discoveries with their outcomes (ids ``syn<seed><number>``)."""
    from storage import tables
    from storage.reports import bulk_insert

    d = discoveries(bank, n, seed)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    day = lambda k: dt.date(1970, 1, 1) + dt.timedelta(days=int(k))  # noqa: E731
    with engine.begin() as connection:
        bulk_insert(connection, tables.sessions, ("id", "deal", "people", "goals", "mode", "archived",
                                                  "revision", "created_at", "updated_at"),
                    ((sid, json.dumps({"name": f"Deal {i:06d}", "supplier": "Northwind",
                                       "client": f"{CLIENTS[i % len(CLIENTS)]} {i % 1000}",
                                       "date": day(d["deal_day"][i]).isoformat()}),
                      json.dumps({"supplier": SALESPEOPLE[d["person"][i]], "client": f"Client {i}"}),
                      "[]", "together", False, 1, now, now) for i, sid in enumerate(d["ids"])))
        order = list(d["answers"])
        by_session: list[list[tuple[str, str, str]]] = [[] for _ in range(n)]
        for party, qid in sorted(order):
            rows, texts = d["answers"][(party, qid)]
            for r in rows.tolist():
                by_session[r].append((party, qid, texts[r]))
        stamp = tables.answers.c.answered_at.type.bind_processor(connection.dialect)
        when = stamp(now) if stamp else now
        raw = "INSERT INTO answers (session_id, party, question_id, value, revision, answered_at, answered_by) " \
              + ("VALUES (?, ?, ?, ?, 1, ?, 'synthetic')" if connection.dialect.paramstyle == "qmark"
                 else "VALUES (%s, %s, %s, %s, 1, %s, 'synthetic')")
        chunk: list[tuple] = []
        for i, sid in enumerate(d["ids"]):
            chunk += [(sid, p, q, v, when) for p, q, v in by_session[i]]
            if len(chunk) > 200_000:
                connection.exec_driver_sql(raw, chunk)
                chunk = []
        if chunk:
            connection.exec_driver_sql(raw, chunk)
        bulk_insert(connection, tables.outcomes, ("session_id", "sales", "sales_date", "delivery",
                                                  "delivery_note", "updated_at"),
                    ((sid, s, day(d["deal_day"][i] + 45), d["delivery"][i], "", now)
                     for i, (sid, s) in enumerate(zip(d["ids"], d["sales"])) if s is not None))
    return d["ids"]


def cached_sqlite(bank: Bank, n: int, seed: int = 1) -> Path:
    """A SQLite file holding n synthetic discoveries, generated once per (n, seed, generator,
    bank, schema) and kept in bench/.cache/ (ignored by git)."""
    from storage.db import make_engine
    from storage.migrations import SCRIPTS, migrate

    schema = "".join(p.read_text() for p in sorted((SCRIPTS / "versions").glob("*.py")))
    key = hashlib.sha256((Path(__file__).read_text() + bank.model_dump_json() + schema).encode()).hexdigest()[:12]
    path = CACHE / f"synthetic-{n}-{seed}-{key}.db"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    for old in CACHE.glob(f"synthetic-{n}-{seed}-*.db*"):
        old.unlink()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{building}")
    try:
        migrate(engine)
        write(engine, bank, n, seed)
    finally:
        engine.dispose()
    shutil.move(building, path)
    return path
