"""Pydantic models of the question bank.

Everything a bank file may say is declared here with ``extra="forbid"`` so a typo in a key
is an error, not a silently ignored setting. Cross-question checks (duplicate ids, unknown
references, cycles) need the whole bank and live in :mod:`questions.loader`.
"""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo,
                      field_validator, model_validator)

PARTIES: tuple[str, ...] = ("supplier", "client")
Party = Literal["supplier", "client"]
QuestionType = Literal["likert", "frequency", "choice", "multi", "number", "date", "text", "duration",
                       "rows"]
SCALE_TYPES: frozenset[str] = frozenset({"likert", "frequency"})
OPTION_TYPES: frozenset[str] = frozenset({"choice", "multi"})
DONT_KNOW = "dont_know"
# A duration is {"amount": n, "unit": "days" | "weeks"}; days are business days, a week is five.
DURATION_UNITS: dict[str, int] = {"days": 1, "weeks": 5}
MAX_DURATION_DAYS = 1300  # five years of business days
ROW_ID = "row"  # the key of each row's stable id in a rows answer
ColumnType = Literal["text", "date", "number", "when"]
# Offered where money or penalties are asked (``prefer_not_to_say: true``); it counts exactly like
# "don't know" (questions.conditions.visible_answers hands it on as DONT_KNOW), so scoring and
# drafting never see it.
PREFER_NOT = "prefer_not_to_say"
NOT_GIVEN: frozenset[str] = frozenset({DONT_KNOW, PREFER_NOT})

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    id: Id
    label: str = Field(min_length=1)
    score: float = Field(ge=0.0, le=1.0)
    # For an actionable question: the clause that asks for this answer ("the client names the
    # person who decides"), used in asks and in what would change the verdict.
    ask: str | None = Field(default=None, min_length=1)


class Column(_Model):
    """One column of a rows question (a small table: one row per deliverable or milestone).

    ``text`` is free text (a person's name with their role, a deliverable); ``date`` an ISO date;
    ``number`` a number within min and max; ``when`` an ISO date or "week N" counted from the
    deal date."""

    id: Id
    label: str = Field(min_length=1, max_length=60)
    type: ColumnType = "text"
    required: bool = False
    help: str | None = Field(default=None, min_length=1)
    max_length: int = Field(default=200, ge=1, le=2000)
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> "Column":
        if self.id == ROW_ID:
            raise ValueError(f"'{ROW_ID}' is the row id's key; name the column otherwise")
        if self.type != "number" and (self.min is not None or self.max is not None):
            raise ValueError(f"a {self.type} column takes no min or max")
        return self


class Band(_Model):
    """Numbers at or above ``at_least`` score ``score`` (the highest band reached wins)."""

    at_least: float
    score: float = Field(ge=0.0, le=1.0)


class RatioTo(_Model):
    """Score a number as min(1, value / the other question's answer), e.g. hours committed
    against hours the work needs."""

    question: Id
    party: Party


class NumberScoring(_Model):
    bands: list[Band] | None = None
    ratio_to: RatioTo | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> "NumberScoring":
        if (self.bands is None) == (self.ratio_to is None):
            raise ValueError("give exactly one of 'bands' or 'ratio_to'")
        return self


Operator = Literal["equals", "not_equals", "in", "not_in", "gte", "lte", "gt", "lt",
                   "answered", "unanswered", "contains", "dont_know"]
NO_VALUE_OPS: frozenset[str] = frozenset({"answered", "unanswered", "dont_know"})


class Leaf(_Model):
    """A test on one earlier answer. ``party`` defaults to the party being asked."""

    question: Id
    op: Operator
    value: str | int | float | list[str | int | float] | None = None
    party: Literal["supplier", "client", "same"] = "same"

    @model_validator(mode="after")
    def _value_fits_op(self) -> "Leaf":
        if self.op in NO_VALUE_OPS:
            if self.value is not None:
                raise ValueError(f"operator '{self.op}' takes no value")
        elif self.op in ("in", "not_in"):
            if not isinstance(self.value, list):
                raise ValueError(f"operator '{self.op}' needs a list value")
        elif self.value is None or isinstance(self.value, list):
            raise ValueError(f"operator '{self.op}' needs a single value")
        return self


