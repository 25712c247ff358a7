"""Session files with hostile numbers or repeated keys: refused with a located, plain message by the
reader, the CLI and the app's import, never a traceback, nothing written."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

from answers_support import full_session
from app_support import open_app, plain
from questions import SessionError, load_session
from questions.jsontext import MAX_NUMBER_DIGITS, JsonError, loads
from questions.words import is_number
from storage.__main__ import main
from storage_support import count_rows

SESSIONS = "ui/pages/sessions.py"
BUDGET = "What budget do you have in mind for this work, in euros?"


def with_budget(bank, number_text: str) -> str:
    """A valid session file whose client budget answer is ``number_text``, spelt literally."""
    data = json.loads(full_session(bank, salt=1).to_json())
    data["answers"]["client"]["budget_amount"] = 424242
    return json.dumps(data).replace("424242", number_text)


def test_the_budget_question_reads_as_expected(bank):
    assert bank.by_id["budget_amount"].text.for_party("client") == BUDGET


@pytest.mark.parametrize("number, why", [
    ("9" * 5000, "a number with 5,000 digits is too long"),
    ("-" + "1" * 31, f"a number with {MAX_NUMBER_DIGITS + 1} digits is too long"),
    ("1e999", "the number is too large"),
    ("NaN", "'NaN' is not a number that can be used"),
    ("-Infinity", "'-Infinity' is not a number that can be used"),
])
def test_oversize_and_non_finite_numbers_are_refused_where_they_are(bank, number, why):
    with pytest.raises(SessionError) as caught:
        load_session(with_budget(bank, number), bank)
    assert caught.value.problems == [f"answer to '{BUDGET}', for the client: {why}"]


def test_numbers_of_ordinary_length_still_read(bank):
    assert load_session(with_budget(bank, "1" * 6), bank).answers["client"]["budget_amount"] == 111111


def test_a_repeated_key_is_refused_with_its_place(bank):
    text = with_budget(bank, "10").replace('"name": ', '"name": "First", "name": ', 1)
    with pytest.raises(SessionError) as caught:
        load_session(text, bank)
    assert caught.value.problems == ["deal: the key 'name' appears more than once"]


def test_every_refusal_is_reported_at_once():
    with pytest.raises(JsonError) as caught:
        loads('{"a": [1, NaN, {"b": 1, "b": 2}], "a": Infinity}')
    assert sorted(caught.value.problems) == sorted([
        ((), "the key 'a' appears more than once"),
        (("a",), "'Infinity' is not a number that can be used"),
    ])
    with pytest.raises(JsonError) as nested:
        loads('{"a": [1, NaN, {"b": 1, "b": 2}]}')
    assert nested.value.problems == [(("a", 1), "'NaN' is not a number that can be used"),
                                     (("a", 2), "the key 'b' appears more than once")]


@given(st.recursive(st.none() | st.booleans() | st.integers(-10**20, 10**20)
                    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=10))
def test_ordinary_json_reads_as_python_reads_it(value):
    text = json.dumps(value)
    assert loads(text) == json.loads(text)


def test_an_integer_too_large_for_a_float_is_not_a_number():
    assert not is_number(10 ** 400) and is_number(10 ** 20)


def test_cli_import_of_a_huge_number_says_where_without_a_traceback(cli, store, bank, db_url, tmp_path):
    before = count_rows(db_url, "sessions")
    bad = tmp_path / "huge.json"
    bad.write_text(with_budget(bank, "9" * 5000))
    result = cli(main, "--url", db_url, "import", bad)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"answer to '{BUDGET}', for the client: a number with 5,000 digits is too long" in result.stderr
    assert count_rows(db_url, "sessions") == before


@pytest.mark.parametrize("number, why", [("9" * 5000, "a number with 5,000 digits is too long"),
                                         ("NaN", "'NaN' is not a number that can be used")])
def test_the_app_import_shows_where_and_keeps_nothing(open_store, bank, number, why):
    store = open_store()
    at = open_app(page=SESSIONS)
    at.file_uploader(key="sessions.upload").upload("huge.json", with_budget(bank, number).encode(),
                                                   "application/json").run()
    assert not at.exception, at.exception
    message = plain(at.error[0].value)
    assert "was not imported" in message
    assert f"answer to '{BUDGET}', for the client: {why}" in message
    assert store.list_sessions(include_archived=True) == []


def test_an_outcomes_file_naming_a_column_twice_is_refused(cli, store, bank, db_url, tmp_path):
    from storage.outcomes import OutcomeError, parse_csv

    text = "session_id,sales,deal,sales\nabc,won,Acme,lost\n"
    with pytest.raises(OutcomeError) as caught:
        parse_csv(text)
    assert caught.value.problems == ["line 1: the header row names 'sales' twice (columns 2 and 4)"]
    bad = tmp_path / "outcomes.csv"
    bad.write_text(text)
    result = cli(main, "--url", db_url, "outcomes", "import", bad)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "names 'sales' twice" in result.stderr


@given(st.from_regex(r"\A-?(0|[1-9][0-9]{0,5999})(\.[0-9]{1,50})?([eE][+-]?[0-9]{1,6})?\Z"))
def test_any_number_literal_reads_or_is_refused_plainly(literal):
    try:
        value = loads(f"[{literal}]")[0]
    except JsonError as exc:
        [(place, why)] = exc.problems
        assert place == (0,) and ("too long" in why or "too large" in why)
    else:
        assert is_number(value)


def test_a_repeated_key_is_quoted_as_text_is_shown():
    with pytest.raises(JsonError) as caught:
        loads('{"a\\u202eb": 1, "a\\u202eb": 2}')
    assert caught.value.problems == [((), "the key 'a[U+202E]b' appears more than once")]


@pytest.mark.parametrize("module, extra", [("scoring", []), ("agreement", ["--format", "md"])])
def test_the_other_commands_refuse_it_the_same_way(cli, bank, tmp_path, module, extra):
    import importlib

    main_of = importlib.import_module(f"{module}.__main__").main
    source = tmp_path / "huge.json"
    source.write_text(with_budget(bank, "9" * 5000))
    out = [] if module == "scoring" else ["-o", str(tmp_path / "out.md")]
    result = cli(main_of, str(source), *extra, *out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "a number with 5,000 digits is too long" in result.stderr
