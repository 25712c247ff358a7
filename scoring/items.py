"""Item scores 0..1 and the bank's layout for scoring: the arithmetic every score is built from.

Kept apart from :mod:`scoring.score` so the vectorised portfolio path and the findings use
exactly the same mapping from an answer to a number.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Mapping

from questions.conditions import evaluate
from questions.schema import DONT_KNOW, PARTIES, SCALE_TYPES, Bank, Question
from questions.words import is_number

Answers = Mapping[str, Mapping[str, Any]]


def item_score(question: Question, value: Any, answers: Answers) -> float | None:
    """The 0..1 score of one answer, or None when it carries no score (don't know, text,
    an empty multi, a ratio whose reference answer is missing)."""
    if value is None or value == DONT_KNOW:
        return None
    kind = question.type
    if kind in SCALE_TYPES:
        return (5 - value) / 4 if question.reverse else (value - 1) / 4
    if kind == "choice":
        option = question.option(value)
        return option.score if option else None
    if kind == "multi":
        scores = [o.score for v in value if (o := question.option(v))]
        if not scores:
            return None
        combine = question.combine
        if combine == "min":
            return min(scores)
        if combine == "max":
            return max(scores)
        if combine == "sum":
            return min(1.0, sum(scores))
        return sum(scores) / len(scores)
    if kind == "number" and question.scoring is not None and is_number(value):
        rule = question.scoring
        if rule.ratio_to is not None:
            other = answers.get(rule.ratio_to.party, {}).get(rule.ratio_to.question)
            if not is_number(other):
                return None
            return 1.0 if other <= 0 else max(0.0, min(1.0, value / other))
        reached = [b for b in rule.bands or () if value >= b.at_least]
        return max(reached, key=lambda b: b.at_least).score if reached else 0.0
    return None


def on_scale(score: float) -> float:
    """An item score back on the 1..5 scale, where perception gaps are measured."""
    return 1.0 + 4.0 * score


@dataclass(frozen=True)
class SubLayout:
    id: str
    items: dict[str, tuple[Question, ...]]  # party -> scored questions counting for readiness


@dataclass(frozen=True)
class AreaLayout:
    id: str
    title: str
    subs: tuple[SubLayout, ...]
    questions: tuple[Question, ...]
    mirrored: tuple[Question, ...]  # scored questions both parties answer


def layout(bank: Bank, client_owned: Collection[str] = ()) -> tuple[AreaLayout, ...]:
    """The bank grouped the way scoring walks it: area -> sub-dimension -> party -> items.

    In the sub-dimensions listed in ``client_owned`` ("area.sub": facts the client owns) only
    the client's answers count for readiness; the supplier's view of them still feeds the
    comparison of the two views (``mirrored``)."""
    result = []
    for area in bank.areas:
        questions = bank.in_area(area.id)
        subs = tuple(SubLayout(s.id, {p: tuple(
            q for q in questions if q.sub == s.id and q.scored and p in q.answered_by
            and not (p == "supplier" and f"{area.id}.{s.id}" in client_owned)) for p in PARTIES})
            for s in area.subs)
        mirrored = tuple(q for q in questions if q.scored and q.mirrored)
        result.append(AreaLayout(area.id, area.title, subs, questions, mirrored))
    return tuple(result)


def shown(question: Question, counted: Answers, party: str) -> bool:
    """Whether ``question`` is on screen for ``party`` given the answers that count."""
    return question.show_if is None or evaluate(question.show_if, counted, party)
