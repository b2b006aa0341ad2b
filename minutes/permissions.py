"""Who may do what with minutes and actions: one function per question."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from boards import permissions as board_permissions
from boards.models import Meeting
from pcp_portal.roles import Role, has_role, is_office_staff

from .chairing import chair_problem
from .models import Action, Minutes, MinutesEvent

S = Minutes.Status
MEMBER_VISIBLE = Minutes.MEMBER_VISIBLE


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


def can_see_minutes_checks(user, minutes: Minutes) -> bool:
    """The checks before clearing read the confidential minutes and the office's notes: office staff only."""
    return is_office_staff(user)


def can_submit_minutes(user, minutes: Minutes) -> bool:
    """The secretary hands draft minutes to the reviewers, who find them in their queue."""
    return minutes.status == S.DRAFT and can_draft_minutes(user)


def can_clear_minutes(user, minutes: Minutes) -> bool:
    """A reviewer clears minutes the secretary submitted for clearance; a draft must be submitted first."""
    return minutes.status == S.SUBMITTED and has_role(user, Role.REVIEWER)


def can_return_minutes(user, minutes: Minutes) -> bool:
    return minutes.status in (S.SUBMITTED, S.CLEARED) and has_role(user, Role.REVIEWER, Role.SECRETARY)


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
    if Minutes.objects.filter(meeting=meeting, status__in=Minutes.FROZEN).exists():
        # Its minutes record the approval ("The Board approved the minutes of ..."), and signed minutes never
        # change.
        return (
            f"The minutes of the meeting of {meeting.date:%-d %B %Y} are signed, so they cannot record this "
            "approval: record it at a later meeting, or in writing."
        )
    return ""


def written_approval_problem(minutes: Minutes, on: date) -> str:
    """Why `on` cannot be the date `minutes` were approved in writing, or "" if it can."""
    if on > timezone.localdate():
        return "The date of written approval cannot be in the future."
    if on < minutes.meeting.date:
        return f"Minutes cannot be approved before the meeting they record ({minutes.meeting.date:%-d %B %Y})."
    return ""


def signer_problem(user, minutes: Minutes) -> str:
    """Why `user` may not sign `minutes` now, or "" if they may.

    The person who chaired the meeting signs, with their own login: a board
    chair who did not chair it cannot, a vice-chair who did can.
    """
    if minutes.status in Minutes.FROZEN:
        return "These minutes are already signed."
    if minutes.status != S.APPROVED:
        return "Minutes are signed once they are approved as a correct record."
    chair = minutes.meeting.chaired_by
    if chair is None:
        return chair_problem(minutes)
    if not board_permissions.chaired(user, minutes.meeting):
        return f"Only {chair}, who chaired the meeting, signs its minutes, with their own login."
    return signing_problem(minutes)


def signing_problem(minutes: Minutes) -> str:
    """Why the person recorded as chairing the meeting could not sign `minutes` with their own login, or "".

    Nobody recorded, recorded as away (`chair_problem`); no login, a deactivated one, one with neither the
    Board member nor the Chair role, or one that cannot open the board's minutes because the membership has
    ended (a membership gives access only between its dates). Approval asks it as well as signing: who chaired
    can no longer change once the minutes are approved, so minutes approved with a chair who cannot sign would
    stay unsigned.
    """
    problem = chair_problem(minutes)
    if problem:
        return problem
    chair = minutes.meeting.chaired_by
    # Who chaired can be corrected until the minutes are approved; after that only the login can be put right.
    if minutes.is_approved:
        otherwise = "and who chaired can no longer change"
    else:
        otherwise = "or, if someone else chaired, the secretary records who (on the meeting's page)"
    gap = board_permissions.chair_login_gap(chair, minutes.meeting.board_id)
    if gap == board_permissions.NO_LOGIN:
        return (
            f"{chair} chaired the meeting and signs its minutes with their own login, but has none: an "
            f"administrator gives them a login with the Board member or Chair role (in /admin/), {otherwise}."
        )
    if gap == board_permissions.DEACTIVATED:
        return (
            f"{chair} chaired the meeting and signs its minutes with their own login, but it is deactivated: an "
            f"administrator activates it again (in /admin/), {otherwise}."
        )
    if gap == board_permissions.NO_ROLE:
        return (
            f"{chair} chaired the meeting and signs its minutes with their own login, but it has neither the Board "
            f"member nor the Chair role: an administrator gives it one (in /admin/), {otherwise}."
        )
    if gap == board_permissions.FORMER_MEMBER:
        return (
            f"{chair} chaired the meeting but is no longer a member of the {minutes.meeting.board}, and only its "
            "current members open its minutes to sign them: they can be signed once an administrator records a "
            f"current membership for {chair} (in /admin/), {otherwise}."
        )
    return ""


def may_try_signing(user, minutes: Minutes) -> bool:
    """Whether to offer `user` the signing step at all (and tell them why it is refused)."""
    return board_permissions.chaired(user, minutes.meeting) or board_permissions.is_chair_of(
        user, minutes.meeting.board
    )


def can_sign_minutes(user, minutes: Minutes) -> bool:
    return not signer_problem(user, minutes)


def can_publish_minutes(user, minutes: Minutes) -> bool:
    return minutes.status == S.SIGNED and can_draft_minutes(user)


def can_correct_minutes(user, minutes: Minutes) -> bool:
    return minutes.is_frozen and can_draft_minutes(user)


def can_see_minutes_history(user, minutes: Minutes) -> bool:
    return is_office_staff(user)


def visible_minutes_events(user, minutes: Minutes) -> QuerySet[MinutesEvent]:
    """The officers' steps and review comments on minutes are for office staff only."""
    events = minutes.events.select_related("actor")
    return events if is_office_staff(user) else events.none()


def can_update_action(user, action: Action) -> bool:
    """The secretary, or the action's owner."""
    return can_draft_minutes(user) or (action.owner.user_id is not None and action.owner.user_id == user.pk)


def minutes_actions(user, minutes: Minutes) -> dict[str, bool]:
    return {
        "edit": can_edit_minutes(user, minutes),
        "submit": can_submit_minutes(user, minutes),
        "clear": can_clear_minutes(user, minutes),
        "return": can_return_minutes(user, minutes),
        "circulate": can_circulate_minutes(user, minutes),
        "approve": can_approve_minutes(user, minutes),
        "sign": can_sign_minutes(user, minutes),
        "publish": can_publish_minutes(user, minutes),
        "correct": can_correct_minutes(user, minutes),
        "history": can_see_minutes_history(user, minutes),
    }


# The meeting screen


def can_run_meeting(user) -> bool:
    """The board secretary keeps the register and records decisions and actions in the room."""
    return can_draft_minutes(user)


def room_problem(meeting: Meeting) -> str:
    """Why nothing can be recorded for `meeting` in the room now, or "" if it can: only once it has begun."""
    if meeting.is_cancelled:
        return "The meeting was cancelled: there is nothing to record."
    if not meeting.has_started:
        when = timezone.localtime(meeting.starts_at)
        return f"The meeting starts on {when:%-d %B %Y at %H:%M}: the register opens once it has begun."
    return ""


def can_record_in_room(user, minutes: Minutes) -> bool:
    """Attendance, decisions and actions are recorded on the screen while the minutes are a draft."""
    return can_edit_minutes(user, minutes) and not room_problem(minutes.meeting)


def can_see_attendance_stats(user) -> bool:
    """Attendance from every set of minutes, drafts included, is the office's; the public sees published ones."""
    return is_office_staff(user)
