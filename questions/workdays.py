"""Business days: weekends off, and any public holidays a caller passes in.

Used for every date counted from the deal (asks, dependencies) and backwards from a dated event
(final changes N business days before a print date), so the two never disagree.
"""
from __future__ import annotations

import datetime as dt
from typing import Collection

NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def is_business_day(day: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: dt.date, days: int,
                      holidays: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    """The day ``days`` business days after ``start`` (before it when negative), not counting
    ``start`` itself: Friday + 1 is Monday, Monday - 1 is the Friday before."""
    step = 1 if days >= 0 else -1
    current, left = start, abs(days)
    while left:
        current += dt.timedelta(days=step)
        if is_business_day(current, holidays):
            left -= 1
    return current


def business_days_between(start: dt.date, end: dt.date,
                          holidays: Collection[dt.date] = NO_HOLIDAYS) -> int:
    """How many business days come after ``start`` up to and including ``end`` (negative when
    ``end`` is earlier)."""
    if end < start:
        return -business_days_between(end, start, holidays)
    return sum(1 for n in range(1, (end - start).days + 1)
               if is_business_day(start + dt.timedelta(days=n), holidays))
