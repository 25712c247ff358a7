"""The two documents and the calendar, over every example: the agreement carries no score, no
supplier-private answer and no supplier view of the client (with hostile, distinctive private
text planted); the discovery brief carries them; the calendar parses and holds the JSON's dates;
the command line writes each format (run in-process)."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar

import scoring
from agreement import draft_dependencies
from agreement.__main__ import main
from agreement.brief import render_brief_docx, render_brief_markdown
from agreement.calendar import render_ics
from agreement.escape import fold_lines, md_unescape
from agreement.export import KEYS, dependencies_json
from agreement.render import render_docx, render_markdown, shared_answers
from questions import load_session
from questions.session import Session
from questions.words import answer_in_words

MODEL = scoring.load_model()
SECRET_NOTE = "ZEBRA-7731 <b>walk</b> | **below cost** {{ 7*7 }} the client never pays on time"
SECRET_PRICE = 987_654


def planted(bank, path: Path) -> Session:
    """The example with distinctive, hostile supplier-private answers."""
    session = load_session(path.read_text(encoding="utf-8"), bank)
    s = dict(session.answers["supplier"], supplier_notes=SECRET_NOTE, supplier_min_price=SECRET_PRICE,
             supplier_can_decline="no", price_below_minimum="yes", walk_away_terms_set="no")
    return session.model_copy(update={"answers": {"supplier": s, "client": session.answers["client"]}})


def documents(bank, session: Session):
    report = scoring.score(bank, session, MODEL)
    deps = draft_dependencies(bank, session, report)
    return report, deps


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def private_words(bank, session: Session) -> list[str]:
    out = [fold_lines(SECRET_NOTE), "ZEBRA-7731", "987,654", "987654"]
    for q in bank.questions:
        if q.visibility == "supplier_private" and q.id in session.answers["supplier"]:
            words = answer_in_words(q, session.answers["supplier"][q.id])
            if len(words) > 4:  # a bare "Yes" or "No" is no proof of a leak
                out.append(words)
            out.append(q.wording("supplier"))
    return out


def test_the_agreement_holds_no_private_answer_no_score_and_no_view_of_the_other_side(bank, example_path):
    session = planted(bank, example_path)
    report, deps = documents(bank, session)
    texts = {"markdown": md_unescape(render_markdown(session, report, deps)),
             "docx": docx_text(render_docx(session, report, deps)),
             "calendar": Calendar.from_ical(render_ics(session, deps)).to_ical().decode("utf-8")
             .replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n"),
             "json": json.dumps(dependencies_json(session, deps), ensure_ascii=False)}
    mirrored_supplier_wording = [q.wording("supplier") for q in bank.questions if q.mirrored]
    for name, text in texts.items():
        for secret in private_words(bank, session):
            assert secret not in text, f"{name} carries {secret!r}"
        for words in ("/100", "Readiness", "Alignment", "Verdict", "Walk away", "supplier answered"):
            assert words not in text, f"{name} carries {words!r}"
        for wording in mirrored_supplier_wording:  # the supplier's rating of the client
            assert wording not in text, f"{name} carries {wording!r}"


def test_the_agreement_names_no_question_option_or_goal_id(bank, example_path):
    session = load_session(example_path.read_text(encoding="utf-8"), bank)
    report, deps = documents(bank, session)
    text = md_unescape(render_markdown(session, report, deps))
    ids = {q.id for q in bank.questions} | {o.id for q in bank.questions for o in q.options or ()}
    for found in ids:
        if "_" in found:
            assert not re.search(rf"\b{found}\b", text), found
    assert not re.search(r"\bgoal g\d\b|\(goal g\d\)", text)
    for dep in deps:  # every "from" answer it names is named by its question's wording
        for answer in shared_answers(dep):
            assert f"{answer.wording} (" in text
        assert all(not a.rating for a in shared_answers(dep))


def test_the_brief_carries_what_the_agreement_leaves_out(bank, example_path):
    session = planted(bank, example_path)
    report, deps = documents(bank, session)
    text = md_unescape(render_brief_markdown(bank, MODEL, session, report, deps))
    word = docx_text(render_brief_docx(bank, MODEL, session, report, deps))
    for body in (text, fold_lines(word)):
        assert fold_lines(SECRET_NOTE) in body and "987,654 EUR" in body
        assert MODEL.verdicts[report.recommendation].name in body
        for ask in report.asks:
            assert fold_lines(ask.text) in body
        for finding in report.warnings + report.knockouts:
            assert finding.name in body
        for gap in report.gaps:
            assert gap.text in body
        for dep in deps:
            if dep.conflict:
                assert dep.conflict in body


def test_the_calendar_parses_and_holds_the_dates_of_the_json(bank, example_path):
    session = load_session(example_path.read_text(encoding="utf-8"), bank)
    _, deps = documents(bank, session)
    data = dependencies_json(session, deps)
    calendar = Calendar.from_ical(render_ics(session, deps))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    dated = [d for d in data if d["due"]]
    assert len(events) == len(dated)
    by_uid = {uid.split("-", 1)[1].rsplit("@", 1)[0]: e for uid, e in events.items()}
    for dep in dated:
        event = by_uid[dep["id"]]
        assert event.decoded("dtstart").isoformat() == dep["due"]
        assert event["dtstart"].params.get("VALUE") == "DATE"
        description = str(event["description"])
        assert dep["consequence"] in description and dep["what"] in description
        assert (dep["owner"] or "") in description
    again = Calendar.from_ical(render_ics(session, deps))
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events), "UIDs must be stable"


def test_json_has_exactly_the_interface_keys_and_a_conflict_when_late(bank, example_path):
    session = load_session(example_path.read_text(encoding="utf-8"), bank)
    _, deps = documents(bank, session)
    for dep in dependencies_json(session, deps):
        assert tuple(dep) == KEYS
        if dep["due"] and dep["serves"] and dep["due"] > dep["serves"]["date"]:
            assert dep["conflict"]
        assert dep["owner_party"] in ("supplier", "client") and dep["goal"]


@pytest.mark.parametrize("fmt, document", [("md", "agreement"), ("docx", "agreement"), ("ics", "agreement"),
                                           ("json", "agreement"), ("md", "brief"), ("docx", "brief")])
def test_the_command_line_writes_every_format(tmp_path, fmt, document):
    example = Path(__file__).resolve().parent.parent / "examples" / "catalogue_print_date.json"
    out = tmp_path / f"out.{fmt}"
    assert main([str(example), "--format", fmt, "--document", document, "-o", str(out)]) == 0
    data = out.read_bytes()
    if fmt == "json":
        deps = {d["id"]: d for d in json.loads(data)}
        assert deps["deliverable-d2"]["due"] == "2026-11-25"
        assert deps["deliverable-d2"]["serves"] == {"label": "Catalogue goes to print", "date": "2026-11-27"}
        assert deps["review-m1"]["owner"] == "Ingrid Solberg"
    elif fmt == "ics":
        assert b"DTSTART;VALUE=DATE:20261125" in data
    elif fmt == "md":
        text = data.decode("utf-8")
        assert ("Discovery brief" in text) == (document == "brief")
    else:
        assert data[:2] == b"PK"


def test_the_brief_is_not_offered_as_a_calendar(tmp_path, capsys):
    example = Path(__file__).resolve().parent.parent / "examples" / "catalogue_print_date.json"
    assert main([str(example), "--format", "ics", "--document", "brief", "-o", str(tmp_path / "x")]) == 2
    assert "brief" in capsys.readouterr().err
