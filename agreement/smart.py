"""The SMART check a dependency must pass before it can be marked agreed (Doran 1981).

Each of the five checks passes or fails with a reason the page shows beside the row, so a
salesperson knows exactly what to rewrite. The checks read only the dependency, the session
and the bank: the page can re-run them on every edit.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from questions.conditions import visible_answers
from questions.schema import Bank
from questions.session import Session
from questions.words import date_words
from questions.workdays import plus_days

from .draft import NOT_STATED, Dependency
from .facts import CallFacts
from .resistance import hours_ratio
from .rules import RuleSet, default_rules

MIN_WORDS = 6
_VERIFIABLE = re.compile(
    r"\d|\b(delivered|signed|held|answered|received|approved|paid|accepted|sent|named|"
    r"logged|confirmed|returned|demonstrated|reported|counted)\b", re.I)
_TIME_TERM = re.compile(
    r"\b\d+\s*(business\s+|working\s+)?(hours?|days?|weeks?|months?)\b|\b(daily|weekly|monthly)\b",
    re.I)
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4})\b")
_SEVERAL = re.compile(r"\s(and|&|or|\+)\s|/|\beveryone\b", re.I)
_VAGUE = re.compile(r"\b(asap|as needed|as soon as possible|best effort|tbd|etc)\b", re.I)


@dataclass(frozen=True)
class Check:
    name: str  # specific, measurable, owner, realistic, time_bound
    passed: bool
    reason: str


@dataclass(frozen=True)
class SmartResult:
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)


def due_from_text(when: str) -> dt.date | None:
    """The first date written in a 'when' text (ISO or as the drafts write it, "27 Nov 2026"),
    so an edited row keeps its date."""
    found = [(m.start(), m.group(1), "%Y-%m-%d") for m in [_ISO_DATE.search(when or "")] if m]
    found += [(m.start(), m.group(1), "%d %b %Y") for m in [_WORD_DATE.search(when or "")] if m]
    for _, text, pattern in sorted(found):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _specific(dep: Dependency, session: Session) -> Check:
    words = len(dep.what.split())
    if words < MIN_WORDS:
        return Check("specific", False, f"'what' has {words} words; say who does what ({MIN_WORDS}+ words)")
    if NOT_STATED in dep.what or _VAGUE.search(dep.what):
        return Check("specific", False, "'what' still holds an unstated answer or a vague term")
    goal_ids = {g.id for g in session.goals}
    if dep.goal_id not in goal_ids:
        return Check("specific", False, "'why' is not linked to one of the agreed goals")
    goal = next(g.text for g in session.goals if g.id == dep.goal_id)
    return Check("specific", True, f"states the action and serves the goal \"{goal}\"")


def _measurable(dep: Dependency) -> Check:
    if len(dep.measure.split()) < 3 or not _VERIFIABLE.search(dep.measure):
        return Check("measurable", False,
                     "'done when' needs a number or an observable result (signed, delivered, ...)")
    if NOT_STATED in dep.measure:
        return Check("measurable", False, "'done when' still holds an unstated answer")
    return Check("measurable", True, "'done when' can be observed by both sides")


def _owner(dep: Dependency) -> Check:
    who = dep.who
    if who.party not in ("supplier", "client"):
        return Check("owner", False, f"unknown party '{who.party}'")
    if not who.named or not who.name.strip():
        return Check("owner", False, f"no person named yet on the {who.party}'s side")
    if _SEVERAL.search(who.name):
        return Check("owner", False, "names more than one person; one person must be accountable")
    return Check("owner", True, f"{who.name} ({who.party}) is accountable")


def _realistic(dep: Dependency, session: Session, bank: Bank, rules: RuleSet) -> Check:
    answers = visible_answers(bank.by_id, session.answers)
    facts = CallFacts(rules.facts, answers, session.deal.date)
    if dep.conflict:
        return Check("realistic", False, dep.conflict)
    if dep.uses_client_hours:
        committed, required = hours_ratio(facts)
        if committed is None or required is None:
            return Check("realistic", False, "hours committed and hours required must both be stated")
        if committed < required:
            return Check("realistic", False,
                         f"the client commits {committed:g} of the {required:g} hours per week needed")
        return Check("realistic", True, f"{committed:g} hours committed cover the {required:g} required")
    days, deal = facts.duration_days(), session.deal.date
    if dep.who.party == "supplier" and dep.due and deal and days is not None \
            and dep.id == "supplier_milestone" \
            and dep.due < plus_days(deal, days // 5 * 7 + days % 5):
        return Check("realistic", False, f"due {date_words(dep.due)} is sooner than the "
                                         f"{facts.duration_words()} the work needs")
    return Check("realistic", True, "fits the stated hours and timeline")


def _time_bound(dep: Dependency, session: Session) -> Check:
    due = dep.due or due_from_text(dep.when)
    if due is not None:
        if session.deal.date and due < session.deal.date:
            return Check("time_bound", False, f"due {date_words(due)} is before the deal date")
        return Check("time_bound", True, f"due by {date_words(due)}")
    if _TIME_TERM.search(dep.when):
        return Check("time_bound", True, "bound by a stated period")
    return Check("time_bound", False, "'when' needs a date or a period such as '2 business days'")


def smart_check(dep: Dependency, session: Session, bank: Bank,
                rules: RuleSet | None = None) -> SmartResult:
    """Five checks; all must pass before the dependency can be marked agreed. A dependency whose
    date does not fit the event it serves (a conflict) is not realistic."""
    rules = rules if rules is not None else default_rules(bank)
    return SmartResult((_specific(dep, session), _measurable(dep), _owner(dep),
                        _realistic(dep, session, bank, rules), _time_bound(dep, session)))
