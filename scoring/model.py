"""The scoring model: the editable numbers behind every score, validated like the bank.

``load_model`` reads ``model.yaml`` into frozen pydantic models (unknown keys are errors) and
reports every problem with file, line and field. ``check_model`` verifies that each question
the model names exists in a bank (see :mod:`scoring.fit`), so a renamed question fails loudly
instead of silently scoring nothing.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from questions.conditions import referenced_questions
from questions.loader import BankError, validate_yaml
from questions.schema import Condition, Id

MODEL_PATH = Path(__file__).parent / "model.yaml"
Party = Literal["supplier", "client"]
Fraction = float


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ref(_M):
    """One party's answer to one question."""

    question: Id
    party: Party


class AreaWeight(_M):
    weight: float = Field(gt=0.0, le=1.0)
    owner: Party
    # What to agree when resistance in this area is expected to be high (an ask).
    resistance_ask: str = Field(default="", max_length=400)


class SelfRating(_M):
    areas: tuple[Id, ...] = ()
    max_points_above_supplier: float = Field(ge=0.0, le=4.0)


class Alignment(_M):
    gap_points: float = Field(gt=0.0, le=4.0)
    direction_points: float = Field(ge=0.0, le=4.0)
    agree_good_at: float = Field(ge=0.0, le=100.0)


