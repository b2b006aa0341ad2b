"""Five clear days: no day of publication, no day of the meeting, no weekends, no bank holidays."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from pcp_portal.clear_days import is_clear_day, publication_deadline


@pytest.mark.parametrize(
    ("meeting", "deadline"),
    [
        # Tuesday: Tue, Wed, Thu, Fri and Mon are the clear days; publish by the Monday before.
        (date(2025, 3, 11), date(2025, 3, 3)),
        # Monday: the weekend before does not count.
        (date(2025, 3, 10), date(2025, 3, 2)),
        # Friday: Mon to Thu and the Friday before.
        (date(2025, 3, 14), date(2025, 3, 6)),
        # Easter: Good Friday 18 and Easter Monday 21 April 2025 are not clear days.
        (date(2025, 4, 22), date(2025, 4, 10)),
        # Christmas and Boxing Day 2025.
        (date(2025, 12, 30), date(2025, 12, 18)),
        # Early May bank holiday, Monday 5 May 2025.
        (date(2025, 5, 7), date(2025, 4, 28)),
        # Across a year end: New Year's Day 2026.
        (date(2026, 1, 6), date(2025, 12, 28)),
    ],
)
def test_publication_deadline(meeting, deadline):
    assert publication_deadline(meeting) == deadline


def test_between_deadline_and_meeting_there_are_exactly_five_clear_days():
    for offset in range(0, 400, 7):
        meeting = date(2025, 1, 1) + timedelta(days=offset)
        deadline = publication_deadline(meeting)
        days = [deadline + timedelta(days=n) for n in range(1, (meeting - deadline).days)]
        assert sum(is_clear_day(day) for day in days) == 5
        assert is_clear_day(days[0])


def test_bank_holidays_of_england_and_wales_are_not_clear_days():
    assert not is_clear_day(date(2025, 8, 25))  # summer bank holiday in England and Wales
    assert is_clear_day(date(2025, 8, 4))  # Scotland's summer bank holiday is a working day here
    assert not is_clear_day(date(2025, 3, 15))  # a Saturday


def test_a_meeting_knows_its_deadline(db, board):
    from .factories import MeetingFactory

    meeting = MeetingFactory(board=board, starts_at=timezone.make_aware(datetime(2025, 3, 11, 14, 0)))
    assert meeting.publication_deadline == date(2025, 3, 3)
    assert meeting.deadline_passed
