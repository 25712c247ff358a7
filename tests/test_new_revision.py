"""tools/new_revision.py: the next revision written from a change to storage/tables.py."""
from __future__ import annotations

import ast
import importlib.util
import shutil

import sqlalchemy as sa

from storage import migrations, tables
from storage.db import make_engine
from storage_support import ROOT

spec = importlib.util.spec_from_file_location("new_revision", ROOT / "tools" / "new_revision.py")
new_revision = importlib.util.module_from_spec(spec)
spec.loader.exec_module(new_revision)


def test_nothing_to_write_when_the_tables_and_the_revisions_agree(capsys):
    assert new_revision.main(["nothing changed"]) == 1
    assert "agree: nothing to write" in capsys.readouterr().err
    assert new_revision.main([]) == 2


def test_a_changed_table_gets_a_revision_that_brings_databases_to_it(tmp_path, monkeypatch):
    following = f"{int(migrations.head_revision()) + 1:04d}"  # the revision after today's head
    scripts = tmp_path / "alembic"
    shutil.copytree(migrations.SCRIPTS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    changed = sa.MetaData()
    for table in tables.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["answers"].append_column(sa.Column("note", sa.Text, nullable=True))
    monkeypatch.setattr(migrations, "SCRIPTS", scripts)
    monkeypatch.setattr(tables, "metadata", changed)
    migrations.scripts.cache_clear()
    following = f"{int(migrations.head_revision()) + 1:04d}"  # the next after the newest revision
    try:
        assert new_revision.main(["add a note to answers"]) == 0
        written = (scripts / "versions" / f"{following}_add_a_note_to_answers.py").read_text()
        assert "add_column(sa.Column('note', sa.Text()" in written
        imported = {n.module for n in ast.walk(ast.parse(written)) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(ast.parse(written)) if isinstance(n, ast.Import)
                     for a in n.names}
        assert imported == {"__future__", "sqlalchemy", "alembic"}
        engine = make_engine(f"sqlite:///{tmp_path / 'upgraded.db'}")
        try:
            assert migrations.migrate(engine) == following
            assert "note" in {c["name"] for c in sa.inspect(engine).get_columns("answers")}
        finally:
            engine.dispose()
    finally:
        migrations.scripts.cache_clear()
