"""The drafted dependencies as JSON (``python -m agreement --format json``): the fields both sides
can read, with no score and nothing one side answered about the other."""
from __future__ import annotations

from typing import Any, Sequence

from questions.session import Session

from .draft import Dependency
from .render import shared_answers

KEYS: tuple[str, ...] = ("id", "title", "what", "why", "goal", "owner_party", "owner", "due",
                         "serves", "conflict", "how", "done_when", "resistance", "mitigation",
                         "consequence", "from")


def dependency_json(session: Session, dep: Dependency) -> dict[str, Any]:
    goals = {g.id: g.text for g in session.goals}
    return {
        "id": dep.id, "title": dep.title, "what": dep.what, "why": dep.why,
        "goal": goals.get(dep.goal_id, ""), "owner_party": dep.who.party,
        "owner": dep.who.name if dep.who.named else None,
        "due": dep.due.isoformat() if dep.due else None,
        "serves": {"label": dep.serves.label, "date": dep.serves.date.isoformat()} if dep.serves else None,
        "conflict": dep.conflict, "how": dep.how, "done_when": dep.measure,
        "resistance": dep.resistance.driver_name, "mitigation": dep.mitigation.text,
        "consequence": dep.consequence,
        "from": [{"question": a.wording, "party": a.party, "answer": a.answer}
                 for a in shared_answers(dep)],
    }


def dependencies_json(session: Session, dependencies: Sequence[Dependency]) -> list[dict[str, Any]]:
    return [dependency_json(session, d) for d in dependencies]
