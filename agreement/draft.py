"""Turn a session's answers and its report into draft dependencies.

Every dependency names what, why (one agreed goal), who (one accountable person, by name), when
(a real date where one was said or can be worked out), the dated event it serves, how, the
resistance it may meet with the tactic that reduces it, and the consequence if it is late. Rules
are data (:mod:`agreement.rules`): one dependency per rule whose trigger holds, one per supplier
milestone, one per client deliverable and one review per milestone. Dates come from
:mod:`agreement.schedule`; a date that cannot fit is drafted anyway with a ``conflict``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from questions.conditions import evaluate, referenced_questions, visible_answers
from questions.schema import DONT_KNOW, SCALE_TYPES, Bank
from questions.session import Session
from questions.words import NOT_STATED, answer_in_words, answer_lookup, date_words, fill, placeholders
from questions.workdays import plus_days
from scoring.model import Bands, Model
from scoring.report import Band, Report

from .facts import CallFacts, Event, Milestone
from .resistance import Resistance, assess_resistance, hours_ratio
from .rules import FACT_NEEDS, GoalLink, Rule, RowRule, RuleSet, default_rules
from .schedule import Calendar, Scheduled, after_event, backwards, first_event, serving

# The roles each date anchor is computed from (the deal date is session data).
ANCHOR_ROLES: dict[str, tuple[str, ...]] = {
    "target": ("target_date", "key_dates"), "delivery": ("target_date", "work_duration", "min_weeks")}


@dataclass(frozen=True)
class Person:
    """The one accountable person; ``named`` is False when only a placeholder is known."""

    party: str
    name: str
    named: bool = True


@dataclass(frozen=True)
class Quote:
    """A free-text answer a dependency came from, quoted as evidence, with its question's wording."""

    question: str
    party: str
    text: str
    wording: str = ""


@dataclass(frozen=True)
class FromAnswer:
    """One answer a dependency was drafted from: the question as the party was asked it, and the
    answer in words."""

    question: str
    party: str
    wording: str
    answer: str
    # A rating (a 1-5 scale) or one side's view of a question both answer: an opinion the
    # discovery brief shows, never the agreement.
    rating: bool = False


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
    serves: Event | None = None
    conflict: str | None = None
    answers: tuple[FromAnswer, ...] = ()


@lru_cache(maxsize=1)
def _model_bands() -> Bands:
    from scoring.model import load_model

    return load_model().resistance.bands


