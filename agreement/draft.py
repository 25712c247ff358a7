"""Turn a session's answers and its report into draft dependencies.

Every dependency names what, why (one agreed goal), who (one accountable person), when, how,
the resistance it may meet with the tactic that reduces it, and the consequence if it is late.
The rules are data (:mod:`agreement.rules`); this module only fills them in, so the text of a
dependency can always be traced to the rule and the answers it came from.
"""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from typing import Any, Mapping

from questions.conditions import evaluate, referenced_questions, visible_answers
from questions.schema import DONT_KNOW, Bank, Question
from questions.session import Session
from scoring.report import Band, Report

from .resistance import Resistance, assess_resistance, hours_ratio
from .rules import Rule, RuleSet, default_rules, placeholders

NOT_STATED = "(not stated)"
# The timeline answers each date anchor is computed from (the deal date is session data).
ANCHOR_SOURCES: dict[str, tuple[str, ...]] = {
    "target": ("target_date",), "delivery": ("target_date", "supplier_min_weeks")}


@dataclass(frozen=True)
class Person:
    """The one accountable person; ``named`` is False when only a placeholder is known."""

    party: str
    name: str
    named: bool = True


@dataclass(frozen=True)
class Quote:
    """A free-text answer a dependency came from, quoted as evidence."""

    question: str
    party: str
    text: str


@dataclass(frozen=True)
class Mitigation:
    tactic: str
    text: str


@dataclass(frozen=True)
class Dependency:
    id: str
    title: str
    what: str
    why: str
    goal_id: str
    who: Person
    when: str
    due: dt.date | None
    how: str
    measure: str
    resistance: Resistance
    mitigation: Mitigation
    consequence: str
    sources: tuple[str, ...] = ()
    evidence: tuple[Quote, ...] = ()
    uses_client_hours: bool = False
    agreed: bool = False


def _format_value(question: Question, value: Any) -> str:
    if value is None or value == DONT_KNOW:
        return NOT_STATED
    if question.type == "choice":
        option = question.option(value)
        return option.label if option else str(value)
    if question.type == "multi":
        labels = [o.label if (o := question.option(v)) else str(v) for v in value]
        return ", ".join(labels) if labels else NOT_STATED
    if question.type == "number":
        number = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{number} {question.unit}" if question.unit else number
    return str(value)


def add_business_days(start: dt.date, days: int) -> dt.date:
    """Count ``days`` working days (Monday to Friday) from ``start``; negative counts back."""
    step = 1 if days >= 0 else -1
    current, left = start, abs(days)
    while left:
        current += dt.timedelta(days=step)
        if current.weekday() < 5:
            left -= 1
    return current


def _number(answers: Mapping[str, Mapping[str, Any]], party: str, qid: str) -> float | None:
    value = answers.get(party, {}).get(qid)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _date(answers: Mapping[str, Mapping[str, Any]], party: str, qid: str) -> dt.date | None:
    value = answers.get(party, {}).get(qid)
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _Filler:
    """Everything one session offers to the rules: answers, people, dates and goals."""

    def __init__(self, bank: Bank, session: Session, rules: RuleSet):
        self.bank, self.session, self.rules = bank, session, rules
        self.answers = visible_answers(bank.by_id, session.answers)

    def person(self, rule: Rule) -> Person:
        party = rule.owner.party
        if rule.owner.name_from:
            text = self.answers.get(party, {}).get(rule.owner.name_from)
            if isinstance(text, str) and text.strip() and text != DONT_KNOW:
                return Person(party, text.strip())
        name = getattr(self.session.people, party).strip()
        if name:
            return Person(party, name)
        org = getattr(self.session.deal, party).strip() or f"the {party}"
        return Person(party, f"a person named by {org}", named=False)

    def goal(self, rule: Rule) -> tuple[str, str]:
        """The goal whose text shares most of the rule's keywords; the first goal on a tie."""
        goals = self.session.goals
        if not goals:
            return "", "the agreed goals"
        keys = [k.lower() for k in rule.goal.keywords]
        best = max(goals, key=lambda g: (sum(k in g.text.lower() for k in keys),
                                         -goals.index(g)))
        return best.id, best.text

    def due(self, rule: Rule) -> tuple[dt.date | None, str]:
        when = rule.when
        deal = self.session.deal.date
        if when.anchor is None:
            return None, ""
        if when.anchor == "deal":
            base, note = deal, ""
        elif when.anchor == "target":
            base, note = _date(self.answers, "client", "target_date"), ""
        else:
            base, note = self._delivery(deal)
        if base is None:
            return None, ""
        if when.business_days:
            base = add_business_days(base, when.offset_days)
        else:
            base += dt.timedelta(days=when.offset_days)
        return base, note

    def _delivery(self, deal: dt.date | None) -> tuple[dt.date | None, str]:
        target = _date(self.answers, "client", "target_date")
        weeks = _number(self.answers, "supplier", "supplier_min_weeks")
        realistic = deal + dt.timedelta(weeks=weeks) if deal and weeks is not None else None
        if target and realistic and target < realistic:
            return realistic, (f" (the client's target {target.isoformat()} is earlier than the "
                               f"{weeks:g} weeks the work needs)")
        return target or realistic, ""

    def values(self, person: Person, goal_text: str, due_text: str) -> dict[str, str]:
        session = self.session
        values = {str(k): str(v) for k, v in self.rules.params.items()}
        values.update(
            supplier=session.deal.supplier or "the supplier",
            client=session.deal.client or "the client",
            deal=session.deal.name,
            supplier_person=session.people.supplier or session.deal.supplier or "the supplier",
            client_person=session.people.client or session.deal.client or "the client",
            owner=person.name, goal=goal_text, due=due_text)
        return values

    def fill(self, text: str, values: Mapping[str, str]) -> str:
        """Substitute placeholders piece by piece: inserted answers are never parsed again."""
        out: list[str] = []
        for literal, name, _, _ in string.Formatter().parse(text):
            out.append(literal)
            if name is None:
                continue
            if name in values:
                out.append(values[name])
                continue
            qid, _, party = name.partition(".")
            question = self.bank.by_id[qid]
            party = party or question.answered_by[0]
            out.append(_format_value(question, self.answers.get(party, {}).get(qid)))
        return " ".join("".join(out).split())

    def quotes(self, rule: Rule) -> tuple[Quote, ...]:
        found = []
        for qid in rule.evidence:
            for party in self.bank.by_id[qid].answered_by:
                text = self.answers.get(party, {}).get(qid)
                if isinstance(text, str) and text.strip() and text != DONT_KNOW:
                    found.append(Quote(qid, party, text))
        return tuple(found)


