"""The documents: every template renders with every sample; hostile text comes out literally."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, strategies as st

import scoring
from agreement import draft_dependencies
from agreement.__main__ import main
from agreement.escape import clean, fold_lines, md_escape, md_unescape
from agreement.render import render_docx, render_markdown, template_names
from agreement_samples import HOSTILE, SAMPLES
from answers_support import at_most
from questions.session import Session, load_session
from questions.words import shown

ROOT = Path(__file__).resolve().parent.parent


def _inputs(bank, model, session: Session):
    report = scoring.score(bank, session, model)
    return session, report, draft_dependencies(bank, session, report)


def _example(bank, model, path: Path):
    return _inputs(bank, model, load_session(path.read_text(encoding="utf-8"), bank))


def _docx_text(data: bytes) -> tuple[str, Document]:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts), doc


def test_there_are_templates():
    assert "agreement.md.j2" in template_names() and len(template_names()) >= 2


@pytest.mark.parametrize("template", template_names())
def test_every_template_renders_every_example(bank, model, example_path, template):
    session, report, deps = _example(bank, model, example_path)
    text = md_unescape(render_markdown(session, report, deps, template=template))
    assert session.deal.name in text
    for dep in deps:
        assert dep.what in text


@pytest.mark.parametrize("template", template_names())
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_template_renders_every_sample(bank, template, sample):
    session, report = SAMPLES[sample]()
    deps = draft_dependencies(bank, session, report)
    text = render_markdown(session, report, deps, template=template)
    assert md_unescape(text).count(fold_lines(session.deal.name)) >= 1
    assert "<script>" not in text


def test_agreement_has_every_section(bank, model, example_path):
    session, report, deps = _example(bank, model, example_path)
    text = render_markdown(session, report, deps)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == ["Parties and date", "Agreed goals", "Dependencies", "How changes are handled",
                        "Acceptance"]
    plain = md_unescape(text)
    for goal in session.goals:
        assert goal.text in plain
    for area in report.areas:  # the agreement holds no scores: that is the brief's
        assert f"| {area.title} |" not in plain
    assert plain.count("### ") >= len(deps)


def test_docx_opens_with_headings_tables_and_every_dependency(bank, model, example_path):
    session, report, deps = _example(bank, model, example_path)
    text, doc = _docx_text(render_docx(session, report, deps))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    assert len(doc.tables) == 2  # dependencies, acceptance
    for dep in deps:
        assert dep.what in text and dep.consequence in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Acceptance" and "Dependencies" in headings


def _line_shape(line: str) -> tuple:
    """What a line is to a Markdown reader: heading level, table cells, list item, or text."""
    bare = re.sub(r"\\.", "", line)
    if line.startswith("#"):
        return ("heading", len(line) - len(line.lstrip("#")))
    if line.startswith("|"):
        return ("row", bare.count("|"))
    return ("item",) if line.startswith("- ") else ("text", bool(line.strip()))


HOSTILE_TEXTS = {
    "markdown": "# Heading\n## Sub\n- item\n1. one\n> quote\n**bold** _it_ `code` [l](http://x) ~~s~~",
    "html": "<script>alert('x')</script><b onclick=x>hi</b> &amp; &lt;",
    "jinja": "{{ 7*7 }} {% for x in [1] %}loop{% endfor %} {# c #} {{ config }}",
    "pipes": "a | b || c |\n|---|---|",
    "newlines": "first\r\nsecond\rthird\n\n# not a heading\u2028fourth",
    "backslashes": "\\# \\| \\\\ \\<b\\>",
    "long": "x" * 10_000,
    "all": HOSTILE,
}


def _hostile_session(bank, goal: str, answer: str) -> Session:
    return load_session({
        "format": "groundwork.session/1",
        "deal": {"name": "Hostile deal", "supplier": "Acme", "client": "Northwind", "date": "2026-11-23"},
        "people": {"supplier": "Sam Seller", "client": "Cleo Buyer"},
        "goals": [{"id": "g1", "text": goal[:2000]}],
        "answers": {"supplier": {"hours_required": 4},
                    "client": {"hours_committed": 4, "client_owner": answer,
                               "data_access": "partial", "materials_needed": answer}},
    }, bank) if len(answer) <= 2000 else _long_answer(bank, goal, answer)


def _long_answer(bank, goal: str, answer: str) -> Session:
    """Text answers are capped by the bank; the renderer must still cope beyond the cap."""
    session = _hostile_session(bank, goal, "placeholder")
    answers = {p: dict(a) for p, a in session.answers.items()}
    answers["client"]["client_owner"] = answer
    answers["client"]["materials_needed"] = answer
    return session.model_copy(update={"answers": answers})


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_hostile_text_comes_out_literally_and_keeps_structure(bank, model, name):
    hostile = HOSTILE_TEXTS[name]
    benign = _inputs(bank, model, _hostile_session(bank, "A plain goal", "Plain Owner"))
    evil = _inputs(bank, model, _hostile_session(bank, hostile, hostile))
    md_benign, md_evil = render_markdown(*benign), render_markdown(*evil)
    assert [_line_shape(line) for line in md_evil.splitlines()] == \
        [_line_shape(line) for line in md_benign.splitlines()]
    plain = md_unescape(md_evil)
    assert shown(fold_lines(hostile[:2000])) in plain  # the goal, as every page shows it
    assert shown(fold_lines(hostile)) in plain  # the owner's name and the quoted answer
    assert "<script" not in md_evil and "<b " not in md_evil
    text, _ = _docx_text(render_docx(*evil))
    assert fold_lines(clean(hostile[:2000])) in text and fold_lines(clean(hostile)) in text


def test_hostile_report_text_is_escaped_too(bank):
    session, report = SAMPLES["hostile"]()
    deps = draft_dependencies(bank, session, report)
    md = render_markdown(session, report, deps)
    benign_session, benign_report = SAMPLES["full"]()
    benign = render_markdown(benign_session, benign_report,
                             draft_dependencies(bank, benign_session, benign_report))
    assert [_line_shape(line) for line in md.splitlines()] == [_line_shape(line) for line in benign.splitlines()]
    assert shown(fold_lines(HOSTILE)) in md_unescape(md)


@given(st.text(max_size=300))
def test_escape_round_trips_and_adds_no_structure(text):
    escaped = md_escape(text)
    assert md_unescape(escaped) == fold_lines(clean(text))
    assert "\n" not in escaped and "\r" not in escaped and "<" not in escaped
    assert "|" not in re.sub(r"\\.", "", escaped)
    # no line can open as a list item, quote or heading: a leading marker is always escaped
    assert not re.match(r"\s*([-+*>#]|\d+[.)])", escaped)


@at_most(100)  # each example renders Markdown and DOCX
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200))
def test_any_goal_renders_literally_in_both_formats(bank, text):
    session = Session.model_validate({"deal": {"name": "Prop", "client": "C", "supplier": "S"},
                                      "goals": [{"id": "g1", "text": text}]})
    report = SAMPLES["full"]()[1]
    deps = draft_dependencies(bank, session, report)
    md = render_markdown(session, report, deps)
    assert fold_lines(clean(text)) in md_unescape(md)
    assert len(re.findall(r"^## ", md, re.M)) == 5
    docx_text, _ = _docx_text(render_docx(session, report, deps))
    assert fold_lines(clean(text)).strip() in fold_lines(docx_text)


def test_cli_writes_markdown_and_docx(cli, bank, model, tmp_path):
    example = ROOT / "examples" / "hard_to_reach_distrust.json"
    _, _, deps = _example(bank, model, example)
    md, docx_path = tmp_path / "a.md", tmp_path / "a.docx"
    assert cli(main, example, "--format", "md", "-o", md).returncode == 0
    assert cli(main, example, "--format", "docx", "-o", docx_path).returncode == 0
    plain = md_unescape(md.read_text(encoding="utf-8"))
    text, _ = _docx_text(docx_path.read_bytes())
    for dep in deps:
        assert dep.what in plain and dep.what in text


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON"),
    ('{"format": "groundwork.session/9", "deal": {"name": "x"}}', "format"),
    ('{"format": "groundwork.session/1", "deal": {"name": "x"}, '
     '"answers": {"client": {"no_such_question": 1}}}', "answers.client.no_such_question"),
    ('{"format": "groundwork.session/1", "deal": {"name": "x"}, '
     '"answers": {"client": {"hours_committed": "lots"}}}', "expected a number"),
])
def test_cli_bad_session_exits_2_with_a_clear_message(cli, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    done = cli(main, path, "--format", "md", "-o", tmp_path / "out.md")
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.md").exists()