class _Filler:
    """Everything one session offers to the rules: answers, facts, people, dates and goals."""

    def __init__(self, bank: Bank, session: Session, rules: RuleSet, bands: Bands):
        self.bank, self.session, self.rules, self.bands = bank, session, rules, bands
        self.answers = visible_answers(bank.by_id, session.answers)
        self.deal = session.deal.date
        self.facts = CallFacts(rules.facts, self.answers, self.deal)
        self.calendar = Calendar(session.deal.country, self.deal)
        self.events = self.facts.events()
        self.duration = self.facts.duration_days()

    # -- people and goals ------------------------------------------------------------------------

    def person(self, party: str, name_from: str | None = None, name: str = "") -> Person:
        if not name and name_from:
            text = self.answers.get(party, {}).get(name_from)
            if isinstance(text, str) and text.strip() and text != DONT_KNOW:
                from .facts import split_person
                name = split_person(text)[0]
        name = name or getattr(self.session.people, party).strip()
        if name:
            return Person(party, name)
        org = getattr(self.session.deal, party).strip() or f"the {party}"
        return Person(party, f"a person named by {org}", named=False)

    def client_owner(self) -> Person:
        return self.person("client", name=self.facts.owner_name())

    def goal(self, link: GoalLink) -> tuple[str, str]:
        """The goal whose text shares most of the keywords; the first goal on a tie."""
        goals = self.session.goals
        if not goals:
            return "", "the agreed goals"
        keys = [k.lower() for k in link.keywords]
        best = max(goals, key=lambda g: (sum(k in g.text.lower() for k in keys), -goals.index(g)))
        return best.id, best.text

    # -- dates -----------------------------------------------------------------------------------

    def _served(self, serves: str | None) -> Event | None:
        if serves == "first":
            return first_event(self.events, self.deal)
        if serves == "last":
            target = self.facts.target
            found = [e for e in self.events if target is not None and e.date == target]
            return found[0] if found else (self.events[-1] if self.events else None)
        return None

    def _delivery(self) -> tuple[dt.date | None, str]:
        target = self.facts.target
        days = self.duration
        realistic = self.calendar.add(self.deal, days) if self.deal and days else None
        if target and realistic and target < realistic:
            return realistic, (f" (the client's target {date_words(target)} is earlier than the "
                               f"{self.facts.duration_words()} the work needs)")
        return target or realistic, ""

    def schedule(self, rule: Rule) -> tuple[Scheduled, str]:
        when = rule.when
        note, base = "", None
        if when.anchor == "deal":
            base = self.deal
        elif when.anchor == "target":
            base = self.facts.target
        elif when.anchor == "delivery":
            base, note = self._delivery()
        forward = None
        if base is not None:
            forward = (self.calendar.add(base, when.offset_days) if when.business_days
                       else plus_days(base, when.offset_days))
        event = self._served(when.serves)
        if event is None:
            return Scheduled(forward, None), note
        if when.anchor == "delivery":
            return Scheduled(forward, event, after_event(forward, event, rule.title)), note
        lead = self.duration if when.before == "work" else 0
        return backwards(self.calendar, event, lead, forward, self.deal, rule.title.lower(),
                         self.facts.duration_words()), note

    # -- text ------------------------------------------------------------------------------------

    def values(self, person: Person, goal_text: str, due_text: str) -> dict[str, str]:
        session = self.session
        values = {str(k): str(v) for k, v in self.rules.params.items()}
        window = self.facts.review_window()
        people = self.facts.people()
        values.update(
            supplier=session.deal.supplier or "the supplier",
            client=session.deal.client or "the client",
            deal=session.deal.name,
            supplier_person=session.people.supplier or session.deal.supplier or "the supplier",
            client_person=session.people.client or session.deal.client or "the client",
            owner=person.name, goal=goal_text, due=due_text,
            review_window=str(window if window is not None else self.rules.params.get("review_days", 5)),
            people=(", with " + ", ".join(p.words() for p in people)) if people else "",
            duration=self.facts.duration_words() or "the time the work needs")
        return values

    def fill(self, text: str, values: Mapping[str, str]) -> str:
        return fill(text, answer_lookup(self.bank.by_id, self.answers, values))

    def quotes(self, evidence: list[str]) -> tuple[Quote, ...]:
        found = []
        for qid in evidence:
            question = self.bank.by_id[qid]
            for party in question.answered_by:
                text = self.answers.get(party, {}).get(qid)
                if isinstance(text, str) and text.strip() and text != DONT_KNOW:
                    found.append(Quote(qid, party, text, question.wording(party)))
        return tuple(found)

    def from_answers(self, sources: tuple[str, ...]) -> tuple[FromAnswer, ...]:
        out = []
        for qid in sources:
            question = self.bank.by_id[qid]
            for party in question.answered_by:
                value = self.answers.get(party, {}).get(qid)
                if value is not None:
                    out.append(FromAnswer(qid, party, question.wording(party),
                                          answer_in_words(question, value),
                                          question.type in SCALE_TYPES or question.mirrored))
        return tuple(out)

    def shared(self, refs: set[str]) -> tuple[str, ...]:
        """The referenced questions that may be named in the agreement (never supplier-private)."""
        return tuple(sorted(q for q in refs if q in self.bank.by_id
                            and self.bank.by_id[q].visibility != "supplier_private"))


def _when_text(due: dt.date | None, note: str, relative: str, event: Event | None) -> str:
    if due is not None:
        text = f"by {date_words(due)}{note}" + (f"; {relative}" if relative else "")
    else:
        text = relative or "date to be agreed (no date was given on the call)"
    return text