class All(_Model):
    all: list["Condition"] = Field(min_length=1)


class Any_(_Model):
    any: list["Condition"] = Field(min_length=1)


class Not(_Model):
    not_: "Condition" = Field(alias="not")


def _condition_kind(value: object) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "leaf"
    kinds: dict[type, str] = {All: "all", Any_: "any", Not: "not"}
    return kinds.get(type(value), "leaf")


Condition = Annotated[
    Union[Annotated[Leaf, Tag("leaf")], Annotated[All, Tag("all")],
          Annotated[Any_, Tag("any")], Annotated[Not, Tag("not")]],
    Discriminator(_condition_kind),
]
def referenced_questions(condition: object) -> set[str]:
    if isinstance(condition, Leaf):
        return {condition.question}
    if isinstance(condition, All):
        return set().union(*(referenced_questions(c) for c in condition.all))
    if isinstance(condition, Any_):
        return set().union(*(referenced_questions(c) for c in condition.any))
    if isinstance(condition, Not):
        return referenced_questions(condition.not_)
    raise TypeError(f"not a condition: {condition!r}")


All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


class Wording(_Model):
    supplier: str | None = Field(default=None, min_length=1)
    client: str | None = Field(default=None, min_length=1)

    def for_party(self, party: str) -> str:
        text = getattr(self, party)
        if text is None:
            raise KeyError(party)
        return text


class Question(_Model):
    id: Id
    area: Id
    sub: Id
    type: QuestionType
    parties: Literal["supplier", "client", "both"]
    text: Wording
    help: str = Field(min_length=1)
    options: list[Option] | None = None
    reverse: bool = False
    dont_know: bool = False
    prefer_not_to_say: bool = False
    show_if: Condition | None = None
    visibility: Literal["shared", "supplier_private"] = "shared"
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    scoring: NumberScoring | None = None
    combine: Literal["mean", "min", "max", "sum"] = "mean"
    max_length: int = Field(default=2000, ge=1, le=20000)
    columns: list[Column] | None = None  # rows questions only
    max_rows: int = Field(default=20, ge=1, le=100)
    # Which party can change this answer by a commitment, a term or a fact it controls (never an
    # observation of the other side); only such answers are asked for or searched over.
    actionable: Literal["supplier", "client", "both"] | None = None
    # The clause that asks for a better answer, per party: "the client commits {to} of its
    # people's time" ({to}: the answer asked for, {now}: the answer given, or a question id).
    ask: Wording | None = None

    @property
    def mirrored(self) -> bool:
        return self.parties == "both"

    @cached_property
    def answered_by(self) -> tuple[str, ...]:
        return PARTIES if self.parties == "both" else (self.parties,)

    @cached_property
    def show_if_refs(self) -> frozenset[str]:
        """The questions ``show_if`` reads (worked out once: visibility is checked often)."""
        return frozenset(referenced_questions(self.show_if)) if self.show_if is not None else frozenset()

    @property
    def actionable_by(self) -> tuple[str, ...]:
        """The parties whose own answer to this question is a commitment, term or fact."""
        if self.actionable is None:
            return ()
        return PARTIES if self.actionable == "both" else (self.actionable,)

    @property
    def scored(self) -> bool:
        if self.type in SCALE_TYPES or self.type in OPTION_TYPES:
            return True
        return self.type == "number" and self.scoring is not None

    def wording(self, party: str) -> str:
        return self.text.for_party(party)

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns or () if c.id == column_id), None)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options or () if o.id == option_id), None)

    @field_validator("text")
    @classmethod
    def _worded_for_each_party(cls, text: Wording, info: ValidationInfo) -> Wording:
        # a field validator (not the model check below) so the error is located at 'text'
        parties = info.data.get("parties")
        for party in PARTIES if parties == "both" else (parties,) if parties else ():
            if getattr(text, party) is None:
                raise ValueError(f"missing the {party}'s wording in 'text'")
        return text

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        if self.type in OPTION_TYPES:
            if not self.options or len(self.options) < 2:
                raise ValueError(f"a {self.type} question needs at least two options")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError("option ids must be unique within a question")
        elif self.options is not None:
            raise ValueError(f"a {self.type} question takes no options")
        if self.type == "rows":
            if not self.columns:
                raise ValueError("a rows question needs 'columns'")
            ids = [c.id for c in self.columns]
            if len(set(ids)) != len(ids):
                raise ValueError("column ids must be unique within a question")
            if self.parties == "both":
                raise ValueError("a rows question is answered by one party (each row is its "
                                 "own commitment, not an opinion to compare)")
        elif self.columns is not None:
            raise ValueError(f"a {self.type} question takes no columns")
        if self.type != "number" and (self.min is not None or self.max is not None
                                      or self.scoring is not None):
            raise ValueError(f"a {self.type} question takes no min, max or scoring")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        if self.reverse and self.type not in SCALE_TYPES:
            raise ValueError("only likert and frequency questions can be reverse-keyed")
        if self.visibility == "supplier_private" and self.parties != "supplier":
            raise ValueError("a supplier-private question must be answered by the supplier only")
        if self.actionable is not None and not set(self.actionable_by) <= set(self.answered_by):
            raise ValueError(f"'actionable: {self.actionable}' names a party that does not answer it")
        option_asks = any(o.ask for o in self.options or ())
        if (self.ask is not None or option_asks) and self.actionable is None:
            raise ValueError("'ask' is only for actionable questions (set 'actionable')")
        for party in self.actionable_by:
            if (self.ask is None or getattr(self.ask, party) is None) and not option_asks:
                raise ValueError(f"an actionable question needs the {party}'s 'ask' clause "
                                 "(or an 'ask' on its options)")
        return self


