"""Dependency rules: the data that turns answers into draft dependencies.

A team edits ``rules.yaml`` to add its own dependencies, so every key is declared here with
``extra="forbid"`` and every cross-reference (question ids in triggers, placeholders, people
and evidence) is checked against the bank with a located :class:`questions.loader.Problem`.
Triggers are :data:`questions.schema.Condition` objects: the same vocabulary as ``show_if``,
evaluated by the same function, so the bank and the rules can never disagree.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from questions.conditions import referenced_questions
from questions.loader import BankError, Problem, locate, validate_yaml
from questions.words import placeholders
from questions.schema import Bank, Condition, Id, Party

RULES_PATH = Path(__file__).parent / "rules.yaml"

Driver = Literal["self_interest", "misunderstanding_distrust", "different_assessment",
                 "low_tolerance_for_change", "capacity"]
DRIVERS: tuple[str, ...] = ("self_interest", "misunderstanding_distrust", "different_assessment",
                            "low_tolerance_for_change", "capacity")
Tactic = Literal["education", "participation", "facilitation", "negotiation"]
Anchor = Literal["deal", "target", "delivery"]
# Placeholders every template may use besides question ids and the rule set's params.
SPECIAL_FIELDS: frozenset[str] = frozenset({
    "supplier", "client", "deal", "supplier_person", "client_person", "owner", "goal", "due",
    "review_window", "people", "duration",
})
# Placeholders the per-row rules (milestones, deliverables, reviews) add: the row's own text,
# the date it serves and the review window.
ROW_FIELDS: frozenset[str] = frozenset({"item", "serves"})

# The answers the drafting code reads by role: (types it can read, columns a rows question must
# have). The data (rules.yaml ``facts``) says which question fills each role; check_rules holds
# each to this at load, so a renamed question is a located error, not a silent blank.
FACT_NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hours_committed": (("number",), ()),
    "hours_required": (("number",), ()),
    "target_date": (("date",), ()),
    "min_weeks": (("number",), ()),
    "owner": (("text",), ()),
    "key_dates": (("rows",), ("what", "date")),
    "work_duration": (("duration",), ()),
    "milestones": (("rows",), ("what", "when")),
    "people": (("rows",), ("name", "role", "hours")),
    "deliverables": (("rows",), ("what", "who", "by")),
    "review_days": (("number",), ()),
}
_FIELD = re.compile(r"^[a-z][a-z0-9_]*(\.(supplier|client))?$")
TEXT_FIELDS: tuple[str, ...] = ("what", "why", "how", "measure", "consequence")


class RulesError(BankError):
    """The rules cannot be used; ``problems`` lists every located mistake."""


class RuleProblem(Problem):
    """A located problem in the rules; ``question`` holds the rule id."""

    subject = "rule"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactRef(_Model):
    """One party's answer to one question, read by the drafting code for a role."""

    question: Id
    party: Party


class Facts(_Model):
    """Which question fills each role the drafting code reads (see FACT_NEEDS)."""

    hours_committed: FactRef
    hours_required: FactRef
    target_date: FactRef
    min_weeks: FactRef
    owner: FactRef
    key_dates: FactRef
    work_duration: FactRef
    milestones: FactRef
    people: FactRef
    deliverables: FactRef
    review_days: FactRef

    def ref(self, role: str) -> FactRef:
        return getattr(self, role)


class Owner(_Model):
    """Who is accountable: a party, named by a text answer when given, else session.people."""

    party: Party
    name_from: Id | None = None


class GoalLink(_Model):
    """How to pick the goal a dependency serves: the goal whose text shares most keywords."""

    keywords: list[str] = Field(default_factory=list)


class When(_Model):
    """A date counted from an anchor, or a relative term; ``relative`` also follows a date.

    ``serves``: the dated event this is for. ``first`` is the earliest key date (or target) on or
    after the deal date, ``last`` the target date (else the latest key date). A dependency that
    serves an event is due no later than the event less the work's duration (``before: work``)
    or less nothing (``before: none``): scheduled backwards when that is earlier than the
    anchor's date, and drafted with a conflict when even the next business day is too late."""

    anchor: Anchor | None = None
    offset_days: int = Field(default=0, ge=-3650, le=3650)
    business_days: bool = True
    relative: str | None = Field(default=None, min_length=1)
    serves: Literal["first", "last"] | None = None
    before: Literal["work", "none"] = "none"

    @model_validator(mode="after")
    def _something(self) -> "When":
        if self.anchor is None and self.relative is None:
            raise ValueError("give an 'anchor', a 'relative' term, or both")
        return self


class ResistanceHint(_Model):
    """Drivers this dependency is likely to meet and the areas whose answers bear on it."""

    drivers: list[Driver] = Field(min_length=1)
    areas: list[Id] = Field(default_factory=list)


