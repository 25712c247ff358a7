"""The Report: what scoring says about one session, with the answers behind every statement.

Frozen dataclasses so a report can be cached and compared; ``to_dict`` gives the JSON the
``python -m scoring`` command prints.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Recommendation = Literal["proceed", "proceed_with_conditions", "walk_away", "not_enough_answers"]
# The verdicts on the way to proceeding, worst first ("not enough answers" is not on this ladder).
LADDER: tuple[str, ...] = ("walk_away", "proceed_with_conditions", "proceed")
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
    """A knock-out or a warning: its name, a plain sentence with the answers that fired it,
    and those answers. A warning whose ask the answers show agreed is ``resolved``: still listed,
    no longer in the way of proceeding."""

    code: str
    name: str
    text: str
    evidence: tuple[Evidence, ...] = ()
    resolved: bool = False


@dataclass(frozen=True)
class Source:
    """One party's answer to one question that something comes from."""

    question: str
    party: str


@dataclass(frozen=True)
class Change:
    """One party's answer to one question replaced by ``to`` (a valid answer to it)."""

    question: str
    party: str
    to: Any


@dataclass(frozen=True)
class Ask:
    """A concrete term one party can agree to, with the number, name or date it needs.

    ``impact`` is how far meeting it moves the verdict (see :mod:`scoring.asks`); ``sources`` are
    the answers it was worked out from (``from`` in the JSON); ``changes`` are the answers that
    would show it met, used to measure the impact."""

    code: str
    text: str
    owner: str  # "supplier" or "client"
    due: str  # ISO date, or "" without a deal date
    impact: float
    sources: tuple[Source, ...] = ()
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "owner": self.owner, "due": self.due,
                "impact": self.impact, "from": [asdict(s) for s in self.sources],
                "changes": [asdict(c) for c in self.changes]}


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
    """A check that failed and stands between this deal and proceeding, in plain words, with
    the party who can change it; the asks say what to agree."""

    code: str
    text: str
    owner: Literal["supplier", "client"]
    due: str = ""


@dataclass(frozen=True)
class Missing:
    """An unanswered question that would help decide the verdict, and why it matters."""

    question: str
    party: str
    reason: str  # e.g. "a knock-out turns on it" or "worth up to 2.1 points of readiness"
    points: float = 0.0  # readiness points the answer can move (knock-out questions: 100)


@dataclass(frozen=True)
class Loss:
    """Points of readiness an item lost; all losses sum exactly to 100 - readiness."""

    question: str
    area: str
    points: float
    party: str = ""  # whose answer lost the points
    kind: Literal["item", "self_rating_cap"] = "item"  # cap: self-rating counted lower
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
    resistance: float | None  # None when the area has no score
    resistance_band: Band | None
    confidence: float | None  # share of the area's visible questions answered (don't know =
    # unanswered); None when the area shows no question
    insufficient: tuple[str, ...] = ()  # sub-dimensions with under half their items answered


@dataclass(frozen=True)
class Report:
    """Every number is None when the answers behind it are not there: never an invented 0 or 0.5."""

    recommendation: Recommendation
    readiness: float | None  # None when no area can be scored
    alignment: float | None  # None when no question has both parties' answers
    resistance: float | None  # None without readiness
    resistance_band: Band | None
    areas: tuple[AreaReport, ...]
    gaps: tuple[Gap, ...]
    knockouts: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    conditions: tuple[ProceedCondition, ...]
    reasons: tuple[str, ...]
    losses: tuple[Loss, ...]  # every item that lost points, largest first
    trust_index: float | None = None  # Maister trust equation mapped to 0..100 (diagnostic)
    confidence: float | None = None  # share of all visible questions answered (don't know =
    # unanswered); None when no question is shown
    quotes: tuple[Evidence, ...] = ()  # free-text answers, carried as evidence
    deciding: tuple[Missing, ...] = ()  # unanswered questions that would decide it, most first
    asks: tuple[Ask, ...] = ()  # most important first (walk away and conditions only)

    def area(self, area_id: str) -> AreaReport:
        return next(a for a in self.areas if a.id == area_id)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["asks"] = [a.to_dict() for a in self.asks]
        return data
