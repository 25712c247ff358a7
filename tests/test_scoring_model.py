"""A malformed model file gives an error naming its file, line and field; a model that names
questions the bank lacks is caught before it can silently score nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from questions import Session
from scoring import ModelError, check_model, load_model, score
from scoring.model import MODEL_PATH

TEXT = MODEL_PATH.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, field, message, at", [
    ("    weight: 0.15\n    owner: client\n    resistance_ask: Agree the goals",
     "    weight: 1.5\n    owner: client\n    resistance_ask: Agree the goals", "areas.goals.weight",
     "less than or equal to 1", "weight: 1.5"),
    ("    weight: 0.20\n    owner: client", "    weight: 0.20\n    owner: vendor",
     "areas.investment.owner", "'supplier' or 'client'", "owner: vendor"),
    ("    resolved_when: {question: accepts_milestone_billing", "    resolved_whan: {question: accepts_milestone_billing",
     "warnings.0.resolved_whan", "Extra inputs", "resolved_whan"),
    ("min_answered_share: 0.5", "min_answered_share: half", "min_answered_share", "valid number", "min_answered_share"),
    ("  gap_points: 2 ", "  gap_points: 2\n  gap_pionts: 2 ", "alignment.gap_pionts", "Extra inputs", "gap_pionts"),
    ("  weights: {readiness: 0.5,", "  weights: {readiness: 0.7,", "resistance.weights", "sum to 1", "weights: {readiness"),
    ("  bands: {medium: 33, high: 60}", "  bands: {medium: 70, high: 60}", "resistance.bands", "medium band", "bands: {medium"),
    ("    min_ratio: 0.5", "    min_ratio: -0.5", "knockouts.hours.min_ratio", "greater than or equal to 0", "min_ratio"),
    ("  proceed_at: {readiness: 70,", "  proceed_at: {readiness: 40,", "decision", "walk-away thresholds", "decision:"),
])
def test_malformed_model_gives_located_error(tmp_path: Path, old: str, new: str, field: str, message: str,
                                             at: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    with pytest.raises(ModelError) as caught:
        load_model(write(tmp_path, text))
    problem = next(p for p in caught.value.problems if p.field == field)
    assert problem.file == "model.yaml" and message in problem.message
    assert problem.line == line_of(text, at)
    assert f"model.yaml:{problem.line}" in str(caught.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = TEXT.replace("min_answered_share: 0.5", "min_answered_share: [0.5", 1)
    with pytest.raises(ModelError) as caught:
        load_model(write(tmp_path, text))
    assert "YAML syntax error" in str(caught.value)
    assert caught.value.problems[0].line is not None
    assert caught.value.problems[0].line >= line_of(text, "min_answered_share")


@pytest.mark.parametrize("text", ["- just\n- a list\n", "# only a comment\n"])
def test_model_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    with pytest.raises(ModelError, match="mapping"):
        load_model(write(tmp_path, text))


def test_missing_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "absent.yaml")


@pytest.mark.parametrize("old, new, field, message", [
    ("{question: resist_routine, party: client}", "{question: resist_routnie, party: client}",
     "resistance.tendency.0", "unknown question 'resist_routnie'"),
    ("committed: {question: hours_committed, party: client}", "committed: {question: hours_committed, party: supplier}",
     "knockouts.hours.committed", "not answered by the supplier"),
    ("  credibility: trust_credibility", "  credibility: client_owner", "trust.credibility", "text question"),
    ("    values: [none]", "    values: [nobody]", "knockouts.decision_maker.values.0", "no option 'nobody'"),
    ("  need:\n    weight: 0.10", "  needs:\n    weight: 0.10", "areas.needs", "unknown area 'needs'"),
    ("    when:\n      any:\n        - {question: pays_on_time, party: client, op: lte, value: 2}",
     "    when:\n      any:\n        - {question: pays_on_tiem, party: client, op: lte, value: 2}",
     "warnings.0.when", "unknown question 'pays_on_tiem'"),
    ("    resolved_when: {question: accepts_milestone_billing, party: client, op: in, value: [\"yes\", with_limits]}",
     "    resolved_when: {question: accepts_milestone_billing, op: in, value: [\"yes\", with_limits]}",
     "warnings.0.resolved_when", "must say whose answer it reads"),
    ("client_owned: [goals.urgency,", "client_owned: [goals.urgent,", "client_owned.0", "unknown sub-dimension"),
])
def test_model_naming_what_the_bank_lacks(tmp_path: Path, bank, old: str, new: str, field: str, message: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    model = load_model(write(tmp_path, text))
    problems = check_model(model, bank)
    problem = next(p for p in problems if p.field == field)
    assert message in problem.message
    assert problem.line == line_of(text, new.strip().splitlines()[0])
    with pytest.raises(ModelError):
        score(bank, Session(deal={"name": "x"}), model)


def test_packaged_model_fits_the_bank(bank) -> None:
    assert check_model(load_model(), bank) == []
