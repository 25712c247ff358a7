"""No id reaches a person: no question id, option id, goal id or sub-dimension id on any page,
in the agreement or the brief (Markdown and DOCX), or in the reasons, asks and findings, for
every example (issue 9, "plain words").

An id that is also an ordinary word ("commitment", "none", "high") cannot be told apart from
the word, so the search covers every id that is not one: those with an underscore or a digit
(goal_measurable, yes_dated, two_or_more, client_behaviour, g1, ...), matched as whole words.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from agreement import draft_dependencies
from agreement.brief import render_brief_docx, render_brief_markdown
from agreement.render import render_docx, render_markdown
from app_support import APP, frames, texts
from questions import load_bank, load_session
from scoring import score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
BANK = load_bank()
# Proto fields that carry keys and data, not words a person reads.
NOT_WORDS = {"id", "formId", "key", "arrowData", "data", "url", "fragmentId", "scriptHash",
             "pageScriptHash", "iconName", "spec", "datasets"}


def ids() -> set[str]:
    found = {q.id for q in BANK.questions}
    found |= {o.id for q in BANK.questions for o in q.options or ()}
    found |= {s.id for a in BANK.areas for s in a.subs}
    found |= {g.id for p in EXAMPLES for g in load_session(p.read_text(), BANK).goals}
    return {i for i in found if "_" in i or any(ch.isdigit() for ch in i)}


PATTERN = re.compile(r"(?<![\w.-])(" + "|".join(sorted(map(re.escape, ids()), key=len, reverse=True))
                     + r")(?![\w-])")


def words_on(at: AppTest) -> str:
    """Every string a person can read on the page: labels, values, options, help, captions and
    the cells and headers of every table; never widget keys or chart data."""
    found = [texts(at, skip=NOT_WORDS)]
    for frame in frames(at):
        found.extend(str(c) for c in frame.columns)
        found.extend(str(v) for v in frame.astype(str).to_numpy().ravel())
    return "\n".join(found)


def assert_plain(text: str, where: str) -> None:
    hits = sorted(set(PATTERN.findall(text)))
    assert not hits, f"{where} shows ids: {hits}"


def test_the_search_would_find_an_id():
    assert PATTERN.search("differ by 2 points on 'scope_clear'")
    assert PATTERN.search("(supplier yes_dated, client yes_vague)") and PATTERN.search("serves goal g1")
    assert PATTERN.search("in client_behaviour")
    assert not PATTERN.search("Scope: do less, or do it later. Goals: 2 of 5 (Disagree).")


@pytest.fixture
def stored(store):
    return store


def run(query: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_id_on_the_supplier_pages_of_any_example(stored, path):
    session_id = stored.import_json(path.read_text())
    for page in ("ui/pages/review.py", "ui/pages/results.py", "ui/pages/dependencies.py",
                 "ui/pages/sessions.py", "ui/pages/start.py", "ui/pages/pipeline.py"):
        assert_plain(words_on(run({"s": session_id}, page)), f"{path.stem}: {page}")


def test_no_id_on_any_questionnaire_step_or_the_client_link(stored):
    path = next(p for p in EXAMPLES if p.stem == "rosy_supplier")
    session_id = stored.import_json(path.read_text())
    at = run({"s": session_id}, "ui/pages/questionnaire.py")
    for index in range(len(BANK.areas)):
        at.selectbox(key="w.q.area").set_value(index).run()
        assert_plain(words_on(at), f"questionnaire step {index + 1}")
    client = run({"token": stored.create_link(session_id)})
    for index in range(len(client.selectbox(key="w.c.area").options)):
        client.selectbox(key="w.c.area").set_value(index).run()
        assert_plain(words_on(client), f"client link step {index + 1}")


def docx_words(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_id_in_the_documents(path, model):
    session = load_session(path.read_text(), BANK)
    report = score(BANK, session, model)
    deps = draft_dependencies(BANK, session, report)
    assert_plain(render_markdown(session, report, deps), f"{path.stem}: agreement, Markdown")
    assert_plain(docx_words(render_docx(session, report, deps)), f"{path.stem}: agreement, DOCX")
    assert_plain(render_brief_markdown(BANK, model, session, report, deps), f"{path.stem}: brief, Markdown")
    assert_plain(docx_words(render_brief_docx(BANK, model, session, report, deps)),
                 f"{path.stem}: brief, DOCX")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_id_in_the_reasons_asks_and_findings(path, model):
    session = load_session(path.read_text(), BANK)
    report = score(BANK, session, model)
    said = [*report.reasons, *(a.text for a in report.asks), *(c.text for c in report.conditions),
            *(f.text for f in report.knockouts + report.warnings), *(f.name for f in report.warnings)]
    assert_plain("\n".join(said), f"{path.stem}: reasons, asks and findings")
