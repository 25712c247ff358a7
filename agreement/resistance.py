"""The resistance a dependency may meet: the strongest of five named drivers.

Drivers follow Kotter & Schlesinger (1979) plus capacity (Weiner 2009). Each value is 0..1 and
comes with the reason a salesperson can repeat to the prospect: which area's resistance, which
gap or which hours figure produced it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from scoring.model import Bands
from scoring.report import AreaReport, Band, Report

from .rules import DRIVERS, Driver, Rule, RowRule, RuleSet

DRIVER_NAMES: dict[str, str] = {
    "self_interest": "self-interest",
    "misunderstanding_distrust": "misunderstanding/distrust",
    "different_assessment": "different assessment",
    "low_tolerance_for_change": "low tolerance for change",
    "capacity": "capacity",
}


@dataclass(frozen=True)
class Resistance:
    level: Band
    driver: Driver
    score: float  # 0..1
    reason: str

    @property
    def driver_name(self) -> str:
        return DRIVER_NAMES.get(self.driver, self.driver)


class _Numbers(Protocol):
    def number(self, role: str) -> float | None: ...


def hours_ratio(facts: _Numbers) -> tuple[float | None, float | None]:
    """Hours per week the client commits and the hours the work needs (None when not stated),
    read through the roles rules.yaml declares (``facts``: an :class:`agreement.facts.CallFacts`)."""
    return facts.number("hours_committed"), facts.number("hours_required")


def _area(report: Report, area_id: str) -> AreaReport | None:
    return next((a for a in report.areas if a.id == area_id), None)


def _from_areas(report: Report, area_ids: list[str]) -> tuple[float, str]:
    best, why = 0.0, "no resistance measured in the related areas"
    for area_id in area_ids:
        area = _area(report, area_id)
        if area is not None and area.resistance is not None and area.resistance / 100 > best:
            best = area.resistance / 100
            why = f"expected resistance in {area.title} is {area.resistance:.0f}/100"
    return best, why


def _assessment(rule: Rule | RowRule, rules: RuleSet, report: Report,
                sources: tuple[str, ...]) -> tuple[float, str]:
    areas = list(dict.fromkeys(rules.driver_areas.get("different_assessment", []) +
                               rule.resistance.areas))
    best, why = 0.0, "the two parties' views agree in the related areas"
    for area_id in areas:
        area = _area(report, area_id)
        if area is not None and area.alignment is not None and 1 - area.alignment / 100 > best:
            best = 1 - area.alignment / 100
            why = f"alignment in {area.title} is {area.alignment:.0f}/100"
    for gap in report.gaps:
        if (gap.area in areas or gap.question in sources) and abs(gap.difference) / 4 > best:
            best = abs(gap.difference) / 4
            rosier = "the supplier's" if gap.difference > 0 else "the client's"
            why = (f"the parties differ by {abs(gap.difference):g} points on \"{gap.text}\" "
                   f"({rosier} view is the rosier)")
    return best, why


def _capacity(rule: Rule | RowRule, hours: tuple[float | None, float | None]) -> tuple[float, str]:
    if not rule.uses_client_hours:
        return 0.0, "draws on no client hours"
    committed, required = hours
    if committed is None or required is None:
        return 0.5, "hours committed or required are not stated"
    if required <= 0:
        return 0.0, "the work needs no client hours"
    shortfall = max(0.0, 1 - committed / required)
    return shortfall, f"the client commits {committed:g} of the {required:g} hours per week the work needs"


def band(score: float, bands: Bands) -> Band:
    """The scoring model's band for a 0..1 score (model.yaml resistance.bands: one home)."""
    points = score * 100
    if points >= bands.high:
        return "high"
    return "medium" if points >= bands.medium else "low"


def assess_resistance(rule: Rule | RowRule, rules: RuleSet, report: Report,
                      answers: Mapping[str, Mapping[str, Any]], sources: tuple[str, ...],
                      bands: Bands, hours: tuple[float | None, float | None]) -> Resistance:
    """The strongest of the rule's hinted drivers (plus capacity when it uses client hours)."""
    candidates = list(rule.resistance.drivers)
    if rule.uses_client_hours and "capacity" not in candidates:
        candidates.append("capacity")
    scored = []
    for driver in candidates:
        if driver == "capacity":
            value, why = _capacity(rule, hours)
        elif driver == "different_assessment":
            value, why = _assessment(rule, rules, report, sources)
        else:
            value, why = _from_areas(report, rules.driver_areas.get(driver, []))
        scored.append((round(min(1.0, max(0.0, value)), 4), -DRIVERS.index(driver), driver, why))
    value, _, driver, why = max(scored)
    return Resistance(band(value, bands), driver, value, f"{DRIVER_NAMES[driver]}: {why}")
