"""Which questions a party sees given the answers so far, and how many are answered."""
from __future__ import annotations

from typing import Any, Mapping

from questions import Bank, Question, Session, visible_answers
from questions.conditions import is_visible


def shown_answers(bank: Bank, session: Session) -> dict[str, dict[str, Any]]:
    """The answers that count for visibility (hidden follow-ups do not show further ones)."""
    return visible_answers(bank.by_id, session.answers)


def shown_questions(bank: Bank, session: Session, party: str, area_id: str,
                    answers: Mapping[str, Mapping[str, Any]] | None = None) -> list[Question]:
    """The questions ``party`` sees in ``area_id`` given the answers so far."""
    answers = shown_answers(bank, session) if answers is None else answers
    return [q for q in bank.for_party(party, area_id) if is_visible(q, answers, party)]


def area_progress(bank: Bank, session: Session, area_id: str,
                  answers: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[int, int]:
    """(answered, shown) over both parties for one area; pass ``answers`` (from
    :func:`shown_answers`) when the page already has them, to skip working them out again."""
    answers = shown_answers(bank, session) if answers is None else answers
    answered = total = 0
    for party in ("supplier", "client"):
        for q in shown_questions(bank, session, party, area_id, answers):
            total += 1
            answered += q.id in session.answers.get(party, {})
    return answered, total
