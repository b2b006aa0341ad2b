"""Each member's attendance at a board's meetings in a year, as ModernGov shows it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from boards.models import Board, Meeting, Membership, Person

from .models import Attendance, Minutes

#: How an attendance record names a member of the board: as such, or (in imported minutes) left blank.
_AS_MEMBER = (Attendance.Capacity.MEMBER, "")


@dataclass
class MemberAttendance:
    person: Person
    present: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def expected(self) -> int:
        return self.present + self.apologies + self.absent


def counted_meetings(board: Board, minutes: QuerySet[Minutes]) -> QuerySet[Meeting]:
    """The meetings of `board` that count: held, and recorded in `minutes` (published minutes for the public;
    every minutes in the workspace). A meeting still to be held, or cancelled, expects nobody."""
    return Meeting.objects.filter(board=board, status=Meeting.Status.HELD, minutes__in=minutes)


def attendance_stats(board: Board, year: int, minutes: QuerySet[Minutes]) -> list[MemberAttendance]:
    """Per member of `board`: how often they were present, sent apologies or were absent at its meetings in
    `year`, counted from `minutes` only.

    Every person who sat on the board as chair or member on a meeting's day is expected at it, whether or not
    the minutes name them: no record is "absent". A former member is counted for the meetings of their term
    only; advisers, officers and guests in attendance are not members and are not counted. A meeting imported
    from the office's archive also expects whoever its minutes list as members (it predates the memberships
    kept in the portal). Three queries, and a fourth for the people only imported minutes name, whatever the
    number of meetings or members.
    """
    # A day and whether imported, of each meeting; a name, of each member: Django builds each column read anew.
    meetings = list(
        counted_meetings(board, minutes)
        .filter(starts_at__year=year)
        .order_by("starts_at")
        .only("starts_at", "imported_at")
    )
    if not meetings:
        return []
    days = {meeting.pk: meeting.date for meeting in meetings}
    first, last = min(days.values()), max(days.values())
    memberships = (
        Membership.objects.voting()
        .filter(Q(board=board, starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first)))
        .select_related("person")
        .only("board", "person", "starts_on", "ends_on", "person__name")
    )
    expected: dict[int, set[int]] = defaultdict(set)  # meeting -> the people expected at it
    people: dict[int, Person] = {}
    for membership in memberships:
        for meeting_id, day in days.items():
            if membership.starts_on <= day and (membership.ends_on is None or day <= membership.ends_on):
                expected[meeting_id].add(membership.person_id)
                people[membership.person_id] = membership.person
    imported = {meeting.pk for meeting in meetings if meeting.imported_at is not None}
    states = {}
    # Plain values: a year of a board's minutes holds hundreds of attendance records.
    rows = Attendance.objects.filter(minutes__in=minutes, minutes__meeting_id__in=days).values_list(
        "minutes__meeting_id", "person_id", "state", "capacity"
    )
    listed = set()  # people whom only an imported meeting's minutes list as members
    for meeting_id, person_id, state, capacity in rows:
        states[(meeting_id, person_id)] = state
        if meeting_id in imported and state != Attendance.State.IN_ATTENDANCE and capacity in _AS_MEMBER:
            # An imported meeting predates the portal's memberships: its minutes' list of members says who sat.
            expected[meeting_id].add(person_id)
            if person_id not in people:
                listed.add(person_id)
    if listed:
        people.update(Person.objects.in_bulk(listed))
    stats = {person_id: MemberAttendance(person=person) for person_id, person in people.items()}
    for meeting_id, person_ids in expected.items():
        for person_id in person_ids:
            state = states.get((meeting_id, person_id), Attendance.State.ABSENT)
            entry = stats[person_id]
            if state in Attendance.PRESENT:
                entry.present += 1
            elif state == Attendance.State.APOLOGIES:
                entry.apologies += 1
            else:
                entry.absent += 1
    return sorted(stats.values(), key=lambda entry: (entry.person.name, entry.person.pk))


def years_recorded(board: Board, minutes: QuerySet[Minutes]) -> list[int]:
    """The years in which `minutes` record a held meeting of `board`, latest first."""
    return [day.year for day in counted_meetings(board, minutes).dates("starts_at", "year", order="DESC")]


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
