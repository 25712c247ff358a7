"""The dated dependencies as an iCalendar file (RFC 5545) both sides can import.

Each dependency with a date is one all-day event (``DTSTART;VALUE=DATE``) naming the owner, the
what and the consequence. Its UID is stable for the session and the dependency, so importing a
newer file updates the events instead of adding copies. Written by the ``icalendar`` library.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Sequence

from questions.session import Session
from questions.workdays import plus_days

from .draft import Dependency
from .escape import clean

PRODID = "-//Groundwork//Draft dependencies//EN"


def session_key(session: Session) -> str:
    """A stable key for one discovery: its deal name, both organisations and its date."""
    deal = session.deal
    text = "\x1f".join([deal.name, deal.supplier, deal.client, str(deal.date or "")])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def event_uid(session: Session, dep: Dependency) -> str:
    return f"{session_key(session)}-{dep.id}@groundwork"


def _org(session: Session, party: str) -> str:
    return getattr(session.deal, party) or party


def render_ics(session: Session, dependencies: Sequence[Dependency],
               stamp: dt.datetime | None = None) -> bytes:
    """Every dependency with a date as an all-day event on that date."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", clean(f"Dependencies: {session.deal.name}"))
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for dep in dependencies:
        if dep.due is None:
            continue
        owner = f"{dep.who.name} ({_org(session, dep.who.party)})"
        lines = [f"What: {dep.what}", f"Owner: {owner}", f"Consequence: {dep.consequence}"]
        if dep.serves is not None:
            lines.append(f"For: {dep.serves.words()}")
        if dep.conflict:
            lines.append(f"Date to resolve: {dep.conflict}")
        event = Event()
        event.add("uid", event_uid(session, dep))
        event.add("dtstamp", stamp)
        event.add("dtstart", dep.due)
        event.add("dtend", plus_days(dep.due, 1))
        event.add("summary", clean(f"{dep.title}: {dep.who.name}"))
        event.add("description", clean("\n".join(lines)))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