class ResistanceWeights(_M):
    readiness: float = Field(ge=0.0, le=1.0)
    gap: float = Field(ge=0.0, le=1.0)
    tendency: float = Field(ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _sum_to_one(self) -> "ResistanceWeights":
        if abs(self.readiness + self.gap + self.tendency - 1.0) > 1e-9:
            raise ValueError("resistance weights must sum to 1")
        return self


class Bands(_M):
    medium: float = Field(ge=0.0, le=100.0)
    high: float = Field(ge=0.0, le=100.0)

    @model_validator(mode="after")
    def _ordered(self) -> "Bands":
        if self.medium > self.high:
            raise ValueError("the medium band must start below the high band")
        return self


class Resistance(_M):
    weights: ResistanceWeights
    bands: Bands
    tendency: tuple[Ref, ...] = ()


class Trust(_M):
    credibility: Id
    reliability: Id
    intimacy: Id
    self_orientation: Id
    party: Party
    low_index: float = Field(ge=0.0, le=100.0)
    low_factor: float = Field(ge=1.0, le=5.0)


class Named(_M):
    name: str = Field(min_length=1, max_length=80)  # what people call it, on pages and in reports


class HoursKnockout(Named):
    committed: Ref
    required: Ref
    min_ratio: float = Field(ge=0.0, le=10.0)


class OwnerKnockout(Named):
    question: Id
    party: Party
    no_owner_words: tuple[str, ...] = ("",)


class IronTriangle(Named):
    flex: Ref
    corners: tuple[Id, ...] = Field(min_length=1)
    budget: Ref
    min_price: Ref
    target_date: Ref
    min_weeks: Ref
    max_ratio: float = Field(gt=0.0, le=10.0)


class ChoiceRule(Named):
    question: Id
    party: Party
    values: tuple[str, ...] = Field(min_length=1)


class AreaBelow(Named):
    area: Id
    below: float = Field(ge=0.0, le=100.0)


class Knockouts(_M):
    hours: HoursKnockout | None = None
    owner: OwnerKnockout | None = None
    iron_triangle: IronTriangle | None = None
    decision_maker: ChoiceRule | None = None
    consequences: ChoiceRule | None = None
    goals_alignment: AreaBelow | None = None


class WarningRule(_M):
    """A named risk from the stories behind Groundwork: when it fires, the answers behind it,
    the ask that addresses it, and the answers that show it is addressed.

    ``kind`` says how it fires: ``answers`` when the ``when`` condition holds (the bank's
    condition vocabulary, each test naming its party); ``trust`` when the client's trust index is
    below ``trust.low_index`` or a trust factor is at most ``trust.low_factor``; ``one_way_need``
    when the two needs differ by ``min_points`` or more. A fired warning whose ``resolved_when``
    holds is shown as addressed and no longer stands in the way of proceeding."""

    code: Id
    name: str = Field(min_length=1, max_length=80)
    explain: str = Field(min_length=1)
    owner: Party
    ask: str = Field(min_length=1)
    due_days: int = Field(default=10, ge=0, le=260)  # business days after the deal date
    kind: Literal["answers", "trust", "one_way_need"] = "answers"
    when: Condition | None = None
    resolved_when: Condition | None = None
    supplier_need: Id | None = None
    client_need: Id | None = None
    min_points: float | None = Field(default=None, gt=0.0, le=4.0)

    @model_validator(mode="after")
    def _fits_kind(self) -> "WarningRule":
        if (self.kind == "answers") != (self.when is not None):
            raise ValueError("a warning of kind 'answers' needs 'when'; other kinds take none")
        if (self.kind == "one_way_need") != (self.min_points is not None and
                                             self.supplier_need is not None and
                                             self.client_need is not None):
            raise ValueError("kind 'one_way_need' needs supplier_need, client_need and min_points")
        return self


class VerdictWords(_M):
    name: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class Asks(_M):
    due_days: int = Field(default=5, ge=0, le=260)  # business days after the deal date
    shown: int = Field(default=5, ge=1, le=50)  # the results page folds the rest


class WalkAway(_M):
    readiness: float = Field(ge=0.0, le=100.0)
    alignment: float = Field(ge=0.0, le=100.0)


class ProceedAt(_M):
    readiness: float = Field(ge=0.0, le=100.0)
    alignment: float = Field(ge=0.0, le=100.0)
    area: float = Field(ge=0.0, le=100.0)


class EnoughAnswers(_M):
    """What a verdict needs: a share of the bank's sub-dimensions scored, and answers to the
    questions the knock-outs turn on."""

    min_scored_share: Fraction = Field(ge=0.0, le=1.0)
    required: tuple[Id, ...] = ()


class Decision(_M):
    enough_answers: EnoughAnswers = EnoughAnswers(min_scored_share=0.0)
    walk_away_below: WalkAway
    proceed_at: ProceedAt
    warnings_block_proceed: bool = True
    high_resistance_blocks_proceed: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> "Decision":
        if self.proceed_at.readiness < self.walk_away_below.readiness \
                or self.proceed_at.alignment < self.walk_away_below.alignment:
            raise ValueError("proceed thresholds must not be below the walk-away thresholds")
        return self


class Model(_M):
    areas: dict[Id, AreaWeight] = Field(min_length=1)
    min_answered_share: Fraction = Field(gt=0.0, le=1.0)
    self_rating: SelfRating
    alignment: Alignment
    resistance: Resistance
    trust: Trust | None = None
    client_owned: tuple[str, ...] = ()  # "area.sub": facts the client owns (see model.yaml)
    knockouts: Knockouts = Knockouts()
    warnings: tuple[WarningRule, ...] = ()
    decision: Decision
    verdicts: dict[Literal["proceed", "proceed_with_conditions", "walk_away", "not_enough_answers"],
                   VerdictWords]
    asks: Asks = Asks()
    _file: str = PrivateAttr(default=MODEL_PATH.name)
    _lines: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _known_areas(self) -> "Model":
        unknown = [a for a in self.self_rating.areas if a not in self.areas]
        if unknown:
            raise ValueError(f"self_rating names areas not listed under 'areas': {unknown}")
        codes = [w.code for w in self.warnings]
        if len(set(codes)) != len(codes):
            raise ValueError("warning codes must be unique")
        missing = {"proceed", "proceed_with_conditions", "walk_away", "not_enough_answers"} - set(self.verdicts)
        if missing:
            raise ValueError(f"'verdicts' lacks the words for {sorted(missing)}")
        return self

    @cached_property
    def warning_questions(self) -> dict[str, tuple[str, ...]]:
        """The questions each warning reads (its evidence), worked out once per model."""
        out: dict[str, tuple[str, ...]] = {}
        trust = self.trust
        for w in self.warnings:
            if w.kind == "trust" and trust is not None:
                out[w.code] = (trust.credibility, trust.reliability, trust.intimacy,
                               trust.self_orientation)
            elif w.kind == "one_way_need" and w.supplier_need and w.client_need:
                out[w.code] = (w.supplier_need, w.client_need)
            elif w.when is not None:
                out[w.code] = tuple(sorted(referenced_questions(w.when)))
            else:
                out[w.code] = ()
        return out

    def band(self, resistance: float) -> Literal["low", "medium", "high"]:
        bands = self.resistance.bands
        return "high" if resistance >= bands.high else "medium" if resistance >= bands.medium else "low"


class ModelError(BankError):
    """The scoring model cannot be used; ``problems`` lists every located mistake."""


def load_model(path: str | Path | None = None) -> Model:
    """Read and validate a model file (the packaged ``model.yaml`` by default)."""
    path = Path(path) if path is not None else MODEL_PATH
    model, lines = validate_yaml(path, Model, what="of model settings", error=ModelError)
    model._file, model._lines = path.name, lines
    return model
