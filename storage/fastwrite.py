"""One answer written to SQLite through the driver itself: the same two statements, the same
transaction and the same access rule as :meth:`storage.repo.Store.save_answer`, without
SQLAlchemy's per-statement machinery.

An answer is written on the rerun that shows it, before the page redraws (the promise that no
answer is lost), so its cost is paid on every click; through SQLAlchemy the write took about
0.7 ms of the questionnaire's rerun, half of it building and dispatching the statements. Here
both are compiled once per store (by SQLAlchemy, from the same table definitions) and run on
one driver connection from the engine's pool, kept for answers (taking one from the pool and
handing it back cost a third as much as the write itself); a lock lets one thread use it at a
time, as SQLite lets one writer in at a time anyway, and a connection that failed is dropped and
replaced on the next write. Used for the common case only: a viewer on the supplier's side of
the app (no party link to re-check) writing its own party's answer; everything else goes the
general way.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from typing import Any, Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from questions.schema import PARTIES, Bank

from .access import Viewer, comparison_possible
from .records import SessionNotFound
from .transactions import wrap

BUMP = "UPDATE sessions SET revision = revision + 1, updated_at = ? WHERE id = ? RETURNING revision, mode"
COMPLETED = "SELECT party FROM completions WHERE session_id = ?"


class SqliteAnswerWriter:
    """Writes one answer per call on ``engine``'s pool; ``upsert`` is the store's compiled
    answer upsert (storage.repo._write_statements)."""

    def __init__(self, engine: Engine, bank: Bank, upsert: Any) -> None:
        self.engine, self.bank = engine, bank
        compiled = upsert.compile(dialect=engine.dialect)
        self.upsert_sql = str(compiled)
        self.order = list(compiled.positiontup or ())
        processors = compiled._bind_processors
        self.process: dict[str, Callable[[Any], Any]] = {k: processors[k] for k in self.order
                                                        if k in processors}
        self._lock = threading.Lock()
        self._held: Any = None  # the pool's connection kept for answers, once taken

    def usable(self, viewer: Viewer, party: str) -> bool:
        return viewer.token is None and viewer.party == party

    def write(self, session_id: str, party: str, question_id: str, text: str | None,
              now: dt.datetime, by: str, viewer: Viewer) -> int:
        """The session's new revision; raises SessionNotFound or DatabaseError (StorageUnavailable
        when the database cannot be reached) like the store."""
        with self._lock:
            try:
                if self._held is None:
                    self._held = self.engine.raw_connection()
            except (SQLAlchemyError, sqlite3.Error) as exc:
                raise wrap(exc) from exc
            try:
                return self._write(self._held.driver_connection, session_id, party, question_id,
                                   text, now, by, viewer)
            except sqlite3.Error as exc:
                self._drop()
                raise wrap(exc) from exc

    def _drop(self) -> None:
        """Give up the kept connection after a failure (the pool closes it); the next write
        takes a fresh one."""
        held, self._held = self._held, None
        try:
            held.invalidate()
        except (SQLAlchemyError, sqlite3.Error):
            pass

    def _write(self, connection: sqlite3.Connection, session_id: str, party: str,
               question_id: str, text: str | None, now: dt.datetime, by: str,
               viewer: Viewer) -> int:
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            stamp = self.process["answered_at"](now) if "answered_at" in self.process else now
            row = cursor.execute(BUMP, (stamp, session_id)).fetchone()
            if row is None:
                raise SessionNotFound(session_id)
            revision, mode = row
            done = ({p for (p,) in cursor.execute(COMPLETED, (session_id,)).fetchall()}
                    if mode == "blind" else set())
            comparable = comparison_possible(self.bank, viewer, party, question_id, mode=mode,
                                             both_complete=all(p in done for p in PARTIES))
            values = {"session_id": session_id, "party": party, "question_id": question_id,
                      "value": text, "revision": revision, "answered_at": now,
                      "answered_by": by[:200], "other_visible": False if text is not None else None,
                      "comparable": comparable,
                      "other_party": next(p for p in PARTIES if p != party)}
            cursor.execute(self.upsert_sql, tuple(
                self.process[k](values[k]) if k in self.process else values[k] for k in self.order))
            cursor.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.close()
        return revision
