"""Which database is used, how SQLite is set up, and the upgrade path between schema versions."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import SCHEMA_VERSION, ConfigError, Store, migrate, resolve_url
from storage.db import create_engine, make_engine
from storage.migrations import current_version
from storage_support import every_backend, write_old_session


@pytest.fixture
def root(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _secrets(root: Path, text: str) -> None:
    (root / ".streamlit").mkdir(exist_ok=True)
    (root / ".streamlit" / "secrets.toml").write_text(text)


def test_default_is_a_sqlite_file_under_data(root):
    assert resolve_url(environ={}, root=root) == f"sqlite:///{root / 'data' / 'groundwork.db'}"
    assert (root / "data").is_dir()


def test_db_path_variable_moves_the_default_file(root):
    target = root / "elsewhere" / "gw.db"
    assert resolve_url(environ={"GROUNDWORK_DB_PATH": str(target)}, root=root) == f"sqlite:///{target}"
    assert target.parent.is_dir()


@pytest.mark.parametrize("secrets_text", [
    '[connections.groundwork]\nurl = "sqlite:///from-secrets.db"\n',
    'database_url = "sqlite:///from-secrets.db"\n',
])
def test_secrets_file_is_read_without_streamlit(root, secrets_text):
    _secrets(root, secrets_text)
    assert resolve_url(environ={}, root=root) == "sqlite:///from-secrets.db"


def test_order_argument_then_environment_then_secrets(root):
    _secrets(root, 'database_url = "sqlite:///secrets.db"\n')
    env = {"GROUNDWORK_DATABASE_URL": "sqlite:///env.db"}
    assert resolve_url(environ=env, root=root) == "sqlite:///env.db"
    assert resolve_url("sqlite:///arg.db", environ=env, root=root) == "sqlite:///arg.db"


def test_plain_postgres_urls_use_psycopg(root):
    env = {"GROUNDWORK_DATABASE_URL": "postgres://u:p@127.0.0.1/db"}
    assert resolve_url(environ=env, root=root) == "postgresql+psycopg://u:p@127.0.0.1/db"


def test_broken_secrets_file_is_named(root):
    _secrets(root, "database_url = [unclosed\n")
    with pytest.raises(ConfigError, match="secrets.toml"):
        resolve_url(environ={}, root=root)


@pytest.mark.parametrize("url, expected", [("mysql://u@h/db", "only sqlite and postgresql"),
                                           ("::not a url::", "not valid")])
def test_unsupported_urls_are_refused(url, expected):
    with pytest.raises(ConfigError, match=expected):
        make_engine(url)


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            assert (pragma("journal_mode"), pragma("foreign_keys"), pragma("busy_timeout")) == (
                "wal", 1, 30000)
    finally:
        engine.dispose()


@every_backend
def test_tables_and_version_are_created_on_first_start(db_url):
    engine = create_engine(db_url)
    try:
        names = set(sa.inspect(engine).get_table_names())
        assert {"sessions", "answers", "links", "completions", "schema_version"} <= names
        with engine.connect() as connection:
            assert current_version(connection) == SCHEMA_VERSION
        assert migrate(engine) == SCHEMA_VERSION
        with engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT version FROM schema_version")).scalars()
            assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))
    finally:
        engine.dispose()


@every_backend
def test_a_version_1_database_is_upgraded_and_keeps_its_data(db_url, bank):
    old = make_engine(db_url)
    assert migrate(old, target=1) == 1
    assert "completions" not in sa.inspect(old).get_table_names()
    now = dt.datetime.now(dt.timezone.utc)
    with old.begin() as connection:
        write_old_session(connection, "old1", "Written by version 1", "blind", now)
    old.dispose()

    store = Store.open(db_url, bank=bank)
    try:
        with store.engine.connect() as connection:
            assert current_version(connection) == SCHEMA_VERSION
        session = store.load_session("old1")
        assert (session.deal.name, session.answers["client"]) == ("Written by version 1", {"goal_fit": 4})
        store.mark_complete("old1", "client")
        assert store.session_info("old1").completed["client"] is not None
    finally:
        store.engine.dispose()


@every_backend
def test_a_newer_database_is_refused_clearly(db_url):
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO schema_version (version, applied_at) "
                                       "VALUES (:v, :t)"),
                               {"v": SCHEMA_VERSION + 1, "t": dt.datetime.now(dt.timezone.utc)})
        with pytest.raises(RuntimeError, match="newer than this program"):
            migrate(engine)
    finally:
        engine.dispose()
