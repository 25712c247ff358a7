"""python -m storage list | export | import, through its main(argv) in this process (the
interpreter start and exit status are covered by test_cli_modules.py)."""
from __future__ import annotations

import json

import pytest

from answers_support import empty_session, full_session
from storage.__main__ import main
from storage_support import count_rows, every_backend


@every_backend
def test_import_export_list_round_trip(cli, store, bank, db_url, tmp_path, monkeypatch):
    original = full_session(bank, salt=1).to_json()
    source = tmp_path / "session.json"
    source.write_text(original)
    monkeypatch.delenv("GROUNDWORK_DATABASE_URL")
    imported = cli(main, "--url", db_url, "import", source)
    assert imported.returncode == 0, imported.stderr
    session_id = imported.stdout.strip()
    assert store.load_session(session_id) == full_session(bank, salt=1)

    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", db_url)
    exported = cli(main, "export", session_id)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout) == json.loads(original)

    monkeypatch.delenv("GROUNDWORK_DATABASE_URL")
    listed = cli(main, "--url", db_url, "list")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split()[:2] == ["id", "deal"]
    assert len(rows) == 1 and rows[0].startswith(session_id) and "Acme rollout" in rows[0]
    total = store.list_sessions()[0].progress["client"].total
    assert f"{total}/{total}" in rows[0]


@every_backend
def test_list_search_and_archived(cli, store, db_url):
    kept = store.create_session(empty_session("Kept deal"))
    gone = store.create_session(empty_session("Archived deal"))
    store.archive(gone)
    assert [line.split()[0] for line in cli(main, "--url", db_url, "list").stdout.splitlines()[1:]] == [kept]
    every = cli(main, "--url", db_url, "list", "--all").stdout
    assert gone in every and kept in every
    assert gone not in cli(main, "--url", db_url, "list", "--all", "--search", "kept").stdout


@every_backend
@pytest.mark.parametrize("content, expected", [
    ("{oops", "not valid JSON"),
    ('{"format": "groundwork.session/1", "deal": {"name": "x"}, '
     '"answers": {"supplier": {"goal_measurable": "five"}}}', "answers.supplier.goal_measurable"),
    ('["not", "an", "object"]', "JSON object"),
])
def test_malformed_import_exits_non_zero_and_writes_nothing(cli, store, db_url, tmp_path, content,
                                                           expected):
    store.create_session(empty_session())
    before = {t: count_rows(db_url, t) for t in ("sessions", "answers")}
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli(main, "--url", db_url, "import", bad)
    assert result.returncode == 2
    assert "nothing written" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert {t: count_rows(db_url, t) for t in ("sessions", "answers")} == before


@every_backend
def test_missing_file_and_unknown_session_are_clear(cli, db_url, tmp_path):
    missing = cli(main, "--url", db_url, "import", tmp_path / "nope.json")
    assert missing.returncode == 2 and "cannot read the file" in missing.stderr
    unknown = cli(main, "--url", db_url, "export", "no-such-id")
    assert unknown.returncode == 1 and "no session with id 'no-such-id'" in unknown.stderr


def test_default_database_is_the_sqlite_file(cli, tmp_path, monkeypatch):
    env_path = tmp_path / "default" / "gw.db"
    monkeypatch.delenv("GROUNDWORK_DATABASE_URL")
    monkeypatch.setenv("GROUNDWORK_DB_PATH", str(env_path))
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "s.json"
    source.write_text(empty_session().to_json())
    result = cli(main, "import", source)
    assert result.returncode == 0, result.stderr
    assert env_path.is_file() and count_rows(f"sqlite:///{env_path}", "sessions") == 1


@every_backend
def test_list_prints_user_text_literally_on_one_line(cli, store, db_url):
    store.create_session(empty_session("Evil\x1b[31m red\nsecond line\x9b"))
    row = cli(main, "--url", db_url, "list").stdout.splitlines()[1]
    assert "\x1b" not in row and "\x9b" not in row
    assert "Evil\\x1b[31m red second line\\x9b" in row
