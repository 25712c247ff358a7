"""Render the draft agreement as Markdown (Jinja2 template) and as DOCX (python-docx).

Both formats read one context built by :func:`agreement_context`, so they always carry the same
sections. In Markdown every ``{{ }}`` output passes through :func:`escape.md_escape` (the
environment's ``finalize``), so no value can add structure whatever a template author forgets;
user text is only ever a value, never template source.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from questions.session import Session
from questions.words import date_words
from scoring.report import Report

from .draft import Dependency, FromAnswer
from .escape import clean as _clean, fold_lines, md_escape
from .rules import RuleSet, default_rules
from .wordxml import Body

TEMPLATES = Path(__file__).parent / "templates"
BRIEF_TEMPLATE = "brief.md.j2"


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                                finalize=md_escape, undefined=StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


_ENV = _env()


def template_names() -> list[str]:
    """Every Markdown template of the agreement (what both sides sign), so tests can render each
    one with every sample; the brief's template is :data:`BRIEF_TEMPLATE`."""
    return sorted(p.name for p in TEMPLATES.glob("*.md.j2") if p.name != BRIEF_TEMPLATE)


def _org(session: Session, party: str) -> str:
    return getattr(session.deal, party) or party.capitalize()


def shared_answers(dep: Dependency) -> list[FromAnswer]:
    """The answers a dependency came from that the agreement may name: facts and commitments the
    client gave, or the owner's side gave for itself; never a rating or one side's view of the
    other (a supplier's rating of the client stays in the discovery brief)."""
    return [a for a in dep.answers if not a.rating and a.party in ("client", dep.who.party)]


def _dependency(session: Session, dep: Dependency, goals: dict[str, str], number: int) -> dict[str, Any]:
    return {
        "number": number, "id": dep.id, "title": dep.title, "what": dep.what, "why": dep.why,
        "goal": goals.get(dep.goal_id, ""),
        "who": f"{dep.who.name} ({_org(session, dep.who.party)})", "party": dep.who.party,
        "when": dep.when, "serves": dep.serves.words() if dep.serves else "",
        "conflict": dep.conflict or "", "how": dep.how, "measure": dep.measure,
        "obstacle": dep.resistance.driver_name, "mitigation": dep.mitigation.text,
        "consequence": dep.consequence, "agreed": "agreed" if dep.agreed else "draft",
        "from": [f"{a.wording} ({_org(session, a.party)}: {a.answer})" for a in shared_answers(dep)],
        "evidence": [{"question": q.wording, "party": _org(session, q.party), "text": q.text}
                     for q in dep.evidence if q.party in ("client", dep.who.party)],
    }


def agreement_context(session: Session, dependencies: Sequence[Dependency],
                      rules: RuleSet | None = None) -> dict[str, Any]:
    """Plain strings and lists for every section of the agreement, shared by both formats: what
    both sides sign, so no score, no verdict and nothing one side answered about the other."""
    rules = rules if rules is not None else default_rules()
    deal, people = session.deal, session.people
    goals = {g.id: g.text for g in session.goals}
    return {
        "deal": deal.name, "date": date_words(deal.date) if deal.date else "not set",
        "supplier": deal.supplier or "Supplier", "client": deal.client or "Client",
        "supplier_person": people.supplier, "client_person": people.client,
        "goals": [g.text for g in session.goals],
        "dependencies": [_dependency(session, d, goals, i) for i, d in enumerate(dependencies, 1)],
        "changes": rules.changes, "acceptance": rules.acceptance,
    }


def render_markdown(session: Session, report: Report, dependencies: Sequence[Dependency], *,
                    template: str = "agreement.md.j2", rules: RuleSet | None = None) -> str:
    """The draft agreement as Markdown; every value is escaped so it reads literally. The report
    is taken so both documents are called alike; the agreement reads nothing from it."""
    context = agreement_context(session, dependencies, rules)
    return _ENV.get_template(template).render(**context)


def clean(text: object) -> str:
    """User text for DOCX: only XML-safe characters, line breaks folded as in Markdown."""
    return fold_lines(_clean(text))


