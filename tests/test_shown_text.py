"""Typed text is shown one way everywhere (questions.words.shown): hidden and reordering characters
as a visible "[U+202E]", and no web or e-mail address a Markdown reader would make a link, on
every page (AppTest), in the Markdown agreement and in the DOCX."""
from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document
from hypothesis import given, strategies as st

from agreement import draft_dependencies
from agreement.escape import md_unescape
from agreement.render import render_docx, render_markdown
from answers_support import full_session
from app_support import app_state, open_app, plain
from questions import parse_session
from questions.words import HIDDEN_CHARACTERS, shown
from scoring import score
from ui.present.markdown import escape_markdown

# GitHub-flavoured Markdown's literal autolinks, as the reader Streamlit uses finds them in text
# (mdast-util-gfm-autolink-literal): after escapes and entities are undone.
URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE)
EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
ADDRESSES = "see https://phish.example/a, WWW.phish.example or write to jane.doe+x@phish.example"
REORDERED = "Acme \u202etxt.exe\u202c \u200bzero\u2066iso\u2069 \ufeffbom \u061carabic \u200fmark"
HOSTILE = f"{REORDERED} {ADDRESSES}"


def linkable(text: str) -> list[str]:
    return [m.group() for m in URL.finditer(text)] + [m.group() for m in EMAIL.finditer(text)]


def test_each_hidden_character_shows_as_its_code():
    assert shown("a\u202eb\u200bc\ufeff") == "a[U+202E]b[U+200B]c[U+FEFF]"
    assert {shown(ch) for ch in HIDDEN_CHARACTERS} == {f"[U+{ord(ch):04X}]" for ch in HIDDEN_CHARACTERS}


def test_addresses_read_the_same_but_link_nowhere():
    out = shown(ADDRESSES)
    assert linkable(ADDRESSES) and not linkable(out)
    assert out == ("see https\u2236//phish.example/a, WWW\u2024phish.example or write to "
                   "jane.doe+x\uff20phish.example")


def test_ordinary_text_is_unchanged():
    assert shown("Cut churn to 7% by Q3: weekly, 2.5 hours (é, 中文, 👍)") == \
        "Cut churn to 7% by Q3: weekly, 2.5 hours (é, 中文, 👍)"


@given(st.text(alphabet=st.sampled_from("htps:/w.@ax-_+1" + HIDDEN_CHARACTERS)) | st.text())
def test_nothing_hidden_or_linkable_survives(text):
    out = shown(text)
    assert not set(out) & set(HIDDEN_CHARACTERS)
    assert not linkable(out)
    page = plain(escape_markdown(text))
    assert not set(page) & set(HIDDEN_CHARACTERS) and not linkable(page)
    assert page == out  # the page shows exactly the rule's text, once unescaped


def hostile_session(bank):
    """A full discovery whose deal name, goal and every text answer carry hidden characters and
    addresses."""
    data = json.loads(full_session(bank, salt=1).to_json())
    data["deal"]["name"] = HOSTILE[:200]
    data["goals"] = [{"id": "g1", "text": HOSTILE}]
    for answers in data["answers"].values():
        for qid in answers:
            if bank.by_id[qid].type == "text":
                answers[qid] = HOSTILE
    return parse_session(data)


def test_the_markdown_agreement_and_the_docx_show_the_markers_and_no_links(bank, model):
    session = hostile_session(bank)
    report = score(bank, session, model)
    deps = draft_dependencies(bank, session, report)
    md = render_markdown(session, report, deps)
    assert "[U+202E]" in md_unescape(md) and shown(HOSTILE) in md_unescape(md)
    assert not set(md) & set(HIDDEN_CHARACTERS) and not linkable(md_unescape(md))
    document = Document(io.BytesIO(render_docx(session, report, deps)))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert shown(HOSTILE) in text and not set(text) & set(HIDDEN_CHARACTERS) and not linkable(text)


def shown_on_page(at) -> list[str]:
    """Every piece of Markdown the page renders (text, captions, notices, headings, expander
    labels, table cells), unescaped as the reader sees it."""
    found = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "success",
                                  "title", "header", "subheader") for e in getattr(at, kind)]
    found += [e.label for e in at.expander]
    found += [str(v) for t in [*at.table, *at.dataframe] for v in t.value.to_numpy().ravel()]
    return [plain(text) for text in found]


@pytest.mark.parametrize("page", ["ui/pages/review.py", "ui/pages/results.py",
                                  "ui/pages/dependencies.py", "ui/pages/sessions.py",
                                  "ui/pages/pipeline.py", "ui/pages/questionnaire.py",
                                  "ui/pages/start.py", "client"])
def test_no_page_shows_a_hidden_character_or_makes_a_link(store, bank, page):
    session_id = store.create_session(hostile_session(bank))
    if page == "client":
        at = open_app({"token": store.create_link(session_id)})
    else:
        at = open_app({"s": session_id}, page)
    assert not at.exception, at.exception
    texts = shown_on_page(at)
    everything = "\n".join(texts)
    assert not set(everything) & set(HIDDEN_CHARACTERS)
    assert not linkable(everything), linkable(everything)
    if page in ("ui/pages/review.py", "ui/pages/dependencies.py", "ui/pages/questionnaire.py",
                "ui/pages/results.py", "ui/pages/sessions.py", "ui/pages/pipeline.py"):
        assert "[U+202E]" in everything  # the deal name, a goal or an answer is on the page


def test_a_text_box_says_which_hidden_characters_its_answer_holds(store, bank):
    session = hostile_session(bank)
    assert session.answers["client"]["goal_metric"] == HOSTILE  # a text question of the first step
    at = open_app({"token": store.create_link(store.create_session(session))})
    at.button(key="c.begin").click().run()
    assert not at.exception, at.exception
    notes = [plain(c.value) for c in at.caption if "the box does not show" in c.value]
    assert notes and all("[U+202E]" in n and "[U+200B]" in n for n in notes)
    assert not any(set(n) & set(HIDDEN_CHARACTERS) for n in notes)


def test_a_table_cell_refused_with_an_address_does_not_link_it():
    from app_support import new_app
    from ui.present.rows import version

    at = new_app()
    next(b for b in at.button if b.key and b.key.startswith("start.example.")
         and plain(b.label) == "Open: Fjord & Furu winter catalogue").click().run()
    at.switch_page("ui/pages/review.py").run()
    before = app_state(at)["gw.session"].answers["client"]["client_deliverables"]
    at.button(key="r.edit.client.client_deliverables").click().run()
    at.session_state[f"w.r.client.client_deliverables.{version(before)}"] = {
        "edited_rows": {0: {"by": "x@ab.no"}}, "deleted_rows": [], "added_rows": []}
    at.run()
    assert not at.exception, at.exception
    waiting = [c.value for c in at.caption if "Not saved yet" in c.value]
    assert waiting and "x\uff20ab.no" in plain(waiting[0]) and not linkable(plain(waiting[0]))
