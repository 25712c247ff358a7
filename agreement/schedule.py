"""Dates for dependencies: counted on business days (weekends and the deal country's public
holidays off), scheduled backwards from the dated event a dependency serves, and flagged as a
conflict when they cannot fit, never silently due after that event.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from questions.words import date_words, days_words
from questions.workdays import add_business_days, business_days_between, public_holidays

from .facts import Event


class Calendar:
    """Business days for one deal: weekends, plus public holidays when a country is given."""

    def __init__(self, country: str | None, around: dt.date | None):
        year = (around or dt.date.today()).year
        self.country = country
        self.holidays = public_holidays(country, max(dt.MINYEAR, year - 1), min(dt.MAXYEAR, year + 5))

    def add(self, start: dt.date, days: int) -> dt.date:
        """Saturating at the calendar's ends: a date counted past year 1 or 9999 (any ISO date is
        a valid answer) stays at the end, so the schedule reports a conflict instead of failing."""
        try:
            return add_business_days(start, days, self.holidays)
        except (ValueError, OverflowError):
            return dt.date.min if days < 0 else dt.date.max

    def between(self, start: dt.date, end: dt.date) -> int:
        return business_days_between(start, end, self.holidays)


@dataclass(frozen=True)
class Scheduled:
    due: dt.date | None
    serves: Event | None
    conflict: str | None = None


def serving(events: list[Event], day: dt.date | None) -> Event | None:
    """The earliest event on or after ``day`` (None after the last one, or without a day)."""
    if day is None:
        return None
    return next((e for e in events if e.date >= day), None)


def first_event(events: list[Event], deal: dt.date | None) -> Event | None:
    return serving(events, deal) if deal is not None else (events[0] if events else None)


def backwards(calendar: Calendar, event: Event, lead: int | None, forward: dt.date | None,
              deal: dt.date | None, what: str, lead_words: str = "") -> Scheduled:
    """Due no later than ``lead`` business days before ``event`` (the work's duration) and no later
    than ``forward`` (the usual date counted from the deal). When even the next business day
    after the deal is too late, the dependency is due then and carries a conflict."""
    lead = lead or 0
    latest = calendar.add(event.date, -lead) if lead else event.date
    due = min(latest, forward) if forward is not None else latest
    earliest = calendar.add(deal, 1) if deal is not None else None
    if earliest is None or due >= earliest:
        return Scheduled(due, event)
    need = f"the {lead_words or days_words(lead)} the work needs before {event.words()}" if lead \
        else event.words()
    if earliest > event.date:
        text = (f"{what} cannot be done before {event.words()}: the next business day after the "
                f"call is {date_words(earliest)}.")
    else:
        text = (f"To leave {need}, {what} would be due by {date_words(latest)}, before the next "
                f"business day after the call ({date_words(earliest)}); the schedule does not fit.")
    return Scheduled(earliest, event, text)


def after_event(due: dt.date | None, event: Event | None, what: str, why: str = "") -> str | None:
    """The conflict when ``due`` falls after the event it serves (None when it fits)."""
    if due is None or event is None or due <= event.date:
        return None
    return f"{what} is due {date_words(due)}, after {event.words()}{why}."