def _rule_sources(rule: Rule, rules: RuleSet) -> set[str]:
    refs = referenced_questions(rule.trigger) if rule.trigger is not None else set()
    for text in (rule.what, rule.why, rule.how, rule.measure, rule.consequence, rule.when.relative or ""):
        refs |= {n.partition(".")[0] for n in placeholders(text)}
    if rule.owner.name_from:
        refs.add(rule.owner.name_from)
    refs.update(rule.evidence)
    for role in ANCHOR_ROLES.get(rule.when.anchor or "", ()):
        refs.add(rules.facts.ref(role).question)
    if rule.when.serves:
        refs.update(rules.facts.ref(r).question for r in ("key_dates", "target_date"))
    if rule.when.before == "work":
        refs.update(rules.facts.ref(r).question for r in ("work_duration", "min_weeks"))
    if rule.uses_client_hours:
        refs.update(rules.facts.ref(r).question for r in ("hours_committed", "hours_required"))
    return refs


def _finish(filler: _Filler, report: Report, *, id: str, title: str, hint: Rule | RowRule,
            texts: Mapping[str, str], person: Person, goal: tuple[str, str], when: str,
            scheduled: Scheduled, refs: set[str], evidence: tuple[Quote, ...] = ()) -> Dependency:
    sources = filler.shared(refs)
    resistance = assess_resistance(hint, filler.rules, report, filler.answers, sources,
                                   filler.bands, hours=hours_ratio(filler.facts))
    tactic = filler.rules.mitigations[resistance.driver]
    return Dependency(
        id=id, title=title, what=texts["what"], why=texts["why"], goal_id=goal[0], who=person,
        when=when, due=scheduled.due, how=texts["how"], measure=texts["measure"],
        resistance=resistance, mitigation=Mitigation(tactic.tactic, tactic.text),
        consequence=texts["consequence"], sources=sources, evidence=evidence,
        uses_client_hours=hint.uses_client_hours, serves=scheduled.serves,
        conflict=scheduled.conflict, answers=filler.from_answers(sources))


def draft_dependency(rule: Rule, filler: _Filler, report: Report) -> Dependency:
    person = (filler.client_owner() if rule.owner.party == "client"
              and rule.owner.name_from == filler.rules.facts.owner.question
              else filler.person(rule.owner.party, rule.owner.name_from))
    goal = filler.goal(rule.goal)
    scheduled, note = filler.schedule(rule)
    base = filler.values(person, goal[1], "")
    relative = filler.fill(rule.when.relative, base) if rule.when.relative else ""
    when = _when_text(scheduled.due, note, relative, scheduled.serves)
    values = dict(base, due=when)
    texts = {f: filler.fill(getattr(rule, f), values) for f in ("what", "why", "how", "measure", "consequence")}
    return _finish(filler, report, id=rule.id, title=rule.title, hint=rule, texts=texts,
                   person=person, goal=goal, when=when, scheduled=scheduled,
                   refs=_rule_sources(rule, filler.rules), evidence=filler.quotes(rule.evidence))


def _row_texts(filler: _Filler, rule: RowRule, values: dict[str, str]) -> dict[str, str]:
    return {f: filler.fill(getattr(rule, f), values)
            for f in ("title", "what", "why", "how", "measure", "consequence")}


def _serves_words(event: Event | None) -> str:
    return f" (for {event.words()})" if event is not None else ""


def _milestone_when(m: Milestone) -> str:
    if m.due is None:
        return "date to be agreed (week count without a deal date)"
    return f"by {date_words(m.due)}" + (f" (the end of week {m.week})" if m.week else "")


