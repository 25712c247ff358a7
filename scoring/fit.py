"""Does a scoring model fit a bank? Every question the model names must exist, be answered by
the party the model says, have a type its rule can read, and offer the options it compares.

Kept apart from :mod:`scoring.model` so the model file's own validation stays readable;
score() calls :func:`require_fit` once per (bank, model) pair.
"""
from __future__ import annotations

from typing import Iterator

from questions.loader import Problem, condition_problems, locate
from questions.schema import Bank
from questions.words import placeholders

from .model import ChoiceRule, Model, ModelError

SCORED = ("likert", "frequency", "choice", "multi", "number")
SCALE = ("likert", "frequency")


def _refs(model: Model) -> Iterator[tuple[str, str, str | None, tuple[str, ...]]]:
    """(field, question, party or None, allowed types) for every question the model names."""
    for i, ref in enumerate(model.resistance.tendency):
        yield f"resistance.tendency.{i}", ref.question, ref.party, SCORED
    if model.trust:
        t = model.trust
        for name in ("credibility", "reliability", "intimacy", "self_orientation"):
            yield f"trust.{name}", getattr(t, name), t.party, SCALE
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
        yield f"decision.enough_answers.required.{i}", qid, None, SCORED + ("text", "date")
    for i, w in enumerate(model.warnings):
        if w.kind == "one_way_need":
            for name in ("supplier_need", "client_need"):
                yield f"warnings.{i}.{name}", getattr(w, name), None, SCALE


class _Problems(list):
    def __init__(self, model: Model):
        super().__init__()
        self.file, self.lines = model._file, model._lines

    def add(self, field: str, question: str | None, message: str) -> None:
        loc = tuple(int(p) if p.isdigit() else p for p in field.split("."))
        self.append(Problem(self.file, locate(loc, self.lines), question, field, message))


def _warning_problems(model: Model, bank: Bank, problems: _Problems) -> None:
    """Each warning's conditions read explicit parties' answers that exist, and its ask names
    only questions of the bank."""
    for i, w in enumerate(model.warnings):
        for name in ("when", "resolved_when"):
            condition = getattr(w, name)
            if condition is not None:
                for message in dict.fromkeys(condition_problems(condition, bank.by_id)):
                    problems.add(f"warnings.{i}.{name}", w.code, message)
        try:
            names = placeholders(w.ask)
        except ValueError as exc:
            problems.add(f"warnings.{i}.ask", w.code, f"malformed placeholder: {exc}")
            continue
        for name in names:
            if name.partition(".")[0] not in bank.by_id:
                problems.add(f"warnings.{i}.ask", w.code, f"unknown placeholder '{{{name}}}'")


def check_model(model: Model, bank: Bank) -> list[Problem]:
    """Every mismatch between the model and the bank: unknown areas, sub-dimensions,
    questions, parties, types, and option ids the rules compare against."""
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
    subs = {f"{a.id}.{s.id}" for a in bank.areas for s in a.subs}
    for i, owned in enumerate(model.client_owned):
        if owned not in subs:
            problems.add(f"client_owned.{i}", None,
                         f"unknown sub-dimension '{owned}' (write area.sub, e.g. investment.budget)")
    for field, qid, party, kinds in _refs(model):
        q = bank.by_id.get(qid)
        if q is None:
            problems.add(field, qid, f"unknown question '{qid}'")
        elif party is not None and party not in q.answered_by:
            problems.add(field, qid, f"'{qid}' is not answered by the {party}")
        elif q.type not in kinds:
            problems.add(field, qid, f"'{qid}' is a {q.type} question; expected {' or '.join(kinds)}")
    rules = [(f"knockouts.{n}", getattr(model.knockouts, n)) for n in ("decision_maker", "consequences")]
    if model.knockouts.iron_triangle:
        it = model.knockouts.iron_triangle
        rules.append(("knockouts.iron_triangle.corners", ChoiceRule(
            name=it.name, question=it.flex.question, party=it.flex.party, values=it.corners)))
    for field, rule in rules:
        q = bank.by_id.get(rule.question) if rule else None
        for i, value in enumerate(rule.values if rule and q and q.options else ()):
            if q is not None and q.option(value) is None:
                where = field if field.endswith("corners") else f"{field}.values"
                problems.add(f"{where}.{i}", q.id, f"'{q.id}' has no option '{value}'")
    goals = model.knockouts.goals_alignment
    if goals and goals.area not in bank_areas:
        problems.add("knockouts.goals_alignment.area", None, f"unknown area '{goals.area}'")
    _warning_problems(model, bank, problems)
    return list(problems)


def require_fit(model: Model, bank: Bank) -> None:
    """Raise ModelError when the model names anything the bank lacks."""
    problems = check_model(model, bank)
    if problems:
        raise ModelError(problems)
