"""Each command-line tool runs as ``python -m <package>`` in a fresh interpreter and hands its
exit status to the shell. One call per tool, one that fails, since a status of 0 would pass even
if the status were dropped.

What the tools print and decide is tested in-process through their ``main(argv)``:
test_bank.py and test_loader_errors.py (questions), test_scoring_examples.py (scoring),
test_agreement_render.py (agreement), test_storage_cli.py (storage).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module, args, status, message", [
    ("questions", ["check", "{tmp}"], 1, "no *.yaml files"),
    ("scoring", ["{tmp}/bad.json"], 2, "not valid JSON"),
    ("agreement", ["{tmp}/bad.json", "--format", "md"], 2, "not valid JSON"),
    ("storage", ["export", "no-such-id"], 1, "no session with id 'no-such-id'"),
])
def test_python_m_runs_and_exits_with_the_status(tmp_path, db_url, module, args, status, message):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", module, *(a.format(tmp=tmp_path) for a in args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == status, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
