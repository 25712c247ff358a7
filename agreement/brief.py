"""The discovery brief: the supplier's own document, never shared. It holds what the agreement
leaves out: the verdict in the model's words, the asks, where the two views differ with both
answers, the knock-outs and warnings, the dates that do not fit, the resistance behind each
dependency and the supplier-private answers. Markdown (Jinja2, escaped like the agreement) and
DOCX from one context.
"""
from __future__ import annotations

from typing import Any, Sequence

from questions.schema import Bank
from questions.session import Session
from questions.words import answer_in_words, date_words
from scoring.model import Model
from scoring.report import Report

from .conflict_asks import conflict_asks
from .draft import Dependency
from .render import BRIEF_TEMPLATE, _ENV, _docx_template, _save, clean
from .wordxml import Body


def _num(value: float | None) -> str:
    return "not available" if value is None else f"{value:.0f}"


def _words(bank: Bank, question_id: str, value: Any) -> str:
    question = bank.by_id.get(question_id)
    return answer_in_words(question, value) if question is not None else str(value)


def brief_context(bank: Bank, model: Model, session: Session, report: Report,
                  dependencies: Sequence[Dependency]) -> dict[str, Any]:
    verdict = model.verdicts[report.recommendation]
    asks = list(report.asks) + conflict_asks(session, dependencies)
    private = [q for q in bank.questions if q.visibility == "supplier_private"]
    supplier = session.answers.get("supplier", {})
    return {
        "deal": session.deal.name, "date": date_words(session.deal.date) if session.deal.date else "not set",
        "supplier": session.deal.supplier or "Supplier", "client": session.deal.client or "Client",
        "verdict": verdict.name, "meaning": verdict.meaning, "reasons": list(report.reasons),
        "readiness": _num(report.readiness), "alignment": _num(report.alignment),
        "resistance": _num(report.resistance) + (f" ({report.resistance_band})" if report.resistance_band else ""),
        "areas": [{"title": a.title, "supplier": _num(a.supplier), "client": _num(a.client),
                   "combined": _num(a.combined), "alignment": _num(a.alignment),
                   "resistance": _num(a.resistance) + (f" ({a.resistance_band})" if a.resistance_band else "")}
                  for a in report.areas],
        "asks": [{"text": a.text, "owner": a.owner.capitalize(),
                  "due": date_words(a.due) if a.due else "before signature",
                  "impact": f"{a.impact:.0f}"} for a in asks],
        "gaps": [{"question": g.text, "supplier": _words(bank, g.question, g.supplier),
                  "client": _words(bank, g.question, g.client)} for g in report.gaps],
        "knockouts": [{"name": f.name, "text": f.text} for f in report.knockouts],
        "warnings": [{"name": f.name, "text": f.text,
                      "status": "addressed" if f.resolved else "open"} for f in report.warnings],
        "conflicts": [{"title": d.title, "text": d.conflict} for d in dependencies if d.conflict],
        "dependencies": [{"title": d.title, "who": d.who.name, "party": d.who.party.capitalize(),
                          "when": d.when, "resistance": f"{d.resistance.level}: {d.resistance.reason}",
                          "from": [f"{a.wording} ({a.party}: {a.answer})" for a in d.answers]}
                         for d in dependencies],
        "private": [{"question": q.wording("supplier"), "answer": _words(bank, q.id, supplier[q.id])}
                    for q in private if q.id in supplier],
    }


def render_brief_markdown(bank: Bank, model: Model, session: Session, report: Report,
                          dependencies: Sequence[Dependency]) -> str:
    """The discovery brief as Markdown; every value escaped as in the agreement."""
    context = brief_context(bank, model, session, report, dependencies)
    return _ENV.get_template(BRIEF_TEMPLATE).render(**context)


def render_brief_docx(bank: Bank, model: Model, session: Session, report: Report,
                      dependencies: Sequence[Dependency]) -> bytes:
    from docx import Document

    import io

    c = brief_context(bank, model, session, report, dependencies)
    doc = Document(io.BytesIO(_docx_template()))
    doc.core_properties.title = clean(f"Discovery brief: {c['deal']}")[:255]
    body = Body(doc)
    body.heading(clean(f"Discovery brief: {c['deal']}"), 0)
    body.paragraph(clean(f"For {c['supplier']} only: not to be shared with {c['client']}. Call on {c['date']}."))
    body.heading(clean(f"Verdict: {c['verdict']}"), 1)
    body.paragraph(clean(c["meaning"]))
    body.paragraph(f"Readiness {c['readiness']}/100, alignment {c['alignment']}/100, expected "
                   f"resistance {c['resistance']}.")
    for reason in c["reasons"]:
        body.paragraph(clean(reason), "bullet")
    body.table(["Area", "Supplier", "Client", "Combined", "Alignment", "Resistance"],
               [[clean(a["title"]), a["supplier"], a["client"], a["combined"], a["alignment"],
                 a["resistance"]] for a in c["areas"]])
    body.heading("Asks", 1)
    body.table(["Ask", "Owner", "Due", "Impact"],
               [[clean(a["text"]), a["owner"], a["due"], a["impact"]] for a in c["asks"]] or [["None", "", "", ""]])
    sections = (("Where the two views differ", [f"{g['question']}: supplier {g['supplier']}, client {g['client']}"
                                                for g in c["gaps"]]),
                ("Knock-outs", [f"{k['name']}: {k['text']}" for k in c["knockouts"]]),
                ("Warnings", [f"{w['name']} ({w['status']}): {w['text']}" for w in c["warnings"]]),
                ("Dates that do not fit", [f"{x['title']}: {x['text']}" for x in c["conflicts"]]),
                ("Supplier-private answers", [f"{p['question']}: {p['answer']}" for p in c["private"]]))
    for title, items in sections:
        body.heading(title, 1)
        for item in items or ["None."]:
            body.paragraph(clean(item), "bullet")
    body.heading("Dependencies and the resistance to expect", 1)
    for d in c["dependencies"]:
        body.heading(clean(d["title"]), 2)
        body.paragraph(clean(f"{d['who']} ({d['party']}), {d['when']}"), label="Who and when: ")
        body.paragraph(clean(d["resistance"]), label="Resistance: ")
        for answer in d["from"]:
            body.paragraph(clean(answer), "bullet", label="From: ")
    return _save(doc)
