"""The command lines across deals: python -m scoring calibrate (JSON from the database) and
python -m storage outcomes import FILE.csv / export, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from storage_support import every_backend

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import synthetic  # noqa: E402
from scoring.__main__ import main as scoring_main  # noqa: E402
from storage.__main__ import main as storage_main  # noqa: E402

pytestmark = every_backend


def test_calibrate_prints_the_report_as_json(cli, db_url, open_store, bank, tmp_path):
    store = open_store()
    synthetic.write(store.engine, bank, 60, seed=12)
    done = cli(scoring_main, "calibrate", "--url", db_url, "--patched", str(tmp_path / "model.yaml"))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["discoveries"] == 60  # the stale reports were computed first
    assert set(report["metrics"]) == {"winning", "on_time"}
    assert sum(sum(row.values()) for row in report["verdict_vs_sales"].values()) == 60
    broken = tmp_path / "broken.yaml"
    broken.write_text("areas: {}\n")
    bad = cli(scoring_main, "calibrate", "--url", db_url, "--model", str(broken))
    assert bad.returncode == 2 and "cannot use the bank or the model" in bad.stderr


def test_outcomes_export_and_import_by_command_line(cli, db_url, open_store, bank, tmp_path):
    store = open_store()
    ids = synthetic.write(store.engine, bank, 12, seed=13)
    exported = cli(storage_main, "--url", db_url, "outcomes", "export")
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert lines[0] == "session_id,deal,sales,sales_date,delivery,delivery_note"
    logged = [line.split(",")[0] for line in lines[1:]]
    assert logged and set(logged) <= set(ids)
    fresh = open_store()  # a second database holding the same sessions, without outcomes
    with fresh.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM outcomes")
    path = tmp_path / "outcomes.csv"
    path.write_text(exported.stdout)
    imported = cli(storage_main, "--url", db_url, "outcomes", "import", str(path))
    assert imported.returncode == 0 and f"{len(logged)} outcomes imported" in imported.stdout
    assert cli(storage_main, "--url", db_url, "outcomes", "export").stdout == exported.stdout
    path.write_text("session_id,sales\nnot-a-session,won\n")
    refused = cli(storage_main, "--url", db_url, "outcomes", "import", str(path))
    assert refused.returncode == 2 and "no session with id 'not-a-session'" in refused.stderr
