"""Plain data that leaves storage, and the errors it raises.

The UI and the command line receive these frozen records, never rows or SQLAlchemy objects,
so nothing outside ``storage/`` depends on the database library.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from questions.session import Deal, People, Progress, Session


def utc(value: dt.datetime) -> dt.datetime:
    """Timestamps come back from SQLite without a zone; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


class StorageError(Exception):
    """Base of every storage error; the message says which session and what."""


class SessionNotFound(StorageError, LookupError):
    def __init__(self, session_id: str):
        self.session_id = session_id
        super().__init__(f"no session with id {session_id!r}")


class CorruptRow(StorageError):
    """A stored row does not fit the format or the bank; the message names session and question."""


class InvalidAnswer(StorageError, ValueError):
    """An answer that does not fit its question is refused before anything is written."""


class Forbidden(StorageError, PermissionError):
    """The access rule (:mod:`storage.access`) does not let this viewer do this; nothing was
    written. The message says who may not change what, and why."""


class LinkNotValid(Forbidden):
    """The party link an action came through is unknown, revoked or for another session."""

    def __init__(self, message: str = "this link is not valid or has been revoked") -> None:
        super().__init__(message)


class Superseded(StorageError):
    """An answer given earlier (kept on a page while the database could not be reached) was not
    written: the stored answer to the same question was saved after it, so it is the newer one
    and stays."""


class ConfigError(StorageError, ValueError):
    """The database settings cannot be used; the message names the file or variable."""


class DatabaseError(StorageError):
    """The database could not be reached or refused an operation (a driver error, wrapped so
    callers catch one storage error type and programming errors still surface). The message is
    in plain words, shown to people as it is: the driver's own text (which can name the
    server, the SQL or the install) goes to the log and to ``detail`` (for the command line),
    never into the message."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class StorageUnavailable(DatabaseError):
    """The database cannot be reached right now (down, restarting, the network, or busy past
    the wait): nothing was written, and the same call may work in a moment. A Store stays
    usable: it reconnects by itself once the database is back."""

    def __init__(self, message: str = "the database cannot be reached right now",
                 detail: str = "") -> None:
        super().__init__(message, detail)


@dataclass(frozen=True)
class SessionInfo:
    """What a session is besides its answers: how it is run and how far it has got."""

    id: str
    mode: str
    archived: bool
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime
    completed: dict[str, dt.datetime | None]
    mode_requests: dict[str, str] = field(default_factory=dict)  # party -> mode it asked for

    @property
    def both_complete(self) -> bool:
        """Blind mode reveals the comparison only when this is true."""
        return all(self.completed.values())


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions page."""

    id: str
    deal: Deal
    people: People
    mode: str
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    progress: dict[str, Progress]
    completed: dict[str, bool]
    # Part of what is stored for it cannot be read (a corrupt row): listed, with whatever could
    # be read, so one damaged session does not hide the others; opening it says so plainly.
    damaged: bool = False


@dataclass(frozen=True)
class AnswerChange:
    """One answer written after a poller's cursor; ``value`` None means it was cleared."""

    party: str
    question_id: str
    value: Any
    answered_at: dt.datetime
    answered_by: str
    revision: int


@dataclass(frozen=True)
class Changes:
    """What changed since a cursor, and the cursor to pass next time."""

    revision: int
    answers: tuple[AnswerChange, ...]


@dataclass(frozen=True)
class StoredDraft:
    """A session's saved dependency table: the edited rows, the rows as drafted from the answers
    the edits were made against, the agreed row ids, and that Session's fingerprint."""

    session_id: str
    rows: list[dict[str, Any]]
    drafted: list[dict[str, Any]]
    agreed: frozenset[str]
    fingerprint: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class ReportFigures:
    """One discovery's figures as scoring computed them, handed to storage as plain data
    (storage never imports scoring): the verdict code, readiness, alignment and resistance
    (None: not available), the mean supplier-minus-client difference on the 1-5 scale over the
    mirrored questions both answered (and how many), each area's [score, alignment,
    resistance], and what blocks the deal: area ids and ask codes."""

    verdict: str
    readiness: float | None
    alignment: float | None
    resistance: float | None
    overestimation: float | None
    mirrored_pairs: int
    areas: dict[str, tuple[float | None, float | None, float | None]]
    blocked_areas: tuple[str, ...] = ()
    blocked_asks: tuple[str, ...] = ()


class Reporter(Protocol):
    """Works out a discovery's figures when its answers change (see ``Store(reporter=...)``);
    ``fingerprint`` names the bank and model they come from, so a change to either makes every
    stored report stale."""

    fingerprint: str

    def __call__(self, session: Session) -> ReportFigures: ...
