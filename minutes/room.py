"""The meeting screen: the register, the quorum, the decisions and the actions, as the board takes them.

What the secretary records in the room is the minutes' own record (attendance, actions) and the board's
decisions (through `boards`' decision services); *Draft the minutes* then marks the meeting as held and
hands the record to the minutes editor. Each step checks who and when, as every transition does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from boards import services as board_services
from boards.models import Meeting, Person
from boards.tally import voting_member_ids
from pcp_portal.versions import bump_version

from . import permissions, services
from .models import Action, Attendance, MinuteItem, Minutes
from .services import TransitionError

State = Attendance.State


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    needed: int | None

    @property
    def is_set(self) -> bool:
        return self.needed is not None

    @property
    def met(self) -> bool:
        return self.needed is not None and self.present >= self.needed

    def __str__(self) -> str:
        present = f"{self.present} of {self.members} voting members present"
        if self.needed is None:
            return f"{present}; no quorum is set for this board."
        if self.met:
            return f"Quorate: {present}, quorum {self.needed}."
        short = self.needed - self.present
        return f"Not quorate: {present}, quorum {self.needed} ({short} more needed)."


def quorum(minutes: Minutes) -> Quorum:
    """Voting members (chair and members on the day of the meeting) recorded as present, against the quorum.
    Former members, advisers and guests do not count."""
    meeting = minutes.meeting
    members = voting_member_ids(meeting.board, meeting.date)
    present = minutes.attendance.filter(state=State.MEMBER, person_id__in=members).count()
    return Quorum(present=present, members=len(members), needed=meeting.board.quorum)


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update(of=("self",)).select_related("meeting__board").get(pk=minutes.pk)


def _require_room(user, minutes: Minutes) -> None:
    if not permissions.can_edit_minutes(user, minutes):
        raise TransitionError("The board secretary records the meeting while its minutes are a draft.")
    problem = permissions.room_problem(minutes.meeting)
    if problem:
        raise TransitionError(problem)


def _touch(minutes: Minutes) -> None:
    """Like an edit: a minutes editor opened before this change cannot save over it."""
    bump_version(minutes)


@transaction.atomic
def open_register(*, meeting: Meeting, user) -> Minutes:
    """Start the meeting's record once it has begun: everyone in the register is absent until marked."""
    if not permissions.can_run_meeting(user):
        raise TransitionError("Only the board secretary keeps the register.")
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    problem = permissions.room_problem(meeting)
    if problem:
        raise TransitionError(problem)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise TransitionError("The register of this meeting is already open.")
    minutes = services.create_record(meeting=meeting, user=user, register_state=State.ABSENT)
    services.log_step(minutes, user, "register opened", "Opened on the meeting screen.")
    return minutes


@transaction.atomic
def record_attendance(*, minutes: Minutes, user, person: Person, state: str) -> Attendance:
    """One click in the register. Only a member of the board on the day is present as a member."""
    minutes = _locked(minutes)
    _require_room(user, minutes)
    if state not in State.values:
        raise TransitionError("Choose present, in attendance, apologies or absent.")
    attendance = minutes.attendance.select_for_update().filter(person=person).first()
    if attendance is None:
        raise TransitionError(f"{person} is not in the register of this meeting.")
    meeting = minutes.meeting
    if state == State.MEMBER and person.pk not in voting_member_ids(meeting.board, meeting.date):
        raise TransitionError(
            f"{person} is not a member of the {meeting.board} on {meeting.date:%-d %B %Y}: "
            "record them as in attendance."
        )
    attendance.state = state
    attendance.save(update_fields=["state"])
    _touch(minutes)
    return attendance


def initials_for(name: str) -> str:
    """A guest's initials for the minutes, from the words of their name ("Ann-Marie Cole": "AC")."""
    letters = [word[0] for word in name.split() if word[:1].isalpha()]
    return "".join(letters).upper()[:6] or "G"


@transaction.atomic
def add_guest(*, minutes: Minutes, user, name: str, post: str, organisation: str = "") -> Attendance:
    """A guest in the room, added by name and post, in attendance."""
    minutes = _locked(minutes)
    _require_room(user, minutes)
    name, post = name.strip(), post.strip()
    if not name or not post:
        raise TransitionError("Give the guest's name and post.")
    person = Person.objects.create(
        name=name, initials=initials_for(name), post_title=post, organisation=organisation.strip()
    )
    attendance = Attendance.objects.create(
        minutes=minutes, person=person, state=State.IN_ATTENDANCE, capacity=Attendance.Capacity.GUEST
    )
    _touch(minutes)
    return attendance


@transaction.atomic
def agree_action(*, minutes: Minutes, user, minute_item: MinuteItem, text: str, owner: Person, due_on: date) -> Action:
    """An action as the board agrees it, under the item it was agreed at, numbered in the year's series."""
    minutes = _locked(minutes)
    _require_room(user, minutes)
    if minute_item.minutes_id != minutes.pk:
        raise TransitionError("The action belongs to an item of this meeting.")
    if not text.strip():
        raise TransitionError("Say what the action is.")
    board = minutes.meeting.board
    action = Action.objects.create(
        board=board,
        reference=services.next_action_reference(board, minutes.meeting.date.year),
        raised_at=minutes,
        minute_item=minute_item,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
    )
    _touch(minutes)
    return action


class AlreadyDrafted(TransitionError):
    """The minutes were drafted before: the draft stays as it is, and the secretary is sent to it."""


def is_drafted(minutes: Minutes) -> bool:
    """Whether these minutes are already a draft in progress: drafted from the room, or started in the editor."""
    return minutes.events.filter(action__in=["drafted", "started"]).exists()


@transaction.atomic
def draft_minutes(*, minutes: Minutes, user) -> Minutes:
    """The meeting has ended: it is marked as held and its minutes go on from what was recorded in the room.

    Once only: pressed again, nothing is redone or recorded, and `AlreadyDrafted` says where the draft is.
    """
    minutes = _locked(minutes)
    _require_room(user, minutes)
    if is_drafted(minutes):
        raise AlreadyDrafted("The draft of these minutes already exists: nothing was changed.")
    meeting = minutes.meeting
    if meeting.status != Meeting.Status.HELD:
        board_services.mark_meeting_held(meeting=meeting, user=user)
    services.log_step(minutes, user, "drafted", "Drafted from the meeting screen.")
    return minutes
