"""Does a scoring model fit a bank? Every question the model names must exist, be answered by
the party the model says, have a type its rule can read, and offer the options it compares.

Kept apart from :mod:`scoring.model` so the model file's own validation stays readable;
score() calls :func:`require_fit` once per (bank, model) pair.
"""
from __future__ import annotations

from typing import Iterator

from questions.loader import Problem, locate
from questions.schema import Bank

from .model import ChoiceRule, Model, ModelError


def _refs(model: Model) -> Iterator[tuple[str, str, str | None, tuple[str, ...]]]:
    """(field, question, party or None, allowed types) for every question the model names."""
    scored = ("likert", "frequency", "choice", "multi", "number")
    scale = ("likert", "frequency")
    for i, ref in enumerate(model.resistance.tendency):
        yield f"resistance.tendency.{i}", ref.question, ref.party, scored
    if model.trust:
        t = model.trust
        for name in ("credibility", "reliability", "intimacy", "self_orientation"):
            yield f"trust.{name}", getattr(t, name), t.party, scale
    k = model.knockouts
    if k.hours:
        yield "knockouts.hours.committed", k.hours.committed.question, k.hours.committed.party, ("number",)
        yield "knockouts.hours.required", k.hours.required.question, k.hours.required.party, ("number",)
    if k.owner:
        yield "knockouts.owner", k.owner.question, k.owner.party, ("text",)
    if k.iron_triangle:
        it = k.iron_triangle
        for name, kinds in (("flex", ("multi",)), ("budget", ("number",)), ("min_price", ("number",)),
                            ("target_date", ("date",)), ("min_weeks", ("number",))):
            ref = getattr(it, name)
            yield f"knockouts.iron_triangle.{name}", ref.question, ref.party, kinds
    for name in ("decision_maker", "consequences"):
        rule = getattr(k, name)
        if rule:
            yield f"knockouts.{name}", rule.question, rule.party, ("choice",)
    for i, qid in enumerate(model.decision.enough_answers.required):
        yield f"decision.enough_answers.required.{i}", qid, None, scored + ("text", "date")
    w = model.warnings
    for name in ("vendor_failures", "cannot_decline"):
        rule = getattr(w, name)
        if rule:
            yield f"warnings.{name}", rule.question, rule.party, ("choice",)
    if w.behaviour:
        for i, qid in enumerate(w.behaviour.questions):
            yield f"warnings.behaviour.questions.{i}", qid, None, scale
    if w.one_way_need:
        yield "warnings.one_way_need.supplier_need", w.one_way_need.supplier_need, None, scale
        yield "warnings.one_way_need.client_need", w.one_way_need.client_need, None, scale


class _Problems(list):
    def __init__(self, model: Model):
        super().__init__()
        self.file, self.lines = model._file, model._lines

    def add(self, field: str, question: str | None, message: str) -> None:
        loc = tuple(int(p) if p.isdigit() else p for p in field.split("."))
        self.append(Problem(self.file, locate(loc, self.lines), question, field, message))


def check_model(model: Model, bank: Bank) -> list[Problem]:
    """Every mismatch between the model and the bank: unknown areas, questions, parties, types,
    and option ids the rules compare against."""
    problems = _Problems(model)
    bank_areas = {a.id for a in bank.areas}
    for area in model.areas:
        if area not in bank_areas:
            problems.add(f"areas.{area}", None, f"unknown area '{area}'")
    for area in sorted(bank_areas - model.areas.keys()):
        problems.add("areas", None, f"bank area '{area}' has no weight")
    for area in model.self_rating.areas:
        if area not in bank_areas:
            problems.add("self_rating.areas", None, f"unknown area '{area}'")
    for field, qid, party, kinds in _refs(model):
        q = bank.by_id.get(qid)
        if q is None:
            problems.add(field, qid, f"unknown question '{qid}'")
        elif party is not None and party not in q.answered_by:
            problems.add(field, qid, f"'{qid}' is not answered by the {party}")
        elif q.type not in kinds:
            problems.add(field, qid, f"'{qid}' is a {q.type} question; expected {' or '.join(kinds)}")
    rules = [(f"knockouts.{n}", getattr(model.knockouts, n)) for n in ("decision_maker", "consequences")]
    rules += [(f"warnings.{n}", getattr(model.warnings, n)) for n in ("vendor_failures", "cannot_decline")]
    if model.knockouts.iron_triangle:
        it = model.knockouts.iron_triangle
        rules.append(("knockouts.iron_triangle.corners", ChoiceRule(
            question=it.flex.question, party=it.flex.party, values=it.corners)))
    for field, rule in rules:
        q = bank.by_id.get(rule.question) if rule else None
        if q is None or not q.options:
            continue
        for i, value in enumerate(rule.values):
            if q.option(value) is None:
                where = field if field.endswith("corners") else f"{field}.values"
                problems.add(f"{where}.{i}", q.id, f"'{q.id}' has no option '{value}'")
    goals = model.knockouts.goals_alignment
    if goals and goals.area not in bank_areas:
        problems.add("knockouts.goals_alignment.area", None, f"unknown area '{goals.area}'")
    return list(problems)


def require_fit(model: Model, bank: Bank) -> None:
    """Raise ModelError when the model names anything the bank lacks."""
    problems = check_model(model, bank)
    if problems:
        raise ModelError(problems)
