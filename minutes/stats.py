"""Each member's attendance at a board's meetings in a year, as ModernGov shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from boards.models import Board, Meeting, Person

from .models import Attendance, Minutes


@dataclass
class MemberAttendance:
    person: Person
    present: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def expected(self) -> int:
        return self.present + self.apologies + self.absent


def attendance_stats(board: Board, year: int, minutes: QuerySet[Minutes]) -> list[MemberAttendance]:
    """Per member of `board`: how often they were present, sent apologies or were absent at its meetings in
    `year`, counted from `minutes` only (published minutes for the public; every minutes in the workspace).

    Members are the people the minutes list as members: guests and officers in attendance are not counted.
    """
    rows = (
        Attendance.objects.filter(
            minutes__in=minutes.filter(meeting__board=board, meeting__starts_at__year=year),
            capacity__in=[Attendance.Capacity.MEMBER, ""],
        )
        .exclude(state=Attendance.State.IN_ATTENDANCE)
        .select_related("person")
        .order_by("person__name", "person_id")
    )
    stats: dict[int, MemberAttendance] = {}
    for row in rows:
        entry = stats.setdefault(row.person_id, MemberAttendance(person=row.person))
        if row.state == Attendance.State.MEMBER:
            entry.present += 1
        elif row.state == Attendance.State.APOLOGIES:
            entry.apologies += 1
        else:
            entry.absent += 1
    return list(stats.values())


def years_recorded(board: Board, minutes: QuerySet[Minutes]) -> list[int]:
    """The years in which `minutes` record a meeting of `board`, latest first."""
    meetings = Meeting.objects.filter(board=board, minutes__in=minutes)
    return [day.year for day in meetings.dates("starts_at", "year", order="DESC")]


def board_attendance(board: Board, minutes: QuerySet[Minutes], requested_year: str) -> dict:
    """The context of an attendance table: the year asked for if `minutes` record it, else the latest."""
    years = years_recorded(board, minutes)
    year = int(requested_year) if requested_year.isdigit() and int(requested_year) in years else None
    year = year or (years[0] if years else None)
    return {
        "board": board,
        "years": years,
        "year": year,
        "rows": attendance_stats(board, year, minutes) if year else [],
    }