class Rule(_Model):
    id: Id
    title: str = Field(min_length=1, max_length=120)
    trigger: Condition | None = None  # None: always drafted
    owner: Owner
    goal: GoalLink = GoalLink()
    what: str = Field(min_length=1)
    why: str = Field(min_length=1)
    when: When
    how: str = Field(min_length=1)
    measure: str = Field(min_length=1)
    consequence: str = Field(min_length=1)
    resistance: ResistanceHint
    uses_client_hours: bool = False
    evidence: list[Id] = Field(default_factory=list)


class RowRule(_Model):
    """One dependency per row of a rows answer: a supplier milestone, a client deliverable or the
    client's review of a milestone. ``{item}`` is the row's own text, ``{serves}`` the date it
    serves in words."""

    title: str = Field(min_length=1, max_length=120)
    goal: GoalLink = GoalLink()
    what: str = Field(min_length=1)
    why: str = Field(min_length=1)
    how: str = Field(min_length=1)
    measure: str = Field(min_length=1)
    consequence: str = Field(min_length=1)
    resistance: ResistanceHint
    uses_client_hours: bool = False


class RowRules(_Model):
    milestone: RowRule
    deliverable: RowRule
    review: RowRule


class Tactic_(_Model):
    tactic: Tactic
    text: str = Field(min_length=1)


