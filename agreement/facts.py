"""What was said on the call that a dependency needs: dates, the work's duration, milestones,
deliverables, people and the review window, read through the roles rules.yaml declares.

Only answers that count (visible given the others) are read. A person's name is parsed apart
from the role that often follows it ("Ingrid Solberg, Head of Operations (6 hours a week)" ->
"Ingrid Solberg"), because the agreement names one accountable person.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping

from questions.schema import DONT_KNOW, DURATION_UNITS, ROW_ID
from questions.session import week_number
from questions.words import date_words, duration_words, is_number, number_words

from .rules import Facts

Answers = Mapping[str, Mapping[str, Any]]
_ROLE_START = re.compile(r"\s*(,|\(|;|:|/|\s[-\u2013\u2014]\s)")


def split_person(text: str) -> tuple[str, str]:
    """(name, the rest) from "Name, Role (notes)": the name ends at the first comma, bracket,
    semicolon, colon, slash or spaced dash."""
    text = " ".join(str(text).split())
    match = _ROLE_START.search(text)
    if match is None or match.start() == 0:
        return text, ""
    return text[:match.start()].strip(), text[match.start():].lstrip(" ,;:/-\u2013\u2014").strip()


@dataclass(frozen=True)
class Event:
    """A dated event dependencies serve: a key date the client gave, or the target date."""

    label: str
    date: dt.date

    def words(self) -> str:
        return f"{self.label} on {date_words(self.date)}"


@dataclass(frozen=True)
class Milestone:
    row: str
    what: str
    due: dt.date | None
    week: int | None  # "week N" as said, when it was said that way


@dataclass(frozen=True)
class Deliverable:
    row: str
    what: str
    who: str  # the person's name alone ("" when none was given)
    by: dt.date | None


@dataclass(frozen=True)
class PersonHours:
    name: str
    role: str
    hours: float | None

    def words(self) -> str:
        extra = [p for p in (self.role, f"{number_words(self.hours)} hours a week"
                             if self.hours is not None else "") if p]
        return self.name + (f" ({', '.join(extra)})" if extra else "")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class CallFacts:
    """The facts of one session, read once through the rules' declared roles."""

    def __init__(self, facts: Facts, answers: Answers, deal_date: dt.date | None):
        self.refs, self.answers, self.deal_date = facts, answers, deal_date

    def value(self, role: str) -> Any:
        ref = self.refs.ref(role)
        value = self.answers.get(ref.party, {}).get(ref.question)
        return None if value == DONT_KNOW else value

    def source(self, role: str) -> tuple[str, str]:
        ref = self.refs.ref(role)
        return ref.question, ref.party

    def number(self, role: str) -> float | None:
        value = self.value(role)
        return float(value) if is_number(value) else None

    def rows(self, role: str) -> list[dict[str, Any]]:
        value = self.value(role)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    @property
    def target(self) -> dt.date | None:
        return _date(self.value("target_date"))

    def events(self) -> list[Event]:
        """Key dates in date order, with the target date unless a key date falls on it."""
        found = [Event(" ".join(str(r.get("what", "")).split()) or "a key date", d)
                 for r in self.rows("key_dates") if (d := _date(r.get("date"))) is not None]
        if self.target is not None and all(e.date != self.target for e in found):
            found.append(Event("the go-live date", self.target))
        return sorted(found, key=lambda e: e.date)

    def duration_days(self) -> int | None:
        """The work's duration in business days: the supplier's stated duration, else its
        shortest realistic number of weeks."""
        value = self.value("work_duration")
        if isinstance(value, dict) and value.get("unit") in DURATION_UNITS and is_number(value.get("amount")):
            return max(1, round(value["amount"] * DURATION_UNITS[value["unit"]]))
        weeks = self.number("min_weeks")
        return max(1, round(weeks * 5)) if weeks is not None and weeks > 0 else None

    def duration_words(self) -> str:
        value = self.value("work_duration")
        if isinstance(value, dict):
            return duration_words(value)
        weeks = self.number("min_weeks")
        return duration_words({"amount": weeks, "unit": "weeks"}) if weeks else ""

    def milestones(self, add_days: Any) -> list[Milestone]:
        """Each milestone the supplier gave; "week N" is the end of the N-th working week after
        the deal date (``add_days(start, n)`` counts business days)."""
        out = []
        for r in self.rows("milestones"):
            when, week = r.get("when"), week_number(r.get("when"))
            due = _date(when)
            if week is not None and self.deal_date is not None:
                due = add_days(self.deal_date, 5 * week)
            out.append(Milestone(str(r.get(ROW_ID)), " ".join(str(r.get("what", "")).split()), due, week))
        return out

    def deliverables(self) -> list[Deliverable]:
        return [Deliverable(str(r.get(ROW_ID)), " ".join(str(r.get("what", "")).split()),
                            split_person(r.get("who") or "")[0], _date(r.get("by")))
                for r in self.rows("deliverables")]

    def people(self) -> list[PersonHours]:
        out = []
        for r in self.rows("people"):
            name, role = split_person(r.get("name") or "")
            if name:
                hours = r.get("hours")
                out.append(PersonHours(name, r.get("role") or role,
                                       float(hours) if is_number(hours) else None))
        return out

    def owner_name(self) -> str:
        """The accountable person's name from the owner answer ("" when none)."""
        text = self.value("owner")
        return split_person(text)[0] if isinstance(text, str) and text.strip() else ""

    def review_window(self) -> int | None:
        days = self.number("review_days")
        return int(days) if days is not None else None
