"""Who may chair a meeting.

The chair of the board on the meeting's day chairs unless the secretary
records someone else: a vice-chair or another member whose membership was
current that day. `minutes`, above `boards`, knows who was away; it adds its
own objection through `register_check` from its AppConfig.ready(), so
imports keep pointing down.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef, QuerySet

from .models import Meeting, Membership, Person

#: The roles from which a meeting's chair is drawn; an adviser in attendance never chairs.
CHAIRING_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)

_checks: list[Callable[[Meeting, Person], str]] = []


def register_check(check: Callable[[Meeting, Person], str]) -> None:
    """`check(meeting, person)` returns why `person` cannot chair `meeting`, or ""."""
    if check not in _checks:
        _checks.append(check)


def eligible_chairs(meeting: Meeting) -> QuerySet[Person]:
    """The chair and members of the board whose membership was current on the meeting's day."""
    memberships = Membership.objects.current(on=meeting.date).filter(
        board_id=meeting.board_id, role__in=CHAIRING_ROLES, person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(memberships))


def chair_problem(meeting: Meeting, person: Person) -> str:
    """Why `person` cannot be recorded as chairing `meeting`, or "" if they can."""
    if not eligible_chairs(meeting).filter(pk=person.pk).exists():
        return (
            f"{person} was not the chair or a member of the {meeting.board} on {meeting.date:%-d %B %Y}: "
            "choose the chair, a vice-chair or another member."
        )
    for check in _checks:
        problem = check(meeting, person)
        if problem:
            return problem
    return ""