class SubDimension(_Model):
    id: Id
    title: str = Field(min_length=1)


class Area(_Model):
    id: Id
    title: str = Field(min_length=1)
    # What the client sees instead, where the supplier's working title would judge the client
    # ("Control and respect"); the title is used when these are not given.
    client_title: str | None = Field(default=None, min_length=1)
    client_description: str | None = None
    weight: float = Field(gt=0.0, le=1.0)
    order: int = 0
    description: str = ""
    subs: list[SubDimension] = Field(min_length=1)


    def title_for(self, party: str) -> str:
        return (self.client_title or self.title) if party == "client" else self.title

    def description_for(self, party: str) -> str:
        if party == "client" and self.client_description is not None:
            return self.client_description
        return self.description


class AreaFile(_Model):
    """One YAML file of the bank: an area and its questions."""

    area: Area
    questions: list[Question] = Field(min_length=1)


class Bank(_Model):
    areas: tuple[Area, ...]
    questions: tuple[Question, ...]

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def question(self, question_id: str) -> Question:
        return self.by_id[question_id]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def in_area(self, area_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.area == area_id)

    def for_party(self, party: str, area_id: str | None = None) -> tuple[Question, ...]:
        return self.party_index.get((party, area_id), ())

    @cached_property
    def party_index(self) -> dict[tuple[str, str | None], tuple[Question, ...]]:
        """Each party's questions, per area and in all (area None), in bank order: worked out
        once, since every rerun of the questionnaire asks for them."""
        index: dict[tuple[str, str | None], list[Question]] = {}
        for q in self.questions:
            for party in q.answered_by:
                index.setdefault((party, q.area), []).append(q)
                index.setdefault((party, None), []).append(q)
        return {key: tuple(found) for key, found in index.items()}
