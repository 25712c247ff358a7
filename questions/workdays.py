"""Business days: weekends off, and the public holidays of a country when one is given.

Used for every date counted from the deal (asks, dependencies) and backwards from a dated event
(final changes N business days before a print date), so the two never disagree. The counting is
numpy's business-day functions; the holidays come from the ``holidays`` library (imported only
when a country is given), so no holiday table is kept here.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Collection, Literal

import numpy as np

NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def is_business_day(day: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def _days(holidays: Collection[dt.date]) -> list[dt.date]:
    return sorted(holidays)


def add_business_days(start: dt.date, days: int,
                      holidays: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    """The day ``days`` business days after ``start`` (before it when negative), not counting
    ``start`` itself: Friday + 1 is Monday, Monday - 1 is the Friday before; a Saturday + 1 is
    the Monday after."""
    if days == 0:
        return start
    # a weekend start counts from its own side of the weekend
    roll: Literal["backward", "forward"] = "backward" if days > 0 else "forward"
    found = np.busday_offset(np.datetime64(start, "D"), days, roll=roll,
                             holidays=[np.datetime64(d, "D") for d in _days(holidays)])
    try:
        return dt.date.fromisoformat(str(found))
    except ValueError:  # before year 1 or after 9999: numpy counts on, dates stop
        raise OverflowError(f"{days} business days from {start} leave the calendar") from None


def plus_days(start: dt.date, days: int) -> dt.date:
    """``start`` plus ``days`` calendar days, stopping at the calendar's ends (any ISO date is a
    valid answer, so arithmetic on answers must not fail at year 9999)."""
    try:
        return start + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def business_days_between(start: dt.date, end: dt.date,
                          holidays: Collection[dt.date] = NO_HOLIDAYS) -> int:
    """How many business days come after ``start`` up to and including ``end`` (negative when
    ``end`` is earlier)."""
    if end < start:
        return -business_days_between(end, start, holidays)
    one = dt.timedelta(days=1)
    return int(np.busday_count(start + one, end + one, holidays=_days(holidays)))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


def known_country(code: str) -> bool:
    """Whether the holidays library knows ``code`` (ISO 3166, e.g. "NO")."""
    return code in _countries()


@lru_cache(maxsize=64)
def public_holidays(country: str | None, first_year: int, last_year: int) -> frozenset[dt.date]:
    """The country's public holidays in those years (none without a country)."""
    if country is None:
        return NO_HOLIDAYS
    import holidays

    found = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    return frozenset(found.keys())
