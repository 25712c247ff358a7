"""How each side of a deal is named on the page, as plain text (escape it before rendering)."""
from __future__ import annotations

from questions import Session


def who(session: Session, party: str) -> str:
    """'Jane Doe (Acme)' for one side, as plain text (escape it before rendering)."""
    person = getattr(session.people, party)
    org = getattr(session.deal, party)
    if person and org:
        return f"{person} ({org})"
    return person or org


def party_name(session: Session, party: str) -> str:
    """'Client: Jane Doe (Acme)' style name of one side, as plain text."""
    name = who(session, party)
    return f"{party.capitalize()}: {name}" if name else party.capitalize()
