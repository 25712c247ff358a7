"""Hostile input at the edges where data enters: bank files and session JSON.

Whatever arrives, loading either succeeds or raises the one documented error naming where
and what; it never crashes with another exception.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from answers_support import at_most
from questions import BankError, SessionError, load_bank, load_session, parse_session
from questions.loader import BANK_DIR

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                         st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20)
FIRST_FILE = sorted(BANK_DIR.glob("*.yaml"))[0]


@given(st.text(max_size=400))
def test_any_text_as_session_gives_session_or_session_error(bank, text):
    try:
        load_session(text, bank)
    except SessionError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)


@given(json_values)
def test_any_json_value_as_session_gives_session_or_session_error(bank, value):
    try:
        load_session(json.dumps(value), bank)
    except SessionError as exc:
        assert exc.problems


@given(st.dictionaries(st.sampled_from(["supplier", "client", "other"]),
                       st.dictionaries(st.text(max_size=20), json_values, max_size=5), max_size=3))
def test_any_answers_are_checked_not_crashed_on(bank, answers):
    data = {"format": "groundwork.session/1", "deal": {"name": "Fuzz"}, "answers": answers}
    try:
        session = load_session(json.dumps(data), bank)
    except SessionError as exc:
        assert all(p.startswith(("answers", "format", "deal")) for p in exc.problems), exc.problems
    else:
        assert set(session.answers) == {"supplier", "client"}


def test_unknown_format_version_is_named():
    try:
        parse_session('{"format": "groundwork.session/9", "deal": {"name": "x"}}')
    except SessionError as exc:
        assert "groundwork.session/9" in str(exc)
    else:
        raise AssertionError("an unknown format version was accepted")


def _mutations(data: object) -> st.SearchStrategy:
    """Replace one node of a parsed bank file with an arbitrary value."""
    paths: list[tuple] = []

    def walk(node: object, path: tuple) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path + (key,))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, path + (index,))

    walk(data, ())
    return st.tuples(st.sampled_from(paths[1:]), json_values)


@at_most(60, suppress_health_check=[HealthCheck.function_scoped_fixture])  # copies the bank
@given(data=st.data())
def test_bank_with_one_node_replaced_loads_or_names_the_problem(tmp_path_factory, data):
    original = yaml.safe_load(FIRST_FILE.read_text())
    path, replacement = data.draw(_mutations(original))
    node = original
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = replacement
    directory = tmp_path_factory.mktemp("bank")
    shutil.copytree(BANK_DIR, directory, dirs_exist_ok=True)
    (directory / FIRST_FILE.name).write_text(yaml.safe_dump(original, sort_keys=False))
    try:
        load_bank(directory)
    except BankError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file and problem.message
            assert Path(problem.file).name == problem.file or Path(problem.file).exists()


@at_most(80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_bank_file_of_arbitrary_text_names_the_file(tmp_path_factory, text):
    directory = tmp_path_factory.mktemp("bank")
    (directory / "01_fuzz.yaml").write_text(text, encoding="utf-8")
    try:
        load_bank(directory)
    except BankError as exc:
        assert all(p.file == "01_fuzz.yaml" for p in exc.problems), exc.problems
