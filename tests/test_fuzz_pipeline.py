"""Hostile input through the whole pipeline: model and rules files, then any valid session
through scoring, drafting and rendering.

A mutated model or rules file either loads or raises its one documented error naming the file
(and the line where there is one); a session with any valid answers and goals scores within
bounds, drafts and renders without crashing, and every goal and quoted text answer comes out
literally in both documents. Sizes beyond the limits are rejected with a message saying which.
(Session JSON and bank files are fuzzed in test_fuzz_inputs.py.)
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import tempfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from agreement import RULES_PATH, RulesError, draft_dependencies, load_rules
from agreement.escape import clean, fold_lines, md_unescape
from agreement.render import render_docx, render_markdown
from answers_support import ANY_TEXT, answer_sets, at_most, texts
from questions import SessionError, load_session, parse_session
from questions.session import MAX_GOALS, MAX_SESSION_BYTES, MAX_TEXT
from scoring import MODEL_PATH, ModelError, check_model, load_model, score

MODEL_TEXT = MODEL_PATH.read_text(encoding="utf-8")
RULES_TEXT = Path(RULES_PATH).read_text(encoding="utf-8")
YAML_BITS = st.sampled_from(["", "-", ":", "- x", "{", "}", "[", "]", "'", '"', "&a", "*a", "!!python/object:os.system",
                             "~", "null", "-1", "1e309", ".nan", "999999", "0", "true", "x: [1, 2", "\t",
                             "areas:", "rules:", "weight: -3", "id: dup"])


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` with a few lines dropped, duplicated, replaced or cut, or values swapped."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "replace", "value", "cut", "indent"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "replace":
            lines[i] = draw(st.one_of(YAML_BITS, ANY_TEXT))
        elif action == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.one_of(YAML_BITS, ANY_TEXT.map(json.dumps)))}"
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
    return "\n".join(lines) + "\n"


def _write(name: str, text: str, directory: str) -> Path:
    path = Path(directory) / name
    path.write_text(text, encoding="utf-8")
    return path


def _assert_located(problems, name: str) -> None:
    assert problems, "an error must list at least one problem"
    for problem in problems:
        assert problem.file == name and str(problem).startswith(name), str(problem)
        assert problem.message.strip(), str(problem)
    assert any(p.line for p in problems), f"no problem names a line: {problems}"


@given(mutated(MODEL_TEXT))
def test_mutated_model_loads_or_gives_located_model_error(bank, text):
    with tempfile.TemporaryDirectory() as directory:
        try:
            model = load_model(_write("model.yaml", text, directory))
        except ModelError as exc:
            _assert_located(exc.problems, "model.yaml")
            return
    problems = check_model(model, bank)
    if problems:
        _assert_located(problems, "model.yaml")
        return
    example = load_session((Path(__file__).parent.parent / "examples").glob("*.json").__next__()
                           .read_text(encoding="utf-8"), bank)
    report = score(bank, example, model)  # a model that loads and fits must score
    _assert_bounds(report)


@at_most(100)
@given(mutated(RULES_TEXT))
def test_mutated_rules_load_or_give_located_rules_error(bank, text):
    with tempfile.TemporaryDirectory() as directory:
        try:
            rules = load_rules(_write("rules.yaml", text, directory), bank)
        except RulesError as exc:
            _assert_located(exc.problems, "rules.yaml")
            return
    from agreement_samples import full
    session, report = full()
    for dep in draft_dependencies(bank, session, report, rules):  # loaded rules must draft
        assert dep.what and dep.who.name and dep.consequence


# -- any valid session through score -> draft -> render ------------------------------------------

EDGE_TEXT = texts(MAX_TEXT)


@st.composite
def sessions(draw, bank):
    goals = draw(st.lists(EDGE_TEXT.filter(lambda t: t.strip()), max_size=MAX_GOALS))
    data = {"format": "groundwork.session/1",
            "deal": {"name": draw(EDGE_TEXT.filter(lambda t: t.strip()))[:200],
                     "supplier": draw(ANY_TEXT), "client": draw(ANY_TEXT),
                     "date": draw(st.one_of(st.none(), st.dates().map(dt.date.isoformat)))},
            "people": {"supplier": draw(ANY_TEXT), "client": draw(ANY_TEXT)},
            "goals": [{"id": f"g{i}", "text": t} for i, t in enumerate(goals, 1)],
            "answers": draw(answer_sets(bank))}
    return load_session(json.dumps(data), bank)  # must be valid: a SessionError here is a bug


def _in_bounds(value, low=0.0, high=100.0) -> bool:
    return value is None or (math.isfinite(value) and low - 1e-9 <= value <= high + 1e-9)


def _assert_bounds(report) -> None:
    assert report.recommendation in ("proceed", "proceed_with_conditions", "walk_away",
                                     "not_enough_answers")
    for value in (report.readiness, report.alignment, report.resistance, report.trust_index):
        assert _in_bounds(value), value
    assert _in_bounds(report.confidence, 0, 1)
    for area in report.areas:
        for value in (area.supplier, area.client, area.combined, area.alignment, area.resistance):
            assert _in_bounds(value), (area.id, value)
        assert _in_bounds(area.confidence, 0, 1)
    shortfall = 0.0 if report.readiness is None else 100 - report.readiness
    assert math.isclose(sum(loss.points for loss in report.losses), shortfall, abs_tol=1e-6)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return fold_lines("\n".join(parts))


def _literal(text: str) -> str:
    return fold_lines(clean(text))


@at_most(100)  # each example scores, drafts and renders Markdown and DOCX
@given(st.data())
def test_any_valid_session_scores_drafts_and_renders_literally(bank, model, data):
    session = data.draw(sessions(bank))
    report = score(bank, session, model)
    _assert_bounds(report)
    deps = draft_dependencies(bank, session, report)
    md = md_unescape(render_markdown(session, report, deps))
    docx = _docx_text(render_docx(session, report, deps))
    assert _literal(session.deal.name) in md and _literal(session.deal.name).strip() in docx
    for goal in session.goals:
        assert _literal(goal.text) in md, goal.text
        assert _literal(goal.text).strip() in docx, goal.text
    for dep in deps:
        assert any(g.id == dep.goal_id for g in session.goals) or not session.goals
        for quote in dep.evidence:
            assert quote.text == session.answers[quote.party][quote.question]
            assert _literal(quote.text) in md and _literal(quote.text).strip() in docx


# -- sizes beyond the limits ----------------------------------------------------------------------

def _base(**changes) -> dict:
    data = {"format": "groundwork.session/1", "deal": {"name": "Limits"},
            "goals": [{"id": "g1", "text": "ok"}], "answers": {"supplier": {}, "client": {}}}
    data.update(changes)
    return data


@pytest.mark.parametrize("data, words", [
    (_base(goals=[{"id": f"g{i}", "text": "goal"} for i in range(MAX_GOALS + 1)]), ["goals", str(MAX_GOALS)]),
    (_base(goals=[{"id": "g1", "text": "x" * (MAX_TEXT + 1)}]), ["goals", str(MAX_TEXT)]),
    (_base(deal={"name": "x" * 201}), ["deal", "name"]),
    (_base(answers={"supplier": {}, "client": {"client_owner": "x" * 20001}}), ["client_owner", "longer"]),
], ids=["too-many-goals", "goal-too-long", "name-too-long", "answer-too-long"])
def test_over_limit_sessions_are_rejected_saying_where(bank, data, words):
    with pytest.raises(SessionError) as info:
        load_session(json.dumps(data), bank)
    message = str(info.value)
    assert all(w in message for w in words), message


def test_over_large_session_file_is_rejected_before_parsing(bank):
    text = json.dumps(_base(padding="x" * MAX_SESSION_BYTES))
    with pytest.raises(SessionError, match="larger than"):
        parse_session(text)


def test_over_large_import_writes_nothing(bank, tmp_path):
    from storage import Store
    from storage.repo import MAX_IMPORT_BYTES
    store = Store.open(f"sqlite:///{tmp_path / 'limits.db'}", bank=bank)
    before = len(store.list_sessions())
    with pytest.raises(SessionError, match="larger than"):
        store.import_json(json.dumps(_base(padding="x" * MAX_IMPORT_BYTES)))
    assert len(store.list_sessions()) == before
    store.import_json(json.dumps(_base()))  # the same path accepts a file within the limit
    assert len(store.list_sessions()) == before + 1
