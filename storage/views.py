"""What each party may see of a session: one rule, used for whole sessions and for polling.

A client never sees supplier-private answers (notes, minimum price, whether the supplier may
decline). In blind mode neither party sees the other's answers until both have marked their
part complete; "together" mode shows both, for the live call. Pure: no database here.
"""
from __future__ import annotations

from typing import Any

from questions.schema import PARTIES, Bank
from questions.session import Session


def hidden(bank: Bank, viewer: str, owner: str, question_id: str, *, mode: str,
           both_complete: bool) -> bool:
    """True when ``viewer`` must not see ``owner``'s answer to ``question_id``."""
    if viewer not in PARTIES:
        raise ValueError(f"viewer must be one of {PARTIES}, got {viewer!r}")
    if owner == viewer:
        return False
    if mode == "blind" and not both_complete:
        return True
    question = bank.by_id.get(question_id)
    return viewer == "client" and (question is None or question.visibility == "supplier_private")


def party_view(bank: Bank, session: Session, viewer: str, *, mode: str,
               both_complete: bool) -> Session:
    """The session with everything ``viewer`` must not see removed."""
    answers: dict[str, dict[str, Any]] = {
        owner: {qid: value for qid, value in given.items()
                if not hidden(bank, viewer, owner, qid, mode=mode, both_complete=both_complete)}
        for owner, given in session.answers.items()}
    return session.model_copy(update={"answers": answers})

