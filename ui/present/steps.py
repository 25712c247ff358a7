"""The steps a party walks through, as plain data: welcome, one step per area, finish.

The client (through a link, or on the supplier's screen after a hand-over) gets a welcome and a
finish around its areas; the supplier's questionnaire shows the areas alone. Each step knows how
many of the party's shown questions are answered, for the marks in the step selector, and the
finish lists the questions still open, each with the step it is on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from questions import Bank, Question, Session
from questions.conditions import is_visible

# Rough seconds per question by type, from timing a full client pass (55-62 questions in 15-20
# minutes): a scale or a choice is read and clicked, a text answer is thought about and typed.
SECONDS = {"likert": 12, "frequency": 12, "choice": 15, "multi": 20, "number": 20, "date": 20,
           "text": 60}


@dataclass(frozen=True)
class Step:
    kind: str                      # "welcome", "area" or "finish"
    title: str
    area_id: str | None = None
    answered: int = 0
    total: int = 0

    @property
    def done(self) -> bool:
        return self.kind == "area" and self.answered == self.total


def party_questions(bank: Bank, party: str, area_id: str,
                    answers: Mapping[str, Mapping[str, Any]]) -> list[Question]:
    """The questions ``party`` sees in ``area_id`` given the answers that count."""
    return [q for q in bank.for_party(party, area_id) if is_visible(q, answers, party)]


def area_steps(bank: Bank, session: Session, party: str,
               answers: Mapping[str, Mapping[str, Any]], every_area: bool = False) -> list[Step]:
    """One step per area that has questions for ``party`` (or per area, ``every_area``), with
    its count of answered ones."""
    own = session.answers.get(party, {})
    steps = []
    for area in bank.areas:
        if not every_area and not bank.for_party(party, area.id):
            continue
        shown = party_questions(bank, party, area.id, answers)
        steps.append(Step("area", area.title_for(party), area.id,
                          sum(q.id in own for q in shown), len(shown)))
    return steps


def client_steps(bank: Bank, session: Session, answers: Mapping[str, Mapping[str, Any]]) -> list[Step]:
    """Welcome, the client's areas, finish."""
    return [Step("welcome", "Welcome"), *area_steps(bank, session, "client", answers),
            Step("finish", "Finish")]


def step_label(steps: list[Step], index: int) -> str:
    """How a step reads in the selector: "2. Constraints · 3 of 8 answered", "1. Goals · done ✓"."""
    step = steps[index]
    if step.kind != "area":
        return step.title
    number = sum(s.kind == "area" for s in steps[: index + 1])
    if not step.total:
        mark = "no questions"
    elif step.done:
        mark = "done ✓"
    else:
        mark = f"{step.answered} of {step.total} answered"
    return f"{number}. {step.title} · {mark}"


def heading(steps: list[Step], index: int) -> str:
    """The step's heading: "2. Constraints"."""
    step = steps[index]
    if step.kind != "area":
        return step.title
    return f"{sum(s.kind == 'area' for s in steps[: index + 1])}. {step.title}"


def estimate_minutes(questions: list[Question]) -> int:
    """Minutes the shown questions take, rounded up to the next five (at least five)."""
    seconds = sum(SECONDS.get(q.type, 20) for q in questions)
    return max(5, 5 * math.ceil(seconds / 300))


def open_questions(bank: Bank, session: Session, party: str, steps: list[Step],
                   answers: Mapping[str, Mapping[str, Any]]) -> list[tuple[int, Question]]:
    """The questions ``party`` sees and has not answered, each with the index of its step."""
    own = session.answers.get(party, {})
    found = []
    for index, step in enumerate(steps):
        if step.kind == "area" and step.area_id is not None:
            found += [(index, q) for q in party_questions(bank, party, step.area_id, answers)
                      if q.id not in own]
    return found


def shown_total(bank: Bank, party: str, answers: Mapping[str, Mapping[str, Any]]) -> list[Question]:
    """Every question ``party`` sees now, in bank order."""
    return [q for q in bank.questions if party in q.answered_by and is_visible(q, answers, party)]
