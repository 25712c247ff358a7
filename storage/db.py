"""Engine from a database URL: a SQLite file by default, PostgreSQL for teams.

The URL is resolved in one place so the app, the command line and the tests agree on which
database they use: an explicit argument, then ``GROUNDWORK_DATABASE_URL``, then
``.streamlit/secrets.toml``, then the SQLite file ``data/groundwork.db`` (``GROUNDWORK_DB_PATH``).
SQLite runs in WAL mode with a busy timeout so two people answering at once wait for each other
instead of failing, and every write transaction takes the write lock up front.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .migrations import migrate
from .records import ConfigError
from .transactions import describe

ROOT = Path(__file__).resolve().parent.parent
URL_ENV = "GROUNDWORK_DATABASE_URL"
PATH_ENV = "GROUNDWORK_DB_PATH"
BUSY_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 5


def _from_secrets(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the secrets file: {exc}") from None
    section = data.get("connections", {}).get("groundwork", {})
    url = section.get("url") if isinstance(section, dict) else None
    url = url or data.get("database_url")
    if url is not None and not isinstance(url, str):
        raise ConfigError(f"{path}: the database url must be a string")
    return url or None


def resolve_url(url: str | None = None, *, environ: Mapping[str, str] | None = None,
                root: Path = ROOT) -> str:
    """Which database to use, by the documented order; the SQLite default's folder is created."""
    env = os.environ if environ is None else environ
    if url:
        return normalize_url(url)
    if env.get(URL_ENV):
        return normalize_url(env[URL_ENV])
    for folder in dict.fromkeys([root, Path.cwd()]):
        found = _from_secrets(folder / ".streamlit" / "secrets.toml")
        if found:
            return normalize_url(found)
    path = Path(env[PATH_ENV]) if env.get(PATH_ENV) else root / "data" / "groundwork.db"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the folder for the database file {path}: "
                          f"{exc.strerror or exc}") from None
    return f"sqlite:///{path}"


def normalize_url(url: str) -> str:
    """Route plain PostgreSQL URLs to psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_engine(url: sa.URL) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S,
                                                 "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # Take transactions into our own hands (SQLAlchemy's documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if url.database and url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL commits to the log without waiting for the disk to flush it: a
            # committed answer survives the app or the browser crashing (the promise: saved before
            # the page redraws), and the file is never corrupted; only the last moments before a
            # power cut or an operating-system crash can be lost. FULL (the default) fsyncs every
            # commit, 0.4 ms of each answer's rerun (README, "Benchmarks").
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def create_engine(url: str | None = None) -> Engine:
    """An engine for the resolved URL, with tables created or upgraded to the current schema."""
    engine = make_engine(url)
    migrate(engine)
    return engine


def make_engine(url: str | None = None) -> Engine:
    """An engine for the resolved URL with our connection settings, leaving the schema alone."""
    resolved = resolve_url(url)
    try:
        parsed = sa.make_url(resolved)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(f"database url {resolved!r} is not valid: {exc}") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = _sqlite_engine(parsed)
        elif parsed.get_backend_name() == "postgresql":
            # pre-ping: a connection the server dropped (a restart) is replaced, not used;
            # connect_timeout: an unreachable server fails a page's call in seconds (then
            # StorageUnavailable) instead of hanging it for the system's TCP timeout
            options = {} if "connect_timeout" in parsed.query else {
                "connect_timeout": CONNECT_TIMEOUT_S}
            engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args=options)
        else:
            engine = None
    except (OSError, sa.exc.SQLAlchemyError) as exc:
        what = exc.strerror if isinstance(exc, OSError) else describe(exc)
        raise ConfigError(f"database url {parsed.render_as_string(hide_password=True)!r} "
                          f"cannot be used: {what}") from None
    if engine is None:
        raise ConfigError(f"database url {parsed.render_as_string(hide_password=True)!r}: "
                          "only sqlite and postgresql are supported")
    return engine
