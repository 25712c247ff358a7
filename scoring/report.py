"""The Report: what scoring says about one session, with the answers behind every statement.

Frozen dataclasses so a report can be cached and compared; ``to_dict`` gives the JSON the
``python -m scoring`` command prints.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Recommendation = Literal["proceed", "proceed_with_conditions", "walk_away"]
Band = Literal["low", "medium", "high"]
Direction = Literal["over-estimator", "under-estimator", "agree-good", "agree-poor"]


@dataclass(frozen=True)
class Evidence:
    """One answer that fired a finding: the question, who gave it and what they said."""

    question: str
    party: str
    value: Any
    label: str = ""  # the answer in words (option label, "4 of 5", ...)


@dataclass(frozen=True)
class Finding:
    """A knock-out or a warning, naming the answers that fired it."""

    code: str
    message: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Gap:
    """A mirrored item where the two parties' answers differ by 2 or more scale points."""

    question: str
    area: str
    text: str
    supplier: Any
    client: Any
    difference: float  # supplier minus client, on the 1..5 scale (after reverse-keying)


@dataclass(frozen=True)
class ProceedCondition:
    """A check that failed and must be met before proceeding, with one owner."""

    code: str
    text: str
    owner: Literal["supplier", "client"]
    due: str = ""


@dataclass(frozen=True)
class Loss:
    """Points of readiness an item lost; all losses sum exactly to 100 - readiness."""

    question: str
    area: str
    points: float
    party: str = ""  # whose answer lost the points
    kind: Literal["item", "self_rating_cap", "no_data"] = "item"  # cap: self-rating counted lower
    label: str = ""  # the answer in words, or why the points were lost


@dataclass(frozen=True)
class AreaReport:
    id: str
    title: str
    weight: float
    supplier: float | None  # 0..100, None when insufficient data
    client: float | None
    combined: float | None
    alignment: float | None  # None when the area has no answered mirrored items
    direction: Direction | None
    resistance: float
    resistance_band: Band
    confidence: float  # share of the area's visible questions answered (don't know = unanswered)
    insufficient: tuple[str, ...] = ()  # sub-dimensions with under half their items answered


@dataclass(frozen=True)
class Report:
    recommendation: Recommendation
    readiness: float
    alignment: float
    resistance: float
    resistance_band: Band
    areas: tuple[AreaReport, ...]
    gaps: tuple[Gap, ...]
    knockouts: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    conditions: tuple[ProceedCondition, ...]
    reasons: tuple[str, ...]
    losses: tuple[Loss, ...]  # every item that lost points, largest first
    trust_index: float | None = None  # Maister trust equation mapped to 0..100 (diagnostic)
    confidence: float = 0.0  # share of all visible questions answered (don't know = unanswered)
    quotes: tuple[Evidence, ...] = ()  # free-text answers, carried as evidence

    def area(self, area_id: str) -> AreaReport:
        return next(a for a in self.areas if a.id == area_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
