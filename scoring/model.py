"""The scoring model: the editable numbers behind every score, validated like the bank.

``load_model`` reads ``model.yaml`` into frozen pydantic models (unknown keys are errors) and
reports every problem with file, line and field. ``check_model`` verifies that each question
the model names exists in a bank (see :mod:`scoring.fit`), so a renamed question fails loudly
instead of silently scoring nothing.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from questions.loader import BankError, Problem, locate, read_yaml
from questions.schema import Id

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


class HoursKnockout(_M):
    committed: Ref
    required: Ref
    min_ratio: float = Field(ge=0.0, le=10.0)


class OwnerKnockout(_M):
    question: Id
    party: Party
    no_owner_words: tuple[str, ...] = ("",)


class IronTriangle(_M):
    flex: Ref
    corners: tuple[Id, ...] = Field(min_length=1)
    budget: Ref
    min_price: Ref
    target_date: Ref
    min_weeks: Ref
    max_ratio: float = Field(gt=0.0, le=10.0)


class ChoiceRule(_M):
    question: Id
    party: Party
    values: tuple[str, ...] = Field(min_length=1)
    owner: Party = "supplier"


class AreaBelow(_M):
    area: Id
    below: float = Field(ge=0.0, le=100.0)


class Knockouts(_M):
    hours: HoursKnockout | None = None
    owner: OwnerKnockout | None = None
    iron_triangle: IronTriangle | None = None
    decision_maker: ChoiceRule | None = None
    consequences: ChoiceRule | None = None
    goals_alignment: AreaBelow | None = None


class BehaviourWarning(_M):
    questions: tuple[Id, ...] = Field(min_length=1)
    at_most: float = Field(ge=1.0, le=5.0)
    owner: Party


class OneWayNeed(_M):
    supplier_need: Id
    client_need: Id
    min_points: float = Field(gt=0.0, le=4.0)
    owner: Party


class OwnerOnly(_M):
    owner: Party


class Warnings(_M):
    vendor_failures: ChoiceRule | None = None
    behaviour: BehaviourWarning | None = None
    cannot_decline: ChoiceRule | None = None
    one_way_need: OneWayNeed | None = None
    low_trust: OwnerOnly | None = None


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


class ScaleLabels(_M):
    likert: tuple[str, str, str, str, str]
    frequency: tuple[str, str, str, str, str]


class Model(_M):
    areas: dict[Id, AreaWeight] = Field(min_length=1)
    min_answered_share: Fraction = Field(gt=0.0, le=1.0)
    self_rating: SelfRating
    alignment: Alignment
    resistance: Resistance
    trust: Trust | None = None
    knockouts: Knockouts = Knockouts()
    warnings: Warnings = Warnings()
    decision: Decision
    scale_labels: ScaleLabels
    _file: str = PrivateAttr(default=MODEL_PATH.name)
    _lines: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _known_areas(self) -> "Model":
        unknown = [a for a in self.self_rating.areas if a not in self.areas]
        if unknown:
            raise ValueError(f"self_rating names areas not listed under 'areas': {unknown}")
        return self

    def band(self, resistance: float) -> Literal["low", "medium", "high"]:
        bands = self.resistance.bands
        return "high" if resistance >= bands.high else "medium" if resistance >= bands.medium else "low"


class ModelError(ValueError):
    """The scoring model cannot be used; ``problems`` lists every located mistake."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_model(path: str | Path | None = None) -> Model:
    """Read and validate a model file (the packaged ``model.yaml`` by default)."""
    path = Path(path) if path is not None else MODEL_PATH
    try:
        data, lines = read_yaml(path)
    except BankError as exc:
        raise ModelError(exc.problems) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError([Problem(path.name, None, None, None, f"cannot read file: {exc}")]) from None
    if not isinstance(data, dict):
        raise ModelError([Problem(path.name, 1, None, None, "expected a mapping of model settings")])
    try:
        model = Model.model_validate(data)
    except ValidationError as exc:
        raise ModelError([
            Problem(path.name, locate(tuple(e["loc"]), lines), None,
                    ".".join(str(p) for p in e["loc"]) or None, e["msg"])
            for e in exc.errors()]) from None
    model._file, model._lines = path.name, lines
    return model
