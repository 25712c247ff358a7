"""The schema's versions: Alembic's revisions against storage/tables.py, a new database, the
upgrade from every hand-written version (1-4) losing nothing, repeated upgrades, databases newer
than the program, and several programs starting at once; on SQLite and PostgreSQL."""
from __future__ import annotations

import ast
import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

from storage import ConfigError, DatabaseError, Store, head_revision, migrate, tables
from storage.db import create_engine, make_engine
from storage.migrations import SCRIPTS, current_revision, scripts
from storage.transactions import migrating
from storage_legacy import (DRAFT_ROWS, LIVE_TOKEN, REVOKED_TOKEN, create_old_database, open_at_once,
                            snapshot)
from answers_support import empty_session
from storage_support import count_rows, every_backend

pytestmark = every_backend

ALL_TABLES = {"sessions", "answers", "links", "completions", "drafts", "mode_requests",
              "schema_version", "alembic_version", "reports", "report_blocks", "outcomes",
              "answer_copies"}


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def differences(engine: sa.Engine, metadata: sa.MetaData = tables.metadata) -> list:
    """What Alembic's autogenerate would write to make the database match ``metadata``."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def versions(engine: sa.Engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text("SELECT version FROM schema_version "
                                               "ORDER BY version")).scalars())


def at(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision(connection)


# -- the revisions and storage/tables.py -------------------------------------------------------

def test_one_line_of_revisions_none_built_from_storage_tables():
    assert len(scripts().get_heads()) == 1
    for path in sorted((SCRIPTS / "versions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names}
        assert not any(name.split(".")[0] == "storage" for name in imported), (
            f"{path.name} imports storage: a revision writes its tables out as they are then")


def test_the_newest_revision_is_what_storage_tables_describes(engine):
    assert migrate(engine) == head_revision()
    assert differences(engine) == []


def test_a_table_changed_without_a_revision_is_found(engine):
    migrate(engine)
    changed = sa.MetaData()
    for table in tables.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["answers"].append_column(sa.Column("note", sa.Text, nullable=True))
    found = differences(engine, changed)
    assert [(d[0], d[2], d[3].name) for d in found] == [("add_column", "answers", "note")]


# -- a new database ----------------------------------------------------------------------------

def test_a_new_database_gets_every_table_at_the_newest_revision(engine, db_url):
    assert migrate(engine) == head_revision() == at(engine)
    assert set(sa.inspect(engine).get_table_names()) == ALL_TABLES
    assert versions(engine) == [5]  # Groundwork from before Alembic refuses this database


def test_upgrading_twice_is_harmless(open_store, engine, db_url):
    store = open_store()
    session_id = store.create_session(empty_session())
    store.save_answer(session_id, "client", "goal_fit", 3, viewer="client")
    assert migrate(engine) == migrate(engine) == head_revision()
    assert open_store().load_session(session_id).answers["client"] == {"goal_fit": 3}
    assert versions(engine) == [5]
    assert count_rows(db_url, "alembic_version") == 1


# -- databases from the hand-written versions --------------------------------------------------

@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_a_database_from_a_hand_written_version_keeps_every_row(engine, db_url, bank, version):
    create_old_database(engine, version)
    before = snapshot(engine, version)
    assert sum(map(len, before.values())) > 0 and at(engine) is None

    store = Store.open(db_url, bank=bank)
    try:
        assert at(engine) == head_revision()
        assert snapshot(engine, version) == before
        assert set(sa.inspect(engine).get_table_names()) == ALL_TABLES
        assert versions(engine) == [*range(1, version + 1), 5]
        assert differences(engine) == []
        assert migrate(engine) == head_revision() and snapshot(engine, version) == before

        # ... and the program reads and writes all of it.
        assert store.load_session("old-blind").answers == {
            "supplier": {"goal_fit": 2}, "client": {"goal_fit": 4}}
        assert [(a.question_id, a.value) for a in store.answers_since("old-blind", 2).answers] == [
            ("goal_measurable", None)]
        assert store.resolve_link(LIVE_TOKEN) == ("old-blind", "client")
        assert store.resolve_link(REVOKED_TOKEN) is None
        info = store.session_info("old-blind")
        assert (info.mode, info.revision, store.session_info("old-together").archived) == (
            "blind", 4, True)
        assert (info.completed["client"] is not None) == (version >= 2)
        assert (store.load_draft("old-together") is not None) == (version >= 3)
        if version >= 3:
            assert store.load_draft("old-together").rows == DRAFT_ROWS
        assert info.mode_requests == ({"client": "together"} if version >= 4 else {})
        store.mark_complete("old-blind", "supplier")
        store.save_draft("old-blind", DRAFT_ROWS, [], "fp")
        assert store.request_mode("old-blind", "blind", "supplier") == "unchanged"
        store.delete("old-together")  # the foreign keys still cascade
        assert count_rows(db_url, "answers") == 3
    finally:
        store.engine.dispose()


# -- refused databases -------------------------------------------------------------------------

def test_a_database_from_a_newer_program_is_refused_naming_both_revisions(engine, db_url):
    migrate(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ConfigError, match=f"revision 9999, newer than this program's {head_revision()}"):
        migrate(engine)
    with pytest.raises(ConfigError, match="upgrade Groundwork"):
        Store.open(db_url)
    assert at(engine) == "9999"


def test_a_hand_written_version_past_4_without_a_revision_is_refused(engine):
    create_old_database(engine, 4)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO schema_version (version, applied_at) "
                                   "VALUES (6, :t)"), {"t": dt.datetime.now(dt.timezone.utc)})
    with pytest.raises(ConfigError, match="schema version 6 but has no Alembic revision"):
        migrate(engine)
    assert at(engine) is None


def test_an_unknown_target_is_a_config_error(engine):
    with pytest.raises(ConfigError, match="cannot upgrade the database schema to 'nope'"):
        migrate(engine, target="nope")


# -- programs starting at once -----------------------------------------------------------------

@pytest.mark.slow  # three spawned interpreters, each importing storage: seconds
@pytest.mark.parametrize("version", [None, 2])
def test_programs_starting_at_once_upgrade_once(engine, db_url, version):
    if version is not None:
        create_old_database(engine, version)
    assert open_at_once(db_url, 3) == [head_revision()] * 3
    assert count_rows(db_url, "alembic_version") == 1
    assert versions(engine)[-1:] == [5] and versions(engine).count(5) == 1
    assert differences(engine) == []


# -- the upgrade's own transaction -------------------------------------------------------------

def test_sqlite_rebuilds_a_table_without_cascading_and_keeps_foreign_keys(open_store, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite only: PostgreSQL alters tables in place")
    store = open_store()
    session_id = store.create_session(empty_session())
    store.save_answer(session_id, "client", "goal_fit", 3, viewer="client")
    with migrating(store.engine) as connection:  # what a revision altering sessions would do
        with Operations(MigrationContext.configure(connection)).batch_alter_table(
                "sessions", recreate="always") as batch:
            batch.add_column(sa.Column("note", sa.Text, nullable=True))
    assert store.load_session(session_id).answers["client"] == {"goal_fit": 3}
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    with pytest.raises(DatabaseError, match="pointing at missing rows"):
        with migrating(store.engine) as connection:
            connection.execute(sa.text("DELETE FROM sessions"))
    assert store.load_session(session_id).answers["client"] == {"goal_fit": 3}


def test_driver_errors_in_an_upgrade_are_storage_errors(engine):
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE sessions (id integer)"))  # in the way
    with pytest.raises(DatabaseError, match="could not be reached|refused"):
        migrate(engine)
    assert at(engine) is None


def test_create_engine_upgrades(db_url):
    engine = create_engine(db_url)
    try:
        assert at(engine) == head_revision()
    finally:
        engine.dispose()
