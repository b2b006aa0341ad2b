"""The minutes' side of who chaired: a person recorded as away did not chair.

`boards` asks `chair_objection` (registered from MinutesConfig.ready()) before
the secretary records who chaired; the minutes ask `chair_problem` before they
are signed, because the attendance may have changed since.
"""

from __future__ import annotations

from boards.models import Meeting, Person

from .models import Attendance, Minutes


def _away_state(minutes: Minutes, person: Person) -> str:
    """How the attendance records `person` if they were not present, or ""."""
    state = minutes.attendance.filter(person=person).values_list("state", flat=True).first()
    if state in (Attendance.State.APOLOGIES, Attendance.State.ABSENT):
        return Attendance.State(state).label.lower()
    return ""


def chair_objection(meeting: Meeting, person: Person) -> str:
    """Why the minutes forbid recording `person` as chairing `meeting`, or ""."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return ""
    if minutes.is_approved:
        return (
            "The minutes of this meeting have been approved as a correct record (or signed): "
            "who chaired it can no longer change."
        )
    away = _away_state(minutes, person)
    if away:
        return f"{person} is recorded in the minutes' attendance as {away}, so cannot have chaired the meeting."
    return ""


def chair_problem(minutes: Minutes) -> str:
    """What stops the minutes being signed by who chaired, or "": nobody recorded, or recorded as away."""
    chair = minutes.meeting.chaired_by
    if chair is None:
        return (
            "Nobody is recorded as chairing this meeting: the secretary records who chaired on the meeting's page, "
            "and that person signs the minutes."
        )
    away = _away_state(minutes, chair)
    if away:
        return (
            f"{chair} is recorded as chairing the meeting but the attendance says {away}: correct who chaired "
            "(on the meeting's page), or the attendance while the minutes are a draft."
        )
    return ""
