"""Clear days, for the publication deadline of an agenda.

An agenda is published at least five clear days before a meeting: not
counting the day of publication, the day of the meeting, weekends, or bank
holidays in England and Wales (which share one list). The bank holidays come
from the maintained `holidays` package, not a list written here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

CLEAR_DAYS = 5


@lru_cache(maxsize=32)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UnitedKingdom(subdiv="ENG", years=year).keys())


def is_clear_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def publication_deadline(meeting_day: date, clear_days: int = CLEAR_DAYS) -> date:
    """The last day on which the agenda can be published for `meeting_day`.

    Walk back from the day before the meeting, counting clear days; the day
    before the earliest of them is the last day of publication.
    """
    day, counted = meeting_day, 0
    while counted < clear_days:
        day -= timedelta(days=1)
        if is_clear_day(day):
            counted += 1
    return day - timedelta(days=1)
