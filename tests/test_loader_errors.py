"""Malformed banks give located errors: file, line, question id and field.

Each case copies the real bank into a temporary directory and breaks exactly one thing, so the
test also proves the rest of the bank does not produce stray problems.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from questions import BankError, load_bank
from questions.__main__ import main
from questions.loader import BANK_DIR


@dataclass(frozen=True)
class Break:
    """Replace ``old`` with ``new`` inside question ``after``'s block of ``file``; the error must
    name ``question`` and ``field`` and point at the line holding ``marker`` in the broken file."""

    file: str
    after: str
    old: str
    new: str
    question: str | None
    field: str | None
    message: str
    marker: str | None


CASES = {
    "yaml_syntax": Break("01_goals.yaml", "goal_fit", "    help: If either side doubts",
                         "    help: Why: if either side doubts", None, None,
                         "YAML syntax error", "    help: Why: if either side doubts"),
    "unknown_type": Break("03_investment.yaml", "sponsor_engaged", "type: likert", "type: slider",
                          "sponsor_engaged", "type", "Input should be", "type: slider"),
    "duplicate_id_across_files": Break("05_trust.yaml", "trust_intimacy", "id: trust_intimacy",
                                       "id: commitment", "commitment", "id",
                                       "duplicate question id (first defined in 04_readiness.yaml",
                                       "  - id: commitment"),
    "show_if_unknown_question": Break("01_goals.yaml", "goal_metric", "question: goal_measurable",
                                      "question: goal_measureable", "goal_metric", "show_if",
                                      "condition names unknown question 'goal_measureable'",
                                      "  - id: goal_metric"),
    "show_if_wrong_party": Break("01_goals.yaml", "goal_metric", "question: goal_measurable",
                                 "question: supplier_min_weeks", "goal_metric", "show_if",
                                 "condition reads the client's answer to 'supplier_min_weeks', "
                                 "which only the supplier answers", "  - id: goal_metric"),
    "show_if_unknown_option": Break("05_trust.yaml", "past_failure_story", "[one, two_or_more]",
                                    "[one, two_or_mroe]", "past_failure_story", "show_if",
                                    "condition compares 'past_vendor_failures' with 'two_or_mroe', "
                                    "which is not one of its options", "  - id: past_failure_story"),
    "show_if_cycle": Break("01_goals.yaml", "goal_measurable", "    dont_know: true\n",
                           "    dont_know: true\n    show_if: {question: goal_metric, op: answered, party: client}\n",
                           "goal_measurable", "show_if",
                           "conditions form a cycle: goal_measurable -> goal_metric -> goal_measurable",
                           "  - id: goal_measurable"),
    "option_score_above_one": Break("02_constraints.yaml", "quality_bar", "score: 0.2", "score: 1.5",
                                    "quality_bar", "options.score", "less than or equal to 1",
                                    "score: 1.5"),
    "option_score_below_zero": Break("07_need.yaml", "client_alternatives", "score: 0.4",
                                     "score: -0.4", "client_alternatives", "options.score",
                                     "greater than or equal to 0", "score: -0.4"),
    "missing_client_wording": Break("01_goals.yaml", "goal_fit",
                                    "      client: What the supplier proposes is the right way for us"
                                    " to reach our goal.\n", "", "goal_fit", "text",
                                    "missing the client's wording", "    text:"),
    "unknown_key": Break("06_control.yaml", "co_creates", "    type: frequency\n",
                         "    type: frequency\n    colour: blue\n", "co_creates", "colour",
                         "Extra inputs are not permitted", "    colour: blue"),
    "unknown_sub_dimension": Break("04_readiness.yaml", "efficacy", "sub: efficacy", "sub: confidence",
                                   "efficacy", "sub", "unknown sub-dimension 'confidence'",
                                   "sub: confidence"),
}


def break_bank(tmp_path: Path, case: Break) -> tuple[Path, int | None]:
    """Copy the real bank, apply one break, and return the directory and the marker's line."""
    bank_dir = tmp_path / "bank"
    shutil.copytree(BANK_DIR, bank_dir)
    path = bank_dir / case.file
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {case.after}\n")
    at = text.index(case.old, start)
    text = text[:at] + case.new + text[at + len(case.old):]
    path.write_text(text, encoding="utf-8")
    if case.marker is None:
        return bank_dir, None
    lines = text.splitlines()
    if case.marker.startswith("  - id: "):
        # the question's block start
        return bank_dir, lines.index(case.marker) + 1
    start_line = text[:start].count("\n")
    return bank_dir, next(i + 1 for i, line in enumerate(lines)
                          if i >= start_line and case.marker in line)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_bank_gives_located_error(tmp_path, name):
    case = CASES[name]
    bank_dir, line = break_bank(tmp_path, case)
    with pytest.raises(BankError) as info:
        load_bank(bank_dir)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file == case.file
    assert problem.question == case.question
    assert problem.field == case.field
    assert case.message in problem.message
    assert problem.line == line
    text = str(problem)
    assert text.startswith(f"{case.file}:{line}")
    if case.question:
        assert f"question '{case.question}'" in text


@pytest.mark.parametrize("name", ["yaml_syntax", "show_if_cycle", "option_score_above_one",
                                  "missing_client_wording"])
def test_check_command_reports_and_exits_one(cli, tmp_path, name):
    case = CASES[name]
    bank_dir, line = break_bank(tmp_path, case)
    run = cli(main, "check", bank_dir)
    assert run.returncode == 1
    assert run.stdout == ""
    assert f"error: {case.file}:{line}" in run.stderr
    assert case.message in run.stderr
    assert "Traceback" not in run.stderr


def test_every_broken_file_is_reported_at_once(tmp_path):
    bank_dir, _ = break_bank(tmp_path, CASES["unknown_type"])
    path = bank_dir / "06_control.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("score: 0.8", "score: 8", 1),
                    encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(bank_dir)
    assert {(p.file, p.question) for p in info.value.problems} == {
        ("03_investment.yaml", "sponsor_engaged"), ("06_control.yaml", "cancellation_notice")}


def test_empty_directory_is_an_error(tmp_path):
    with pytest.raises(BankError, match=r"no \*\.yaml files"):
        load_bank(tmp_path)


def test_file_that_is_not_a_mapping(tmp_path):
    (tmp_path / "01_list.yaml").write_text("# a header\n- just\n- a list\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(tmp_path)
    assert info.value.problems[0].file == "01_list.yaml"
    assert "expected a mapping" in info.value.problems[0].message