DEPENDENCIES_INTRO = ("Each dependency says what must happen, why, who is accountable, when and how; "
                      "what may get in its way and how both sides reduce it; and the consequence "
                      "if it is not met or is late.")
DETAIL_FIELDS = (("What", "what"), ("Why", "why"), ("Serves the goal", "goal"), ("Who", "who"),
                 ("When", "when"), ("For", "serves"), ("Date to resolve", "conflict"), ("How", "how"),
                 ("Done when", "measure"), ("What may get in the way", "obstacle"),
                 ("How both sides reduce it", "mitigation"), ("Consequence", "consequence"),
                 ("Status", "agreed"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_STYLES = {"normal", "title", "heading 1", "heading 2", "list bullet", "intense quote",
                "table grid", "default paragraph font", "normal table", "no list",
                "title char", "heading 1 char", "heading 2 char", "intense quote char"}


@lru_cache(maxsize=1)
def _docx_template() -> bytes:
    """python-docx's default document with only the styles the agreement uses.

    The default template carries hundreds of styles; parsing, looking up and saving them cost
    most of the render time, so they are dropped once and the slim template is reused.
    """
    from docx import Document

    doc = Document()
    styles = doc.styles.element
    for style in styles.findall(f"{_W}style"):
        name = style.find(f"{_W}name")
        if name is None or name.get(f"{_W}val", "").lower() not in _DOCX_STYLES:
            styles.remove(style)
    for latent in styles.findall(f"{_W}latentStyles"):
        styles.remove(latent)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(session: Session, report: Report, dependencies: Sequence[Dependency], *,
                rules: RuleSet | None = None) -> bytes:
    """The draft agreement as a DOCX with real Heading styles, tables and an acceptance block
    (the same sections as the Markdown; the report is not read)."""
    from docx import Document  # imported here: only the DOCX download needs it

    c = agreement_context(session, dependencies, rules)
    doc = Document(io.BytesIO(_docx_template()))
    doc.core_properties.title = clean(f"Draft agreement: {c['deal']}")[:255]
    body = Body(doc)
    body.heading(clean(f"Draft agreement: {c['deal']}"), 0)
    body.heading("Parties and date", 1)
    body.paragraph(clean(f"{c['supplier']}, represented by {c['supplier_person'] or 'a person to be named'}"),
                   label="Supplier: ")
    body.paragraph(clean(f"{c['client']}, represented by {c['client_person'] or 'a person to be named'}"),
                   label="Client: ")
    body.paragraph(c["date"], label="Date: ")
    body.heading("Agreed goals", 1)
    for goal in c["goals"] or ["No goals agreed yet."]:
        body.paragraph(clean(goal), "bullet")
    body.heading("Dependencies", 1)
    body.paragraph(DEPENDENCIES_INTRO)
    body.table(["#", "What", "Who", "When", "Consequence"],
               [[str(d["number"]), clean(d["what"]), clean(d["who"]), clean(d["when"]),
                 clean(d["consequence"])] for d in c["dependencies"]])
    for d in c["dependencies"]:
        body.heading(clean(f"{d['number']}. {d['title']}"), 2)
        for label, key in DETAIL_FIELDS:
            if d[key]:
                body.paragraph(clean(d[key]), label=f"{label}: ")
        for answer in d["from"]:
            body.paragraph(clean(answer), "bullet", label="From the call: ")
        for quote in d["evidence"]:
            body.paragraph(clean(f"\u201c{quote['text']}\u201d"), "quote",
                           label=clean(f"{quote['party']} answered \u201c{quote['question']}\u201d: "))
    body.heading("How changes are handled", 1)
    body.paragraph(clean(c["changes"]))
    body.heading("Acceptance", 1)
    body.paragraph(clean(c["acceptance"]))
    body.table(["", clean(c["supplier"]), clean(c["client"])],
               [["Name", clean(c["supplier_person"]), clean(c["client_person"])],
                ["Signature", "", ""], ["Date", "", ""]])
    return _save(doc)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