def _sources(rule: Rule) -> tuple[str, ...]:
    refs = referenced_questions(rule.trigger) if rule.trigger is not None else set()
    texts = [rule.what, rule.why, rule.how, rule.measure, rule.consequence, rule.when.relative or ""]
    for text in texts:
        refs |= {n.partition(".")[0] for n in placeholders(text)}
    if rule.owner.name_from:
        refs.add(rule.owner.name_from)
    refs.update(rule.evidence)
    refs.update(ANCHOR_SOURCES.get(rule.when.anchor or "", ()))
    if rule.uses_client_hours:
        refs.update(("hours_committed", "hours_required"))
    return tuple(sorted(refs))


def draft_dependency(rule: Rule, filler: _Filler, report: Report) -> Dependency:
    person = filler.person(rule)
    goal_id, goal_text = filler.goal(rule)
    due, note = filler.due(rule)
    base = filler.values(person, goal_text, "")
    relative = filler.fill(rule.when.relative, base) if rule.when.relative else ""
    if due is not None:
        when = f"by {due.isoformat()}{note}" + (f"; {relative}" if relative else "")
    else:
        when = relative or "date to be agreed (the timeline answers or deal date are missing)"
    values = dict(base, due=when)
    sources = tuple(q for q in _sources(rule) if q in filler.bank.by_id
                    and filler.bank.by_id[q].visibility != "supplier_private")
    resistance = assess_resistance(rule, filler.rules, report, filler.answers, sources)
    tactic = filler.rules.mitigations[resistance.driver]
    return Dependency(
        id=rule.id, title=rule.title, what=filler.fill(rule.what, values),
        why=filler.fill(rule.why, values), goal_id=goal_id, who=person, when=when, due=due,
        how=filler.fill(rule.how, values), measure=filler.fill(rule.measure, values),
        resistance=resistance, mitigation=Mitigation(tactic.tactic, tactic.text),
        consequence=filler.fill(rule.consequence, values), sources=sources,
        evidence=filler.quotes(rule), uses_client_hours=rule.uses_client_hours)


def draft_dependencies(bank: Bank, session: Session, report: Report,
                       rules: RuleSet | None = None) -> list[Dependency]:
    """Every rule whose trigger holds, filled in from the answers, in the rules' order.

    Only answers that count (visible given the others) trigger or fill a rule. A leaf with
    party "same" in a trigger reads the rule owner's answers.
    """
    rules = rules if rules is not None else default_rules(bank)
    filler = _Filler(bank, session, rules)
    drafted = []
    for rule in rules.rules:
        if rule.trigger is None or evaluate(rule.trigger, filler.answers, rule.owner.party):
            drafted.append(draft_dependency(rule, filler, report))
    return drafted


__all__ = ["Band", "Dependency", "Mitigation", "NOT_STATED", "Person", "Quote", "Resistance",
           "add_business_days", "draft_dependencies", "hours_ratio"]
