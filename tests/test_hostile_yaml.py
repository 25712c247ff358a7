"""A key written twice in one YAML mapping is refused with its file, line and key path, in the bank,
the scoring model and the dependency rules alike (PyYAML alone keeps the last one silently).
Aliases and deep nesting are refused too, whichever of the two parsers (libyaml's, the
pure-Python one) reads the file, and both read our files the same."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import yaml

from agreement.rules import RULES_PATH, RulesError, load_rules
from questions import BankError, load_bank
from questions.loader import BANK_DIR, _BankLoader, _compose, _line_map, read_yaml
from scoring.model import MODEL_PATH, ModelError, load_model


def repeat_line(path: Path, line: str, extra: str) -> int:
    """Add ``extra`` after the first ``line`` of ``path``; the line number where it now stands."""
    text = path.read_text(encoding="utf-8")
    assert line in text
    text = text.replace(line, line + extra, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(line + extra) + len(line)].count("\n") + 1


def test_a_second_visibility_never_makes_a_private_question_shared(tmp_path):
    bank_dir = tmp_path / "bank"
    shutil.copytree(BANK_DIR, bank_dir)
    path = bank_dir / "02_constraints.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: supplier_min_price\n")
    first = text[:text.index("    visibility: supplier_private\n", start)].count("\n") + 1
    text = (text[:start] + text[start:].replace("    visibility: supplier_private\n",
                                                "    visibility: supplier_private\n"
                                                "    visibility: shared\n", 1))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as caught:
        load_bank(bank_dir)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("02_constraints.yaml", first + 1)
    assert problem.field == "questions[supplier_min_price].visibility"
    assert f"appears twice in one place (first on line {first})" in problem.message
    assert str(problem).startswith(f"02_constraints.yaml:{first + 1}, field "
                                   "'questions[supplier_min_price].visibility'")


@pytest.mark.parametrize("source, load, error, line, extra, field", [
    (MODEL_PATH, load_model, ModelError, "min_answered_share: 0.5\n", "min_answered_share: 0.1\n",
     "min_answered_share"),
    (RULES_PATH, load_rules, RulesError,
     "  hours_committed: {question: hours_committed, party: client}\n",
     "  hours_committed: {question: hours_required, party: supplier}\n", "facts.hours_committed"),
], ids=["model setting", "rules fact"])
def test_the_model_and_the_rules_refuse_a_repeated_key(tmp_path, source, load, error, line, extra,
                                                       field):
    path = tmp_path / source.name
    shutil.copy(source, path)
    number = repeat_line(path, line, extra)
    with pytest.raises(error) as caught:
        load(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (source.name, number, field)


def test_a_repeated_key_in_a_flow_mapping_is_found_too(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text("areas: {goals: 1, goals: 2}\n", encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "areas.goals")]


def test_the_shipped_files_have_no_repeated_keys():
    load_bank(BANK_DIR)
    load_model(MODEL_PATH)
    load_rules(RULES_PATH)


@pytest.mark.parametrize("path", [*sorted(BANK_DIR.glob("*.yaml")), MODEL_PATH, RULES_PATH],
                         ids=lambda p: p.name)
def test_both_parsers_read_the_shipped_files_alike(path):
    text = path.read_text(encoding="utf-8")
    fast, node = _compose(text)
    assert isinstance(fast, yaml.CSafeLoader)  # libyaml is in PyYAML's wheel: the fast path is taken
    slow = _BankLoader(text)
    reference = slow.get_single_node()
    assert fast.construct_document(node) == slow.construct_document(reference)
    assert dict(_line_map(node)) == dict(_line_map(reference))


def test_an_alias_is_refused_with_its_line(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text("one: &shared {a: 1}\ntwo: *shared\n", encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    [problem] = caught.value.problems
    assert problem.line == 2 and "anchors and aliases (*name) are not allowed" in problem.message


@pytest.mark.parametrize("text", ["[" * 30_000 + "]" * 30_000, "- " * 30_000 + "x\n"],
                         ids=["flow", "block"])
def test_deep_nesting_is_refused_without_harm_in_a_thread(tmp_path, text):
    """libyaml composes recursively in C: 25,000 levels crashed a thread. Such text goes to the
    pure-Python parser, which refuses it by name; read in a thread as the app reads it."""
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    caught: list[BaseException] = []

    def read() -> None:
        try:
            read_yaml(path)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            caught.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert len(caught) == 1 and isinstance(caught[0], BankError), caught
    assert "nesting is too deep" in str(caught[0]) or "YAML syntax error" in str(caught[0])
