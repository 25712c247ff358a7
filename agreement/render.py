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
from scoring.report import Report

from .draft import Dependency
from .escape import clean as _clean, fold_lines, md_escape
from .rules import RuleSet, default_rules
from .wordxml import Body

TEMPLATES = Path(__file__).parent / "templates"
VERDICTS = {"proceed": "Proceed", "proceed_with_conditions": "Proceed with conditions",
            "walk_away": "Walk away", "not_enough_answers": "Not enough answers yet"}


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                                finalize=md_escape, undefined=StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


_ENV = _env()


def template_names() -> list[str]:
    """Every Markdown template shipped, so tests can render each one with every sample."""
    return sorted(p.name for p in TEMPLATES.glob("*.md.j2"))


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _band(value: float | None, band: str | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ({band})"


def _dependency(dep: Dependency, goals: dict[str, str], number: int) -> dict[str, Any]:
    return {
        "number": number, "id": dep.id, "title": dep.title, "what": dep.what, "why": dep.why,
        "goal_id": dep.goal_id, "goal": goals.get(dep.goal_id, ""),
        "who": f"{dep.who.name} ({dep.who.party})", "party": dep.who.party, "when": dep.when,
        "how": dep.how, "measure": dep.measure,
        "resistance": f"{dep.resistance.level} ({dep.resistance.driver_name})",
        "resistance_reason": f"{dep.resistance.level}, {dep.resistance.reason}",
        "mitigation": f"{dep.mitigation.tactic}: {dep.mitigation.text}",
        "consequence": dep.consequence, "agreed": "agreed" if dep.agreed else "draft",
        "evidence": [{"question": q.question, "party": q.party, "text": q.text}
                     for q in dep.evidence],
    }


def agreement_context(session: Session, report: Report, dependencies: Sequence[Dependency],
                      rules: RuleSet | None = None) -> dict[str, Any]:
    """Plain strings and lists for every section of the agreement, shared by both formats."""
    rules = rules if rules is not None else default_rules()
    deal, people = session.deal, session.people
    goals = {g.id: g.text for g in session.goals}
    return {
        "deal": deal.name, "date": deal.date.isoformat() if deal.date else "not set",
        "supplier": deal.supplier or "Supplier", "client": deal.client or "Client",
        "supplier_person": people.supplier, "client_person": people.client,
        "goals": [{"id": g.id, "text": g.text} for g in session.goals],
        "verdict": VERDICTS.get(report.recommendation, report.recommendation),
        "readiness": _num(report.readiness), "alignment": _num(report.alignment),
        "resistance": _band(report.resistance, report.resistance_band),
        "reasons": list(report.reasons),
        "areas": [{"title": a.title, "supplier": _num(a.supplier), "client": _num(a.client),
                   "combined": _num(a.combined), "alignment": _num(a.alignment),
                   "direction": a.direction or "n/a",
                   "resistance": _band(a.resistance, a.resistance_band)}
                  for a in report.areas],
        "gaps": [{"question": g.question, "text": g.text, "supplier": str(g.supplier),
                  "client": str(g.client), "difference": f"{g.difference:+g}"}
                 for g in report.gaps],
        "knockouts": [f"{f.name}: {f.text}" for f in report.knockouts],
        "warnings": [f"{f.name}: {f.text}" for f in report.warnings],
        "conditions": [{"text": c.text, "owner": c.owner, "due": c.due or "before signature"}
                       for c in report.conditions],
        "dependencies": [_dependency(d, goals, i) for i, d in enumerate(dependencies, 1)],
        "changes": rules.changes,
    }


def render_markdown(session: Session, report: Report, dependencies: Sequence[Dependency], *,
                    template: str = "agreement.md.j2", rules: RuleSet | None = None) -> str:
    """The draft agreement as Markdown; every value is escaped so it reads literally."""
    context = agreement_context(session, report, dependencies, rules)
    return _ENV.get_template(template).render(**context)


def clean(text: object) -> str:
    """User text for DOCX: only XML-safe characters, line breaks folded as in Markdown."""
    return fold_lines(_clean(text))


DETAIL_FIELDS = (("What", "what"), ("Why", "why"), ("Who", "who"), ("When", "when"), ("How", "how"),
                 ("Done when", "measure"), ("Resistance", "resistance_reason"),
                 ("Mitigation", "mitigation"), ("Consequence", "consequence"), ("Status", "agreed"))
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
    """The draft agreement as a DOCX with real Heading styles, tables and an acceptance block."""
    from docx import Document  # imported here: only the DOCX download needs it

    c = agreement_context(session, report, dependencies, rules)
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
    for goal in c["goals"]:
        body.paragraph(clean(goal["text"]), "bullet", label=clean(f"{goal['id']}: "))
    if not c["goals"]:
        body.paragraph("No goals agreed yet.", "bullet")
    body.heading("Findings that matter", 1)
    body.paragraph(f"Readiness {c['readiness']}/100, alignment {c['alignment']}/100, expected "
                   f"resistance {c['resistance']}.", label=f"Verdict: {c['verdict']}. ")
    for reason in c["reasons"]:
        body.paragraph(clean(reason), "bullet")
    body.table(["Area", "Supplier", "Client", "Combined", "Alignment", "Direction", "Resistance"],
               [[clean(a["title"]), a["supplier"], a["client"], a["combined"], a["alignment"],
                 a["direction"], a["resistance"]] for a in c["areas"]])
    if c["gaps"]:
        body.heading("Where the two views differ", 2)
        body.table(["Question", "Supplier", "Client", "Difference"],
                   [[clean(g["text"]), clean(g["supplier"]), clean(g["client"]), g["difference"]]
                    for g in c["gaps"]])
    for title, items in (("Knock-outs", c["knockouts"]), ("Warnings", c["warnings"])):
        if items:
            body.heading(title, 2)
            for item in items:
                body.paragraph(clean(item), "bullet")
    body.heading("Dependencies", 1)
    body.table(["#", "What", "Who", "When", "Consequence"],
               [[str(d["number"]), clean(d["what"]), clean(d["who"]), clean(d["when"]),
                 clean(d["consequence"])] for d in c["dependencies"]])
    for d in c["dependencies"]:
        body.heading(clean(f"{d['number']}. {d['title']}"), 2)
        for label, key in DETAIL_FIELDS:
            body.paragraph(clean(d[key]), label=f"{label}: ")
        for quote in d["evidence"]:
            body.paragraph(clean(f"\u201c{quote['text']}\u201d"), "quote",
                           label=clean(f"From the answers ({quote['party']}, {quote['question']}): "))
    body.heading("Conditions to proceed", 1)
    for cond in c["conditions"]:
        body.paragraph(clean(f"{cond['text']} (owner: {cond['owner']}, due: {cond['due']})"), "bullet")
    if not c["conditions"]:
        body.paragraph("None.", "bullet")
    body.heading("How changes are handled", 1)
    body.paragraph(clean(c["changes"]))
    body.heading("Acceptance", 1)
    body.table(["", clean(c["supplier"]), clean(c["client"])],
               [["Name", clean(c["supplier_person"]), clean(c["client_person"])],
                ["Signature", "", ""], ["Date", "", ""]])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
