"""Save and load sessions one answer at a time.

Every answer is written the moment it is given, as its own row, so a refresh, a crash or a
second person answering at the same time loses nothing. Rows are checked against the bank when
read back: a corrupt row is reported with its session and question instead of surfacing later
as a wrong score.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from questions.schema import PARTIES, Bank
from questions.session import Goal, Session, SessionError, load_session as check_session
from questions.session import RowChange, apply_row_changes, parse_session, value_problem

from . import answer_copies, drafts, links, outcomes, reports, tables
from .db import create_engine
from .fastwrite import SqliteAnswerWriter
from .listing import list_sessions
from .access import (MODES, Viewer, comparison_possible, mode_step, may_see, party_view,
                     write_refusal)
from .report_worker import ReportWorker
from .transactions import reading, writing
from .records import (AnswerChange, Changes, CorruptRow, Forbidden, InvalidAnswer, LinkNotValid,
                      Reporter, SessionInfo, SessionNotFound, SessionSummary, StoredDraft,
                      Superseded, utc)

log = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 5_000_000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def new_session_id() -> str:
    """A random url-safe id (96 bits): ids appear in URLs, so they must not be guessable in order.
    Never starting with "-", so command lines do not mistake an id for an option."""
    while (candidate := secrets.token_urlsafe(12)).startswith("-"):
        pass
    return candidate


def _write_statements(dialect_name: str) -> tuple[Any, Any]:
    """The two statements every answer runs, built once per Store so SQLAlchemy compiles each a
    single time (a statement rebuilt per call with its values inline is compiled per call)."""
    s, a = tables.sessions, tables.answers
    bump = (s.update().where(s.c.id == sa.bindparam("sid"))
            .values(revision=s.c.revision + 1, updated_at=sa.bindparam("now"))
            .returning(s.c.revision, s.c.mode))
    insert = (postgresql if dialect_name == "postgresql" else sqlite).insert(a)
    # Answer first, then compare (storage.access.may_compare): a new answer replacing one the
    # writer had given, on a question whose other answer the writer may see (``comparable``),
    # was given with that other answer in view when it exists. A first answer never was: the
    # other's answer is shown only after one's own. Worked out inside the upsert, in the write's
    # own transaction, so the record cannot drift from the rows it describes.
    other = a.alias("other_answer")
    other_given = sa.exists().where(other.c.session_id == insert.excluded.session_id,
                                    other.c.question_id == insert.excluded.question_id,
                                    other.c.party == sa.bindparam("other_party", type_=sa.String),
                                    other.c.value.is_not(None))
    seen = sa.case((sa.and_(sa.bindparam("comparable", type_=sa.Boolean), a.c.value.is_not(None),
                            insert.excluded.value.is_not(None)), other_given), else_=sa.false())
    upsert = insert.on_conflict_do_update(
        index_elements=["session_id", "party", "question_id"],
        set_={**{c: insert.excluded[c] for c in ("value", "revision", "answered_at", "answered_by")},
              "other_visible": seen})
    return bump, upsert


class Store:
    """Sessions in one database, checked against one bank. Cheap to share between threads."""

    def __init__(self, engine: Engine, bank: Bank, reporter: Reporter | None = None,
                 background: bool = False):
        self.engine = engine
        self.bank = bank
        self.reporter = reporter  # stores each session's report as its answers change
        # background: the report is stored a moment after the change by a worker thread
        # (storage.report_worker), off the path of the answer being saved; else in its transaction
        self.worker = ReportWorker(self._report_now) if background else None
        self._decoded: dict[tuple[str, str, str], Any] = {}  # (party, question, stored text) -> value
        self._order = {q.id: i for i, q in enumerate(bank.questions)}
        self.layout = answer_copies.Layout.of(bank)  # how this bank's answers are copied
        self._bump_stmt, self._upsert_stmt = _write_statements(engine.dialect.name)
        self._fast = (SqliteAnswerWriter(engine, bank, self._upsert_stmt)
                      if engine.dialect.name == "sqlite" else None)

    @classmethod
    def open(cls, url: str | None = None, bank: Bank | None = None,
             reporter: Reporter | None = None, background: bool = False) -> "Store":
        """A store on the resolved database URL (see :func:`storage.db.resolve_url`); with a
        ``reporter``, each session's report is stored whenever its answers or details change
        (``background``: a moment later, by a worker thread)."""
        if bank is None:
            from questions import load_bank
            bank = load_bank()
        return cls(create_engine(url), bank, reporter, background)

    # -- reading -------------------------------------------------------------------------------

    def decode_answer(self, session_id: str, party: str, question_id: str, text: str) -> Any:
        where = f"session {session_id}: stored answer {party}.{question_id}"
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, TypeError):
            raise CorruptRow(f"{where} is not valid JSON") from None
        question = self.bank.by_id.get(question_id)
        if question is None:
            raise CorruptRow(f"{where}: the question is not in the bank")
        if party not in question.answered_by:
            raise CorruptRow(f"{where}: the question is answered by the {question.parties}")
        if (why := value_problem(question, value)) is not None:
            raise CorruptRow(f"{where}: {why}")
        return value

    def _session_row(self, connection: Connection, session_id: str) -> Any:
        row = connection.execute(sa.select(tables.sessions)
                                 .where(tables.sessions.c.id == session_id)).first()
        if row is None:
            raise SessionNotFound(session_id)
        return row

    def decode_details(self, row: Any) -> dict[str, Any]:
        try:
            return {"deal": json.loads(row.deal), "people": json.loads(row.people),
                    "goals": json.loads(row.goals)}
        except (json.JSONDecodeError, TypeError):
            raise CorruptRow(f"session {row.id}: stored details are not valid JSON") from None

    def _answer_rows(self, connection: Connection, session_id: str) -> list[Any]:
        """The session's stored answers as (party, question, JSON text, whether the other's
        answer was visible when it was given), unchecked."""
        a = tables.answers
        return connection.execute(sa.select(a.c.party, a.c.question_id, a.c.value, a.c.other_visible)
                                  .where(a.c.session_id == session_id, a.c.value.is_not(None))).all()

    def _answers(self, connection: Connection, session_id: str, rows: list[Any] | None = None
                 ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, bool]]]:
        """The answers by party, every stored row checked against the bank, and per answer
        whether the other's was visible when it was given (where that was recorded)."""
        if rows is None:
            rows = self._answer_rows(connection, session_id)
        answers: dict[str, dict[str, Any]] = {p: {} for p in PARTIES}
        seen: dict[str, dict[str, bool]] = {p: {} for p in PARTIES}
        known = self._decoded
        for party, qid, text, visible in sorted(rows, key=lambda r: (self._order.get(r[1], 1 << 30), r[1])):
            if party not in answers:
                raise CorruptRow(f"session {session_id}: stored answer {party}.{qid}: unknown party")
            key = (party, qid, text)
            if key not in known:  # checked once per distinct stored text (reports load on every save)
                if len(known) > 50_000:
                    known.clear()
                known[key] = self.decode_answer(session_id, party, qid, text)
            value = known[key]
            answers[party][qid] = list(value) if isinstance(value, list) else value
            if visible is not None:
                seen[party][qid] = bool(visible)
        return answers, seen

    def load_session(self, session_id: str) -> Session:
        """The session as it stands now, every stored row checked."""
        with reading(self.engine) as connection:
            row = self._session_row(connection, session_id)
            answers, seen = self._answers(connection, session_id)
        try:
            return parse_session({"format": "groundwork.session/1", **self.decode_details(row),
                                  "answers": answers, "other_visible": seen})
        except SessionError as exc:
            raise CorruptRow(f"session {session_id}: {exc}") from None

    @staticmethod
    def _completed(connection: Connection, session_id: str) -> dict[str, Any]:
        c = tables.completions
        return dict(connection.execute(sa.select(c.c.party, c.c.completed_at)
                                       .where(c.c.session_id == session_id)).all())

    def session_info(self, session_id: str) -> SessionInfo:
        r = tables.mode_requests
        with reading(self.engine) as connection:
            row = self._session_row(connection, session_id)
            done = self._completed(connection, session_id)
            asked = dict(connection.execute(sa.select(r.c.party, r.c.mode)
                                            .where(r.c.session_id == session_id)).all())
        return SessionInfo(id=row.id, mode=row.mode, archived=bool(row.archived),
                           revision=row.revision, created_at=utc(row.created_at),
                           updated_at=utc(row.updated_at),
                           completed={p: utc(done[p]) if p in done else None for p in PARTIES},
                           mode_requests={p: m for p, m in asked.items() if p in PARTIES})

    def list_sessions(self, search: str | None = None,
                      include_archived: bool = False) -> list[SessionSummary]:
        """Sessions, most recently updated first; ``search`` matches deal, organisations, people."""
        return list_sessions(self, search, include_archived)

    def load_view(self, session_id: str, viewer: Viewer | str) -> Session:
        """The session as ``viewer`` may see it (see :mod:`storage.access`)."""
        viewer = Viewer.of(viewer)
        session, info = self.load_session(session_id), self.session_info(session_id)
        return party_view(self.bank, session, viewer, mode=info.mode,
                          both_complete=info.both_complete)

    def answers_since(self, session_id: str, since: int | dt.datetime = 0,
                      viewer: Viewer | str | None = None) -> Changes:
        """Answers written after ``since``: a revision from an earlier call (exact, preferred) or a
        time (may miss a write committed late in the same instant). Cleared answers come back
        with ``value`` None so a poller can remove them; with ``viewer``, only what that party
        may see (see :mod:`storage.access`)."""
        a = tables.answers
        if isinstance(since, dt.datetime):
            condition = a.c.answered_at > utc(since)
        else:
            condition = a.c.revision > int(since)
        viewer = Viewer.of(viewer) if viewer is not None else None
        info = self.session_info(session_id) if viewer is not None else None
        with reading(self.engine) as connection:
            revision = self._session_row(connection, session_id).revision
            rows = connection.execute(sa.select(a).where(a.c.session_id == session_id, condition)
                                      .order_by(a.c.revision)).all()
        if info is not None:
            rows = [r for r in rows if may_see(self.bank, viewer, r.party, r.question_id,
                                               mode=info.mode, both_complete=info.both_complete)]
        return Changes(revision=revision, answers=tuple(AnswerChange(
            party=r.party, question_id=r.question_id,
            value=None if r.value is None else self.decode_answer(session_id, r.party,
                                                                  r.question_id, r.value),
            answered_at=utc(r.answered_at), answered_by=r.answered_by, revision=r.revision)
            for r in rows))

    def export_json(self, session_id: str, viewer: Viewer | str | None = None) -> str:
        """The session as JSON. With a ``viewer`` (every page passes one), only what that viewer
        may see: exporting in blind mode withholds the other party's answers. Without one, the
        whole session: for whoever holds the database itself (the command line, backups)."""
        if viewer is None:
            session = self.load_session(session_id)
        else:
            viewer = Viewer.of(viewer)
            session = self.load_view(session_id, viewer)
            if viewer.party != "supplier":  # the outcome is the supplier's record
                return session.to_json()
        found = self.outcome(session_id)
        return session.model_copy(update={"outcome": found}).to_json() if found else session.to_json()

    # -- writing -------------------------------------------------------------------------------

    def _report(self, connection: Connection, session_id: str) -> None:
        """Store the session's report: in this transaction, or a moment after it commits (see
        ``background``)."""
        if self.reporter is None:
            return
        if self.worker is not None:
            self.worker.schedule(session_id)
        else:
            self._write_report(connection, session_id)

    def _report_now(self, session_id: str) -> None:
        """The worker's job: the report as the session stands now, in a transaction of its own."""
        try:
            with writing(self.engine) as connection:
                self._write_report(connection, session_id)
        except SessionNotFound:
            pass  # deleted meanwhile

    def _write_report(self, connection: Connection, session_id: str) -> None:
        """Store the session's report as it stands in this transaction, from what the supplier's
        side may see (see :func:`storage.access.party_view`). A reporter that fails
        must not cost the answer being saved: the report is then left stale (computed again by
        the next rescoring) and the failure logged."""
        if self.reporter is None:
            return
        row = self._session_row(connection, session_id)
        stored = self._answer_rows(connection, session_id)
        try:
            session = parse_session({"format": "groundwork.session/1", **self.decode_details(row),
                                     "answers": self._answers(connection, session_id, stored)[0]})
            # figures only from what the supplier's side may see: in blind mode, until both
            # parties are complete, the client's answers count for nothing in the pipeline
            done = self._completed(connection, session_id) if row.mode == "blind" else {}
            session = party_view(self.bank, session, "supplier", mode=row.mode,
                                 both_complete=all(p in done for p in PARTIES))
            figures = self.reporter(session)
        except Exception:  # noqa: BLE001 - see the docstring
            log.exception("session %s: the report could not be computed; it stays stale", session_id)
            return
        reports.write_report(connection, row, figures, self.reporter.fingerprint,
                             (self.layout, *answer_copies.encode(self.layout, ((p, q, t) for p, q, t, _ in stored))))

    def _bump(self, connection: Connection, session_id: str, now: dt.datetime) -> int:
        """Advance the session's revision; the row lock also orders writers to one session."""
        return self._bump_row(connection, session_id, now).revision

    def _bump_row(self, connection: Connection, session_id: str, now: dt.datetime) -> Any:
        row = connection.execute(self._bump_stmt, {"sid": session_id, "now": now}).first()
        if row is None:
            raise SessionNotFound(session_id)
        return row

    @staticmethod
    def _check_link(connection: Connection, session_id: str, viewer: Viewer) -> None:
        """A viewer acting through a party link: the link must be live, for this session and this
        party, at the moment of the write (checked in the write's own transaction)."""
        if viewer.token is None:
            return
        found = links.resolve_in(connection, viewer.token)
        if found is None or found != (session_id, viewer.party):
            raise LinkNotValid()

    def _upsert_answers(self, connection: Connection, session_id: str, revision: int,
                        now: dt.datetime, rows: Iterable[tuple[str, str, Any, bool | None]], by: str,
                        comparable: bool = False) -> None:
        """Write answers; each row's last item is its ``other_visible`` when it is new (an import
        carries the file's record), while replacing an answer works it out (see
        :func:`_write_statements`) when ``comparable``."""
        values = [{"session_id": session_id, "party": party, "question_id": qid,
                   "value": None if value is None else _dump(value), "revision": revision,
                   "answered_at": now, "answered_by": by[:200], "other_visible": visible,
                   "comparable": comparable,
                   "other_party": next(p for p in PARTIES if p != party)}
                  for party, qid, value, visible in rows]
        if values:
            connection.execute(self._upsert_stmt, values[0] if len(values) == 1 else values)

    def check_answer(self, party: str, question_id: str, value: Any) -> None:
        """Refuse an answer that the bank would reject, naming the question and why."""
        question = self.bank.by_id.get(question_id)
        if question is None:
            raise InvalidAnswer(f"{party}.{question_id}: unknown question")
        if party not in question.answered_by:
            raise InvalidAnswer(f"{party}.{question_id}: answered by the {question.parties}, "
                                f"not the {party}")
        if value is not None and (why := value_problem(question, value)) is not None:
            raise InvalidAnswer(f"{party}.{question_id}: {why}")

    def create_session(self, session: Session, mode: str = "together", by: str = "") -> str:
        """Store a whole session (a new discovery or an import) and return its new id."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        for party, answers in session.answers.items():
            for qid, value in answers.items():
                self.check_answer(party, qid, value)
        data = json.loads(session.to_json())
        session_id, now = new_session_id(), _now()
        with writing(self.engine) as connection:
            connection.execute(tables.sessions.insert().values(
                id=session_id, deal=_dump(data["deal"]), people=_dump(data["people"]),
                goals=_dump(data["goals"]), mode=mode, archived=False, revision=0,
                created_at=now, updated_at=now))
            revision = self._bump(connection, session_id, now)
            self._upsert_answers(connection, session_id, revision, now,
                                 [(p, q, v, session.other_visible.get(p, {}).get(q))
                                  for p, a in session.answers.items() for q, v in a.items()], by)
            if session.outcome is not None and not session.outcome.empty:
                outcomes.write(connection, session_id, session.outcome, now)
            self._report(connection, session_id)
        return session_id

    def save_answer(self, session_id: str, party: str, question_id: str, value: Any, *,
                    viewer: Viewer | str, by: str = "", given_at: dt.datetime | None = None) -> int:
        """Write ``party``'s answer now (``None`` clears it) as ``viewer``; returns the session's
        new revision. Refused with :class:`Forbidden` (nothing written) when the access rule
        does not let the viewer write it in the session's current mode, and with
        :class:`LinkNotValid` when the viewer's party link is no longer live.

        ``given_at``: when the answer was given, for one written late (kept on a page while the
        database could not be reached): if the stored answer to the question was saved after
        that, it is newer and stays, and :class:`Superseded` is raised (nothing written)."""
        viewer = Viewer.of(viewer)
        self.check_answer(party, question_id, value)
        now = _now()
        if given_at is None and self._fast is not None and self._fast.usable(viewer, party) and (
                self.reporter is None or self.worker is not None):  # no report to write in its transaction
            revision = self._fast.write(session_id, party, question_id,
                                        None if value is None else _dump(value), now,
                                        by or viewer.party, viewer)
            if self.worker is not None:
                self.worker.schedule(session_id)
            return revision
        with writing(self.engine) as connection:
            row = self._bump_row(connection, session_id, now)
            both_complete = self._may_write(connection, session_id, row, viewer, party, question_id)
            if given_at is not None:
                self._refuse_older(connection, session_id, party, question_id, given_at)
            comparable = comparison_possible(self.bank, viewer, party, question_id, mode=row.mode,
                                             both_complete=both_complete)
            self._upsert_answers(connection, session_id, row.revision, now,
                                 [(party, question_id, value, False if value is not None else None)],
                                 by or viewer.party, comparable=comparable)
            self._report(connection, session_id)
        return row.revision

    def _may_write(self, connection: Connection, session_id: str, row: Any, viewer: Viewer,
                   party: str, question_id: str) -> bool:
        """Refuse (Forbidden, LinkNotValid) a write the access rule or a dead link does not
        allow; returns whether both parties have marked their part complete."""
        self._check_link(connection, session_id, viewer)
        done = self._completed(connection, session_id) if row.mode == "blind" else {}
        both_complete = all(p in done for p in PARTIES)
        if party != viewer.party:
            why = write_refusal(self.bank, viewer, party, question_id, mode=row.mode,
                                both_complete=both_complete)
            if why is not None:
                raise Forbidden(why)
        return both_complete

    @staticmethod
    def _refuse_older(connection: Connection, session_id: str, party: str, question_id: str,
                      given_at: dt.datetime) -> None:
        a = tables.answers
        stored = connection.execute(sa.select(a.c.answered_at).where(
            a.c.session_id == session_id, a.c.party == party, a.c.question_id == question_id)).scalar()
        if stored is not None and utc(stored) > utc(given_at):
            raise Superseded(f"{party}.{question_id}: a newer answer was saved meanwhile; it is kept")

    def save_rows(self, session_id: str, party: str, question_id: str,
                  changes: Iterable[RowChange], *, viewer: Viewer | str, by: str = "") -> int:
        """Change some rows of a rows answer, by row id, and return the session's new revision.

        The stored answer is read and merged inside the write transaction, after the session's
        row is locked (SQLite: the write lock; PostgreSQL: the row lock on ``sessions``), so two
        people editing different rows of one table at once both keep their edits; two edits to
        the same row keep the later one. The merged answer is checked like any other."""
        viewer = Viewer.of(viewer)
        question = self.bank.by_id.get(question_id)
        if question is None or question.type != "rows":
            raise InvalidAnswer(f"{party}.{question_id}: not a rows question")
        self.check_answer(party, question_id, None)
        changes = list(changes)
        now = _now()
        a = tables.answers
        with writing(self.engine) as connection:
            row = self._bump_row(connection, session_id, now)
            both_complete = self._may_write(connection, session_id, row, viewer, party, question_id)
            stored = connection.execute(sa.select(a.c.value).where(
                a.c.session_id == session_id, a.c.party == party, a.c.question_id == question_id)).scalar()
            current = None if stored is None else self.decode_answer(session_id, party, question_id, stored)
            try:
                merged = apply_row_changes(current, changes)
            except ValueError as exc:
                raise InvalidAnswer(f"{party}.{question_id}: {exc}") from None
            if merged and (why := value_problem(question, merged)) is not None:
                raise InvalidAnswer(f"{party}.{question_id}: {why}")
            comparable = comparison_possible(self.bank, viewer, party, question_id, mode=row.mode,
                                             both_complete=both_complete)
            self._upsert_answers(connection, session_id, row.revision, now,
                                 [(party, question_id, merged or None, False if merged else None)],
                                 by or viewer.party, comparable=comparable)
            self._report(connection, session_id)
        return row.revision

    def save_details(self, session_id: str, *, deal: Any = None, people: Any = None,
                     goals: Iterable[Goal | dict] | None = None) -> None:
        """Change the deal, people or goals; each given part is validated like an import."""
        with writing(self.engine) as connection:
            row = self._session_row(connection, session_id)
            details = self.decode_details(row)
            if deal is not None:
                details["deal"] = _plain(deal)
            if people is not None:
                details["people"] = _plain(people)
            if goals is not None:
                details["goals"] = [_plain(g) for g in goals]
            checked = json.loads(parse_session({"format": "groundwork.session/1", **details}).to_json())
            values = {k: _dump(checked[k]) for k in ("deal", "people", "goals")}
            connection.execute(tables.sessions.update().where(tables.sessions.c.id == session_id)
                               .values(**values))
            self._bump(connection, session_id, _now())
            self._report(connection, session_id)

    def duplicate_session(self, session_id: str, name: str | None = None) -> str:
        """A template from a session: same deal, people, goals and mode, no answers."""
        session = self.load_session(session_id)
        mode = self.session_info(session_id).mode
        if name:
            session = session.model_copy(update={"deal": session.deal.model_copy(update={"name": name})})
        return self.create_session(session.model_copy(update={"answers": {p: {} for p in PARTIES}}),
                                   mode=mode)

    def archive(self, session_id: str, archived: bool = True) -> None:
        with writing(self.engine) as connection:
            self._bump(connection, session_id, _now())
            connection.execute(tables.sessions.update().where(tables.sessions.c.id == session_id)
                               .values(archived=archived))
            self._report(connection, session_id)  # the pipeline leaves archived ones out

    def delete(self, session_id: str) -> None:
        """Delete a session with its answers, links and marks (the foreign keys cascade)."""
        with writing(self.engine) as connection:
            result = connection.execute(tables.sessions.delete()
                                        .where(tables.sessions.c.id == session_id))
        if result.rowcount == 0:
            raise SessionNotFound(session_id)

    def mark_complete(self, session_id: str, party: str, complete: bool = True, *,
                      viewer: Viewer | str | None = None) -> None:
        """Mark (or unmark) one party's part as complete; blind mode waits for both. Only the
        party itself may (``viewer`` defaults to it); through a link, the link must be live."""
        if party not in PARTIES:
            raise ValueError(f"party must be one of {PARTIES}, got {party!r}")
        viewer = Viewer.of(viewer if viewer is not None else party)
        if viewer.party != party:
            raise Forbidden(f"only the {party} can mark the {party}'s part complete")
        c = tables.completions
        with writing(self.engine) as connection:
            now = _now()
            self._bump(connection, session_id, now)
            self._check_link(connection, session_id, viewer)
            connection.execute(c.delete().where(c.c.session_id == session_id, c.c.party == party))
            if complete:
                connection.execute(c.insert().values(session_id=session_id, party=party,
                                                     completed_at=now))
            self._report(connection, session_id)  # both complete: blind mode shows both sides

    def request_mode(self, session_id: str, mode: str, viewer: Viewer | str) -> str:
        """``viewer`` asks to run the session in ``mode``. Returns what happened:

        - ``"changed"``: toward privacy (together to blind), or once blind mode has revealed both
          sides, one party's word is enough; also when the other party had already asked;
        - ``"asked"``: leaving blind mode early takes both parties, so the request waits for the
          other party (shown to it; see :attr:`SessionInfo.mode_requests`);
        - ``"unchanged"``: the session already runs in ``mode``; any pending request is
          withdrawn or declined, so asking for the current mode is how a party says no.
        """
        viewer = Viewer.of(viewer)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        r = tables.mode_requests
        with writing(self.engine) as connection:
            now = _now()
            row = self._bump_row(connection, session_id, now)
            self._check_link(connection, session_id, viewer)
            done = self._completed(connection, session_id)
            step = mode_step(row.mode, mode, all(p in done for p in PARTIES))
            asked = dict(connection.execute(sa.select(r.c.party, r.c.mode)
                                            .where(r.c.session_id == session_id)).all())
            others = {p for p, m in asked.items() if p != viewer.party and m == mode}
            if step == "ask_other" and not others:
                connection.execute(r.delete().where(r.c.session_id == session_id,
                                                    r.c.party == viewer.party))
                connection.execute(r.insert().values(session_id=session_id, party=viewer.party,
                                                     mode=mode, requested_at=now))
                return "asked"
            connection.execute(r.delete().where(r.c.session_id == session_id))
            if step == "unchanged":
                return "unchanged"
            connection.execute(tables.sessions.update().where(tables.sessions.c.id == session_id)
                               .values(mode=mode))
            self._report(connection, session_id)
            return "changed"

    def import_json(self, text: str | bytes) -> str:
        """Validate a session file against the bank and store it; nothing is written if invalid."""
        if len(text) > MAX_IMPORT_BYTES:
            raise SessionError([f"the file is larger than {MAX_IMPORT_BYTES} bytes"])
        return self.create_session(check_session(text, self.bank), by="import")

    # -- links ---------------------------------------------------------------------------------

    def create_link(self, session_id: str, party: str = "client") -> str:
        return links.create_link(self.engine, session_id, party)

    def resolve_link(self, token: object) -> tuple[str, str] | None:
        return links.resolve_link(self.engine, token)

    def revoke_link(self, token: str) -> bool:
        return links.revoke_link(self.engine, token)

    def revoke_links(self, session_id: str, party: str | None = None) -> int:
        return links.revoke_links(self.engine, session_id, party)

    def live_links(self, session_id: str) -> dict[str, int]:
        return links.live_links(self.engine, session_id)

    # -- reports and the pipeline (see storage.reports and storage.pipeline) --------------------

    def stale_reports(self, fingerprint: str) -> list[str]:
        """Sessions whose stored report is missing, older than the session, or from another
        bank or model (``fingerprint``)."""
        with reading(self.engine) as connection:
            return reports.stale_ids(connection, fingerprint)

    def fresh_verdicts(self, fingerprint: str, ids: Iterable[str]) -> dict[str, str]:
        """The verdict codes of the stored reports among ``ids`` that are up to date."""
        with reading(self.engine) as connection:
            return reports.fresh_verdicts(connection, fingerprint, list(ids))

    def read_answers(self, ids: Iterable[str] | None = None,
                     questions: Iterable[str] | None = None) -> reports.AnswerColumns:
        """Stored answers of many sessions as columns (every session by default). Sessions with
        a row that cannot be read (see :func:`storage.listing.list_sessions`) are left out and
        logged, so one damaged discovery does not stop the rescoring of the others."""
        wanted = None if ids is None else set(ids)
        asked = None if questions is None else set(questions)
        try:
            with reading(self.engine) as connection:
                return reports.read_answers(connection, self.bank, wanted, asked, self.layout)
        except CorruptRow:
            # rare, so found the slow way: every session read as the sessions list reads it
            damaged = {s.id for s in self.list_sessions(include_archived=True) if s.damaged}
            if wanted is not None:
                damaged &= wanted
            if not damaged:
                raise
            log.warning("left out of the rescoring, damaged: %s", ", ".join(sorted(damaged)))
            with reading(self.engine) as connection:
                every = wanted if wanted is not None else {
                    r for (r,) in connection.execute(sa.select(tables.sessions.c.id))}
                return reports.read_answers(connection, self.bank, every - damaged, asked, self.layout)

    def write_reports(self, fingerprint: str, columns: reports.ReportColumns, every: bool = False) -> None:
        """Replace the reports of ``columns``' sessions (``every``: the columns hold every session),
        with the answer copies the rescoring made."""
        with writing(self.engine) as connection:
            reports.write_reports(connection, fingerprint, columns, every, self.layout)

    def pipeline(self, filters: Any = None) -> Any:
        """The pipeline view's rows and chart figures (:func:`storage.pipeline.pipeline`)."""
        from .pipeline import PipelineFilter, pipeline
        return pipeline(self.engine, filters or PipelineFilter())

    def pipeline_choices(self) -> tuple[list[str], list[str]]:
        """Every salesperson and month with a stored report (the pipeline's filter lists)."""
        from .pipeline import choices
        return choices(self.engine)

    def outcome_rows(self) -> Any:
        from .pipeline import outcome_rows
        return outcome_rows(self.engine)

    # -- outcomes (see storage.outcomes) --------------------------------------------------------

    def set_outcome(self, session_id: str, outcome: Any) -> None:
        """Log (or replace) what became of the deal; an empty outcome removes it."""
        outcomes.set_outcome(self.engine, session_id, outcome)

    def outcome(self, session_id: str) -> Any:
        """The logged :class:`questions.session.Outcome`, or None."""
        return outcomes.get_outcome(self.engine, session_id)

    def export_outcomes(self) -> str:
        return outcomes.export_csv(self.engine)

    def import_outcomes(self, text: str | bytes) -> int:
        return outcomes.import_csv(self.engine, text)

    # -- dependency drafts (see storage.drafts) -------------------------------------------------

    def save_draft(self, session_id: str, rows: list[dict[str, Any]], agreed: Iterable[str],
                   fingerprint: str, drafted: list[dict[str, Any]] | None = None) -> None:
        drafts.save_draft(self.engine, session_id, rows, agreed, fingerprint, drafted)

    def load_draft(self, session_id: str) -> StoredDraft | None:
        return drafts.load_draft(self.engine, session_id)
