"""Dependencies as flat rows, so the dependencies page can hand them to ``st.data_editor``.

The page edits rows; :func:`from_row` turns an edited row back into a Dependency (keeping what
the table does not show: resistance, sources, evidence), ready for :func:`smart_check`.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from .draft import Dependency, Mitigation, Person
from .resistance import Resistance
from .schedule import after_event
from .smart import due_from_text

COLUMNS: tuple[str, ...] = ("id", "what", "why", "goal_id", "party", "owner", "when", "how",
                            "measure", "resistance", "mitigation", "consequence", "agreed")
# Shown, never edited: worked out from the date and the event it serves.
READ_ONLY: tuple[str, ...] = ("serves", "conflict")


def to_row(dep: Dependency) -> dict[str, Any]:
    return {"id": dep.id, "what": dep.what, "why": dep.why, "goal_id": dep.goal_id,
            "party": dep.who.party, "owner": dep.who.name if dep.who.named else "",
            "when": dep.when, "how": dep.how, "measure": dep.measure,
            "resistance": f"{dep.resistance.level}: {dep.resistance.driver_name}",
            "mitigation": dep.mitigation.text, "consequence": dep.consequence,
            "agreed": dep.agreed}


def serves_words(dep: Dependency) -> str:
    return dep.serves.words() if dep.serves is not None else ""


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def from_row(row: Mapping[str, Any], base: Dependency | None = None) -> Dependency:
    """A Dependency from an edited row; a new row (no base) starts with no known resistance."""
    owner = _text(row, "owner")
    party = _text(row, "party") or (base.who.party if base else "client")
    when = _text(row, "when")
    resistance = base.resistance if base else Resistance("low", "capacity", 0.0, "added by hand")
    mitigation = base.mitigation if base else Mitigation("facilitation", "")
    if _text(row, "mitigation"):
        mitigation = Mitigation(mitigation.tactic, _text(row, "mitigation"))
    fields: dict[str, Any] = dict(
        id=_text(row, "id") or (base.id if base else "added"),
        title=base.title if base else (_text(row, "what")[:60] or "Added dependency"),
        what=_text(row, "what"), why=_text(row, "why"), goal_id=_text(row, "goal_id"),
        who=Person(party, owner, named=bool(owner)), when=when, due=due_from_text(when),
        how=_text(row, "how"), measure=_text(row, "measure"), resistance=resistance,
        mitigation=mitigation, consequence=_text(row, "consequence"),
        agreed=bool(row.get("agreed", False)))
    if base is not None:
        if fields["due"] != base.due:  # a changed date is checked against the event it serves
            fields["conflict"] = after_event(fields["due"], base.serves, f"'{fields['title']}'")
        return dataclasses.replace(base, **fields)
    return Dependency(**fields)
