"""Who may do what with minutes and actions: one function per question."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from boards import permissions as board_permissions
from boards.models import Meeting
from pcp_portal.roles import Role, has_role, is_office_staff

from .models import Action, Attendance, Minutes

S = Minutes.Status
#: What members read: minutes that have left the office.
MEMBER_VISIBLE = (S.CIRCULATED, S.APPROVED, S.SIGNED, S.PUBLISHED)


def visible_minutes(user) -> QuerySet[Minutes]:
    minutes = Minutes.objects.all()
    if is_office_staff(user):
        return minutes
    if has_role(user, Role.MEMBER, Role.CHAIR):
        return minutes.filter(meeting__board__in=board_permissions.member_boards(user), status__in=MEMBER_VISIBLE)
    return minutes.none()


def can_draft_minutes(user) -> bool:
    return has_role(user, Role.SECRETARY)


def can_edit_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.DRAFT and can_draft_minutes(user)


def can_clear_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.DRAFT and has_role(user, Role.REVIEWER)


def can_return_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.CLEARED and has_role(user, Role.REVIEWER, Role.SECRETARY)


def can_circulate_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.CLEARED and can_draft_minutes(user)


def can_approve_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.CIRCULATED and can_draft_minutes(user)


def approving_meeting_problem(minutes: Minutes, meeting: Meeting) -> str:
    """Why `meeting` cannot be the one that approved `minutes`, or "" if it can.

    Minutes are approved at a later meeting of the same board that has taken place.
    """
    recorded = minutes.meeting
    if meeting.board_id != recorded.board_id:
        return (
            f"Minutes of the {recorded.board} are approved at a meeting of the same board, not of the {meeting.board}."
        )
    if meeting.starts_at <= recorded.starts_at:
        return f"Minutes are approved at a later meeting than the one they record ({recorded.date:%-d %B %Y})."
    if not meeting.has_started:
        return f"The meeting of {meeting.date:%-d %B %Y} has not taken place yet."
    if meeting.status != Meeting.Status.HELD:
        return f"The meeting of {meeting.date:%-d %B %Y} is not recorded as held; mark it as held first."
    return ""


def written_approval_problem(minutes: Minutes, on: date) -> str:
    """Why `on` cannot be the date `minutes` were approved in writing, or "" if it can."""
    if on > timezone.localdate():
        return "The date of written approval cannot be in the future."
    if on < minutes.meeting.date:
        return f"Minutes cannot be approved before the meeting they record ({minutes.meeting.date:%-d %B %Y})."
    return ""


def signer_problem(user, minutes: Minutes) -> str:
    """Why `user` may not sign `minutes` now, or "" if they may."""
    if minutes.status != S.APPROVED:
        return "Minutes are signed once they are approved as a correct record."
    board = minutes.meeting.board
    if not board_permissions.is_chair_of(user, board):
        return f"Only the chair of the {board} signs its minutes, with their own login."
    person = user.person
    state = minutes.attendance.filter(person=person).values_list("state", flat=True).first()
    if state in (Attendance.State.APOLOGIES, Attendance.State.ABSENT):
        return f"{person} is recorded as {dict(Attendance.State.choices)[state].lower()} at this meeting."
    return ""


def can_sign_minutes(user, minutes: Minutes) -> bool:
    return not signer_problem(user, minutes)


def can_publish_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.SIGNED and can_draft_minutes(user)


def can_correct_minutes(user, minutes: Minutes) -> bool:
    return minutes.is_frozen and can_draft_minutes(user)


def can_see_minutes_history(user, minutes: Minutes) -> bool:
    return is_office_staff(user)


def can_update_action(user, action: Action) -> bool:
    """The secretary, or the action's owner."""
    return can_draft_minutes(user) or (action.owner.user_id is not None and action.owner.user_id == user.pk)


def minutes_actions(user, minutes: Minutes) -> dict[str, bool]:
    return {
        "edit": can_edit_minutes(user, minutes),
        "clear": can_clear_minutes(user, minutes),
        "return": can_return_minutes(user, minutes),
        "circulate": can_circulate_minutes(user, minutes),
        "approve": can_approve_minutes(user, minutes),
        "sign": can_sign_minutes(user, minutes),
        "publish": can_publish_minutes(user, minutes),
        "correct": can_correct_minutes(user, minutes),
        "history": can_see_minutes_history(user, minutes),
    }