class RuleSet(_Model):
    facts: Facts
    params: dict[Id, str | int | float] = Field(default_factory=dict)
    driver_areas: dict[Driver, list[Id]] = Field(default_factory=dict)
    mitigations: dict[Driver, Tactic_]
    changes: str = Field(min_length=1)
    acceptance: str = Field(min_length=1)
    rows: RowRules
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> "RuleSet":
        missing = [d for d in DRIVERS if d not in self.mitigations]
        if missing:
            raise ValueError(f"'mitigations' lacks a tactic for {', '.join(missing)}")
        ids = [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule id {', '.join(dupes)}")
        clash = sorted(SPECIAL_FIELDS & set(self.params))
        if clash:
            raise ValueError(f"params may not reuse the reserved names {', '.join(clash)}")
        return self

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def parse_rules(path: Path) -> tuple[RuleSet, dict[tuple, int]]:
    """Read and validate one rules file, with every pydantic error located in it."""
    return validate_yaml(path, RuleSet, what="with 'rules'", error=RulesError,
                         problem=RuleProblem, items="rules")


def _placeholder_problem(name: str, rules: RuleSet, bank: Bank,
                         extra: frozenset[str] = frozenset()) -> str | None:
    if not _FIELD.match(name):
        return f"placeholder '{{{name}}}' is not a plain name (no attributes, indexes or formats)"
    base, _, party = name.partition(".")
    if not party and (base in SPECIAL_FIELDS or base in rules.params or base in extra):
        return None
    question = bank.by_id.get(base)
    if question is None:
        return f"unknown placeholder '{{{name}}}' (not a question id, param or one of " \
               f"{', '.join(sorted(SPECIAL_FIELDS))})"
    if question.visibility == "supplier_private":
        return f"placeholder '{{{name}}}' would put a supplier-private answer in the agreement"
    if party and party not in question.answered_by:
        return f"'{base}' is not answered by the {party}"
    if not party and question.mirrored:
        return f"'{base}' is answered by both parties: write {{{base}.supplier}} or {{{base}.client}}"
    return None


def check_rules(rules: RuleSet, bank: Bank, file: str = "rules.yaml",
                lines: dict[tuple, int] | None = None) -> list[Problem]:
    """Every reference from the rules into the bank that does not hold, located."""
    lines = lines or {}
    problems: list[Problem] = []
    areas = {a.id for a in bank.areas}

    def add(i: int, field: str, message: str, *path: object) -> None:
        problems.append(RuleProblem(file, locate(("rules", i, *path), lines), rules.rules[i].id,
                                field, message))

    for role, (kinds, columns) in FACT_NEEDS.items():
        ref = rules.facts.ref(role)
        where = locate(("facts", role), lines)
        q = bank.by_id.get(ref.question)
        if q is None:
            problems.append(RuleProblem(file, where, None, f"facts.{role}",
                                        f"unknown question '{ref.question}'"))
        elif ref.party not in q.answered_by:
            problems.append(RuleProblem(file, where, None, f"facts.{role}",
                                        f"'{ref.question}' is not answered by the {ref.party}"))
        elif q.type not in kinds:
            problems.append(RuleProblem(file, where, None, f"facts.{role}",
                                        f"'{ref.question}' is a {q.type} question; the drafting "
                                        f"reads it as {' or '.join(kinds)}"))
        elif missing := [c for c in columns if q.column(c) is None]:
            problems.append(RuleProblem(file, where, None, f"facts.{role}",
                                        f"'{ref.question}' lacks the column(s) {', '.join(missing)}"))
        elif q.visibility == "supplier_private":
            problems.append(RuleProblem(file, where, None, f"facts.{role}",
                                        f"'{ref.question}' is supplier-private and would reach the agreement"))
    for kind in ("milestone", "deliverable", "review"):
        row_rule = getattr(rules.rows, kind)
        for field in TEXT_FIELDS + ("title",):
            try:
                names = placeholders(getattr(row_rule, field))
            except ValueError as exc:
                problems.append(RuleProblem(file, locate(("rows", kind, field), lines), None,
                                            f"rows.{kind}.{field}", f"malformed placeholder: {exc}"))
                continue
            for name in names:
                if (why := _placeholder_problem(name, rules, bank, ROW_FIELDS)) is not None:
                    problems.append(RuleProblem(file, locate(("rows", kind, field), lines), None,
                                                f"rows.{kind}.{field}", why))
        for area in row_rule.resistance.areas:
            if area not in areas:
                problems.append(RuleProblem(file, locate(("rows", kind, "resistance"), lines), None,
                                            f"rows.{kind}.resistance.areas", f"unknown area '{area}'"))
    for driver, listed in rules.driver_areas.items():
        for area in listed:
            if area not in areas:
                problems.append(RuleProblem(file, locate(("driver_areas", driver), lines), None,
                                        f"driver_areas.{driver}", f"unknown area '{area}'"))
    for i, rule in enumerate(rules.rules):
        refs = referenced_questions(rule.trigger) if rule.trigger is not None else set()
        for unknown in sorted(refs - bank.by_id.keys()):
            add(i, "trigger", f"condition names unknown question '{unknown}'", "trigger")
        for field in TEXT_FIELDS:
            try:
                names = placeholders(getattr(rule, field))
            except ValueError as exc:
                add(i, field, f"malformed placeholder: {exc}", field)
                continue
            for name in names:
                if (why := _placeholder_problem(name, rules, bank)) is not None:
                    add(i, field, why, field)
        if rule.when.relative is not None:
            try:
                for name in placeholders(rule.when.relative):
                    if (why := _placeholder_problem(name, rules, bank)) is not None:
                        add(i, "when.relative", why, "when")
            except ValueError as exc:
                add(i, "when.relative", f"malformed placeholder: {exc}", "when")
        src = rule.owner.name_from
        if src is not None:
            q = bank.by_id.get(src)
            if q is None:
                add(i, "owner.name_from", f"unknown question '{src}'", "owner")
            elif q.type != "text" or rule.owner.party not in q.answered_by:
                add(i, "owner.name_from",
                    f"'{src}' must be a text question the {rule.owner.party} answers", "owner")
        for qid in rule.evidence:
            q = bank.by_id.get(qid)
            if q is None:
                add(i, "evidence", f"unknown question '{qid}'", "evidence")
            elif q.type != "text":
                add(i, "evidence", f"'{qid}' is not a text question", "evidence")
            elif q.visibility == "supplier_private":
                add(i, "evidence", f"'{qid}' is supplier-private and cannot be quoted", "evidence")
        for area in rule.resistance.areas:
            if area not in areas:
                add(i, "resistance.areas", f"unknown area '{area}'", "resistance")
    return problems


_checked: dict[int, tuple[Bank, RuleSet]] = {}


def default_rules(bank: Bank | None = None) -> RuleSet:
    """The shipped rules, read once per process (and checked once per bank)."""
    rules = _shipped()
    if bank is not None and _checked.get(id(bank), (None,))[0] is not bank:
        problems = check_rules(rules, bank, RULES_PATH.name, _shipped_lines())
        if problems:
            raise RulesError(problems)
        _checked[id(bank)] = (bank, rules)
    return rules


@lru_cache(maxsize=1)
def _parsed_shipped() -> tuple[RuleSet, dict[tuple, int]]:
    return parse_rules(RULES_PATH)


def _shipped() -> RuleSet:
    return _parsed_shipped()[0]


def _shipped_lines() -> dict[tuple, int]:
    return _parsed_shipped()[1]


def load_rules(path: str | Path = RULES_PATH, bank: Bank | None = None) -> RuleSet:
    """Load the rules; with a bank, also check every reference into it. Raises RulesError."""
    path = Path(path)
    try:
        rules, lines = parse_rules(path)
    except OSError as exc:
        raise RulesError([RuleProblem(path.name, None, None, None, f"cannot read file: {exc}")]) from None
    if bank is not None:
        problems = check_rules(rules, bank, path.name, lines)
        if problems:
            raise RulesError(problems)
    return rules
