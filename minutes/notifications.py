"""Hand-over e-mails for minutes, through `boards.notifications` (queued on commit, each kind can be turned off)."""

from __future__ import annotations

from accounts.models import EmailKind
from boards.notifications import _absolute, handover, reviewers

from .models import Minutes


def minutes_submitted(minutes: Minutes) -> list[str]:
    meeting = minutes.meeting
    return handover(
        EmailKind.SUBMITTED,
        reviewers(),
        f"Minutes for clearance: {meeting.board} on {meeting.date:%-d %B %Y}",
        f"The draft minutes of the {meeting.board} on {meeting.date:%-d %B %Y} are submitted for clearance.\n\n"
        f"Clear them or return them: {_absolute(minutes.get_staff_url())}",
    )


def minutes_to_sign(minutes: Minutes) -> list[str]:
    """The person who chaired the meeting signs its minutes."""
    meeting = minutes.meeting
    chair = meeting.chaired_by.user if meeting.chaired_by_id and meeting.chaired_by.user_id else None
    return handover(
        EmailKind.TO_CONFIRM,
        [chair],
        f"Minutes to sign: {meeting.board} on {meeting.date:%-d %B %Y}",
        f"The minutes of the {meeting.board} on {meeting.date:%-d %B %Y}, which you chaired, are approved as a "
        f"correct record and wait for your signature.\n\nSign them: {_absolute(minutes.get_staff_url())}",
    )