def _row_dependencies(filler: _Filler, report: Report) -> list[Dependency]:
    rules, facts = filler.rules, filler.facts
    out: list[Dependency] = []
    supplier = filler.person("supplier")
    owner = filler.client_owner()
    window = facts.review_window()
    milestone_q, deliverable_q = rules.facts.milestones.question, rules.facts.deliverables.question
    for m in facts.milestones(filler.calendar.add):
        event = serving(filler.events, m.due)
        goal = filler.goal(rules.rows.milestone.goal)
        values = dict(filler.values(supplier, goal[1], ""), item=m.what, serves=_serves_words(event))
        texts = _row_texts(filler, rules.rows.milestone, values)
        out.append(_finish(filler, report, id=f"milestone-{m.row}", title=texts["title"],
                           hint=rules.rows.milestone, texts=texts, person=supplier, goal=goal,
                           when=_milestone_when(m), scheduled=Scheduled(m.due, event),
                           refs={milestone_q, rules.facts.key_dates.question}))
        if window is None or m.due is None:
            continue
        due = filler.calendar.add(m.due, window)
        goal = filler.goal(rules.rows.review.goal)
        values = dict(filler.values(owner, goal[1], ""), item=m.what, serves=_serves_words(event))
        texts = _row_texts(filler, rules.rows.review, values)
        conflict = after_event(due, event, f"The review of {m.what}",
                               f": {window}-business-day review window after {date_words(m.due)}; "
                               "bring the milestone forward or agree a shorter review")
        out.append(_finish(filler, report, id=f"review-{m.row}", title=texts["title"],
                           hint=rules.rows.review, texts=texts, person=owner, goal=goal,
                           when=f"by {date_words(due)} ({window} business days after {date_words(m.due)})",
                           scheduled=Scheduled(due, event, conflict),
                           refs={milestone_q, rules.facts.review_days.question,
                                 rules.facts.key_dates.question}))
    for d in facts.deliverables():
        person = filler.person("client", name=d.who) if d.who else owner
        goal = filler.goal(rules.rows.deliverable.goal)
        if d.by is not None:
            event = serving(filler.events, d.by)
            scheduled = Scheduled(d.by, event)
            when = f"by {date_words(d.by)}"
        else:
            event = first_event(filler.events, filler.deal)
            if event is None:
                scheduled, when = Scheduled(None, None), "date to be agreed (no date was given on the call)"
            else:
                scheduled = backwards(filler.calendar, event, filler.duration, None, filler.deal, d.what,
                                      filler.facts.duration_words())
                when = (f"by {date_words(scheduled.due)}, {filler.facts.duration_words()} before "
                        f"{event.words()}" if scheduled.due else "date to be agreed")
        values = dict(filler.values(person, goal[1], ""), item=d.what, serves=_serves_words(event))
        texts = _row_texts(filler, rules.rows.deliverable, values)
        out.append(_finish(filler, report, id=f"deliverable-{d.row}", title=texts["title"],
                           hint=rules.rows.deliverable, texts=texts, person=person, goal=goal,
                           when=when, scheduled=scheduled,
                           refs={deliverable_q, rules.facts.key_dates.question,
                                 rules.facts.work_duration.question}))
    return out


def draft_dependencies(bank: Bank, session: Session, report: Report,
                       rules: RuleSet | None = None, model: Model | None = None) -> list[Dependency]:
    """Every rule whose trigger holds, filled in from the answers, in the rules' order, then one
    dependency per supplier milestone (and the client's review of it) and per client deliverable.

    Only answers that count (visible given the others) trigger or fill a rule. A leaf with
    party "same" in a trigger reads the rule owner's answers. Resistance bands are the scoring
    model's (``model``, else the shipped one).
    """
    rules = rules if rules is not None else default_rules(bank)
    bands = model.resistance.bands if model is not None else _model_bands()
    filler = _Filler(bank, session, rules, bands)
    drafted = [draft_dependency(rule, filler, report) for rule in rules.rules
               if rule.trigger is None or evaluate(rule.trigger, filler.answers, rule.owner.party)]
    return drafted + _row_dependencies(filler, report)


def conflicts(dependencies: list[Dependency]) -> list[Dependency]:
    """The dependencies whose date does not fit the event they serve."""
    return [d for d in dependencies if d.conflict]


__all__ = ["Band", "Dependency", "FACT_NEEDS", "FromAnswer", "Mitigation", "NOT_STATED", "Person",
           "Quote", "Resistance", "conflicts", "draft_dependencies", "hours_ratio"]

