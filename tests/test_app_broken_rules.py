"""A broken dependency rules file is shown on the pages that draft dependencies as its located
problems, in plain words, never as a traceback; the rest of the results page still shows."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agreement.rules import RULES_PATH
from app_support import DEPS, open_example, plain
from ui.session import resources

RESULTS = "ui/pages/results.py"
EXAMPLE = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))[0]
DEAL = json.loads(EXAMPLE.read_text())["deal"]["name"]


@pytest.fixture
def broken_rules(tmp_path, monkeypatch) -> Path:
    """The shipped rules with one fact naming a question the bank does not have."""
    broken = tmp_path / "rules.yaml"
    text = RULES_PATH.read_text(encoding="utf-8")
    old = "hours_committed: {question: hours_committed, party: client}"
    assert old in text
    broken.write_text(text.replace(old, "hours_committed: {question: hours_comitted, party: client}"),
                      encoding="utf-8")
    monkeypatch.setenv("GROUNDWORK_RULES_FILE", str(broken))
    return broken


def test_the_dependencies_page_shows_the_located_problem(broken_rules):
    at = open_example(DEAL, DEPS)
    assert not at.exception, at.exception
    message = plain(at.error[0].value)
    assert "dependency rules could not be loaded" in message
    assert "rules.yaml:" in message and "hours_comitted" in message
    assert "Traceback" not in message and str(broken_rules.parent) not in message
    assert not at.get("arrow_data_frame") and not at.button  # the page stopped there


def test_the_results_page_keeps_its_scores_and_says_why_the_dates_are_missing(broken_rules):
    at = open_example(DEAL, RESULTS)
    assert not at.exception, at.exception
    assert "dependency rules could not be loaded" in plain(at.error[-1].value)
    assert at.get("vega_lite_chart")  # the scores were drawn before the rules were needed


def test_a_syntax_error_in_the_rules_is_located_too(tmp_path, monkeypatch):
    broken = tmp_path / "rules.yaml"
    broken.write_text(RULES_PATH.read_text(encoding="utf-8").replace("facts:", "facts: [", 1),
                      encoding="utf-8")
    monkeypatch.setenv("GROUNDWORK_RULES_FILE", str(broken))
    assert resources.rules_file() == str(broken)
    loaded = resources.loaded_rules()
    assert loaded.rules is None and str(loaded.problems[0]).startswith("rules.yaml:")


def test_the_shipped_rules_load_by_default(monkeypatch):
    monkeypatch.delenv("GROUNDWORK_RULES_FILE", raising=False)
    assert resources.loaded_rules().rules is not None
