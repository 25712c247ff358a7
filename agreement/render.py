"""Render the draft agreement as Markdown (Jinja2 template) and as DOCX (python-docx).

Both formats read one context built by :func:`agreement_context`, so they always carry the same
sections. In Markdown every ``{{ }}`` output passes through :func:`escape.md_escape` (the
environment's ``finalize``), so no value can add structure whatever a template author forgets;
user text is only ever a value, never template source.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Sequence

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from questions.session import Session
from scoring.report import Report

from .draft import Dependency
from .escape import clean, md_escape
from .rules import RuleSet, load_rules

TEMPLATES = Path(__file__).parent / "templates"
VERDICTS = {"proceed": "Proceed", "proceed_with_conditions": "Proceed with conditions",
            "walk_away": "Walk away"}


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
    rules = rules if rules is not None else load_rules()
    deal, people = session.deal, session.people
    goals = {g.id: g.text for g in session.goals}
    return {
        "deal": deal.name, "date": deal.date.isoformat() if deal.date else "not set",
        "supplier": deal.supplier or "Supplier", "client": deal.client or "Client",
        "supplier_person": people.supplier, "client_person": people.client,
        "goals": [{"id": g.id, "text": g.text} for g in session.goals],
        "verdict": VERDICTS.get(report.recommendation, report.recommendation),
        "readiness": _num(report.readiness), "alignment": _num(report.alignment),
        "resistance": f"{_num(report.resistance)} ({report.resistance_band})",
        "reasons": list(report.reasons),
        "areas": [{"title": a.title, "supplier": _num(a.supplier), "client": _num(a.client),
                   "combined": _num(a.combined), "alignment": _num(a.alignment),
                   "direction": a.direction or "n/a",
                   "resistance": f"{_num(a.resistance)} ({a.resistance_band})"}
                  for a in report.areas],
        "gaps": [{"question": g.question, "text": g.text, "supplier": str(g.supplier),
                  "client": str(g.client), "difference": f"{g.difference:+g}"}
                 for g in report.gaps],
        "knockouts": [f.message for f in report.knockouts],
        "warnings": [f.message for f in report.warnings],
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


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = clean(text)


def render_docx(session: Session, report: Report, dependencies: Sequence[Dependency], *,
                rules: RuleSet | None = None) -> bytes:
    """The draft agreement as a DOCX with real Heading styles, tables and an acceptance block."""
    from docx import Document  # imported here: only the DOCX download needs it

    c = agreement_context(session, report, dependencies, rules)
    doc = Document()
    doc.core_properties.title = clean(f"Draft agreement: {c['deal']}")[:255]
    doc.add_heading(clean(f"Draft agreement: {c['deal']}"), level=0)
    doc.add_heading("Parties and date", level=1)
    doc.add_paragraph(clean(f"Supplier: {c['supplier']}, represented by {c['supplier_person'] or 'to be named'}"))
    doc.add_paragraph(clean(f"Client: {c['client']}, represented by {c['client_person'] or 'to be named'}"))
    doc.add_paragraph(f"Date: {c['date']}")
    doc.add_heading("Agreed goals", level=1)
    for goal in c["goals"] or [{"id": "-", "text": "No goals agreed yet."}]:
        doc.add_paragraph(clean(f"{goal['id']}: {goal['text']}"), style="List Bullet")
    doc.add_heading("Findings that matter", level=1)
    doc.add_paragraph(f"Verdict: {c['verdict']}. Readiness {c['readiness']}/100, alignment "
                      f"{c['alignment']}/100, expected resistance {c['resistance']}.")
    for reason in c["reasons"]:
        doc.add_paragraph(clean(reason), style="List Bullet")
    _table(doc, ["Area", "Supplier", "Client", "Combined", "Alignment", "Direction", "Resistance"],
           [[a["title"], a["supplier"], a["client"], a["combined"], a["alignment"],
             a["direction"], a["resistance"]] for a in c["areas"]])
    if c["gaps"]:
        doc.add_heading("Where the two views differ", level=2)
        _table(doc, ["Question", "Supplier", "Client", "Difference"],
               [[g["text"], g["supplier"], g["client"], g["difference"]] for g in c["gaps"]])
    for title, items in (("Knock-outs", c["knockouts"]), ("Warnings", c["warnings"])):
        if items:
            doc.add_heading(title, level=2)
            for item in items:
                doc.add_paragraph(clean(item), style="List Bullet")
    doc.add_heading("Dependencies", level=1)
    _table(doc, ["#", "What", "Who", "When", "Consequence"],
           [[str(d["number"]), d["what"], d["who"], d["when"], d["consequence"]]
            for d in c["dependencies"]])
    for d in c["dependencies"]:
        doc.add_heading(clean(f"{d['number']}. {d['title']}"), level=2)
        for label, key in (("What", "what"), ("Why", "why"), ("Who", "who"), ("When", "when"),
                           ("How", "how"), ("Done when", "measure"),
                           ("Resistance", "resistance_reason"), ("Mitigation", "mitigation"),
                           ("Consequence", "consequence"), ("Status", "agreed")):
            para = doc.add_paragraph()
            para.add_run(label + ": ").bold = True
            para.add_run(clean(d[key]))
        for quote in d["evidence"]:
            doc.add_paragraph(clean(f"From the answers ({quote['party']}, {quote['question']}): "
                                    f"\u201c{quote['text']}\u201d"), style="Intense Quote")
    doc.add_heading("Conditions to proceed", level=1)
    for cond in c["conditions"] or [{"text": "None.", "owner": "-", "due": "-"}]:
        doc.add_paragraph(clean(f"{cond['text']} (owner: {cond['owner']}, due: {cond['due']})"),
                          style="List Bullet")
    doc.add_heading("How changes are handled", level=1)
    doc.add_paragraph(clean(c["changes"]))
    doc.add_heading("Acceptance", level=1)
    _table(doc, ["", c["supplier"], c["client"]],
           [["Name", c["supplier_person"], c["client_person"]], ["Signature", "", ""],
            ["Date", "", ""]])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
