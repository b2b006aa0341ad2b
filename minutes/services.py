"""The minutes' life: start from the meeting, clear, circulate, approve, sign, publish.

Each step is one guarded function: in a transaction, it checks the state and
the user's right (through `permissions`), saves what it changes and writes a
`MinutesEvent` saying who, when and why. Views never set a status.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from boards.models import Meeting, Membership
from boards.services import EditConflict, TransitionError
from pcp_portal.pdf import render_pdf
from pcp_portal.versions import bump_version

from . import checks, notifications, permissions, search
from .document import build_minutes, initials_key
from .models import Action, Attendance, CorrectionNote, MinuteItem, Minutes, MinutesEvent, MinutesInitials, post_of

S = Minutes.Status

__all__ = ["EditConflict", "ProblemsRemain", "TransitionError"]


class ProblemsRemain(TransitionError):
    """The minutes cannot be cleared while the checks find problems; `problems` lists them."""

    def __init__(self, problems: list[checks.Problem]):
        self.problems = problems
        super().__init__("The minutes were not cleared: put these right first. " + " ".join(str(p) for p in problems))


def _log(minutes: Minutes, user, action: str, from_status: str, comment: str = "") -> None:
    MinutesEvent.objects.create(
        minutes=minutes, action=action, from_status=from_status, to_status=minutes.status, actor=user, comment=comment
    )


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update(of=("self",)).select_related("meeting__board").get(pk=minutes.pk)


def _next_meeting_text(meeting: Meeting) -> str:
    following = (
        Meeting.objects.filter(board=meeting.board, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    if following is None:
        return ""
    when = date_filter(timezone.localtime(following.starts_at), "l j F Y \\a\\t H:i")
    where = f", {following.location}" if following.location else ""
    return f"The next meeting will be held on {when}{where}."


@transaction.atomic
def start_minutes(*, meeting: Meeting, user) -> Minutes:
    """Draft minutes prefilled from the meeting: attendance, items, presenters, next meeting."""
    if not permissions.can_draft_minutes(user):
        raise TransitionError("Only the board secretary drafts minutes.")
    if meeting.status != Meeting.Status.HELD:
        raise TransitionError("Minutes are drafted once the meeting has been held.")
    if Minutes.objects.filter(meeting=meeting).exists():
        raise TransitionError("This meeting already has minutes.")
    minutes = create_record(meeting=meeting, user=user)
    _log(minutes, user, "started", "")
    return minutes


def create_record(*, meeting: Meeting, user, register_state: str | None = None) -> Minutes:
    """The minutes' record of `meeting`, unsaved by any step yet: the register of the board's members and
    advisers on the day, one minute per agenda item with its presenter, and the date of the next meeting.

    Each person in the register takes `register_state`; by default members are present and advisers in
    attendance (minutes drafted afterwards), while the meeting screen starts everyone as absent until seen.
    The callers check who may do it and when."""
    minutes = Minutes.objects.create(meeting=meeting, created_by=user, next_meeting=_next_meeting_text(meeting))
    memberships = Membership.objects.current(on=meeting.date).filter(board=meeting.board).select_related("person")
    seen = set()
    for membership in memberships:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        state = register_state or (
            Attendance.State.IN_ATTENDANCE
            if membership.role == Membership.Role.IN_ATTENDANCE
            else Attendance.State.MEMBER
        )
        Attendance.objects.create(
            minutes=minutes, person=membership.person, state=state, capacity=Attendance.Capacity.MEMBER
        )
    for agenda_item in meeting.agenda_items.select_related("presenter").prefetch_related("papers"):
        has_paper = any(p.status not in ("withdrawn", "superseded") for p in agenda_item.papers.all())
        presenter = agenda_item.presenter
        MinuteItem.objects.create(
            minutes=minutes,
            agenda_item=agenda_item,
            position=agenda_item.position,
            title=agenda_item.title,
            standard=agenda_item.standard,
            part=agenda_item.part,
            exemption_category=agenda_item.exemption_category,
            introduced_by=presenter,
            body=f"{presenter.initials} introduced the report." if presenter and has_paper else "",
        )
    return minutes


def log_step(minutes: Minutes, user, action: str, comment: str = "") -> None:
    """A step that leaves the status as it is (the register opened, the minutes drafted from the room)."""
    _log(minutes, user, action, minutes.status, comment)


@transaction.atomic
def use_longer_initials(*, minutes: Minutes, user, initials: str) -> list[MinutesInitials]:
    """Give the people who share `initials` in these minutes the longer forms the checks suggest.

    Only these minutes change: the people's own initials, and the frozen key of signed minutes, stay as they are.
    """
    current = _locked(minutes)
    if not permissions.can_edit_minutes(user, current):
        raise TransitionError("The board secretary sets the initials of draft minutes.")
    clash = next((clash for clash in checks.initials_clashes(current) if clash.initials == initials), None)
    if clash is None:
        raise TransitionError(f"Nobody else shares the initials {initials} in these minutes now.")
    saved = [
        MinutesInitials.objects.update_or_create(minutes=current, person=person, defaults={"initials": longer})[0]
        for person, longer in clash.suggestions
    ]
    # Like an edit: an editor opened before this change cannot save over it.
    bump_version(current)
    minutes.refresh_from_db()
    return saved


def _transition(minutes: Minutes, user, *, allowed, to: str, action: str, refusal: str, comment: str = "") -> Minutes:
    current = _locked(minutes)
    if not allowed(user, current):
        raise TransitionError(refusal)
    from_status = current.status
    current.status = to
    current.save(update_fields=["status", "updated_at"])
    _log(current, user, action, from_status, comment)
    minutes.refresh_from_db()
    return current


@transaction.atomic
def submit_minutes(*, minutes: Minutes, user) -> Minutes:
    """Hand the draft to the reviewers for clearance; the checks must pass first, as for clearing."""
    current = _locked(minutes)
    if permissions.can_submit_minutes(user, current):
        problems = checks.minutes_problems(current)
        if problems:
            raise ProblemsRemain(problems)
    submitted = _transition(
        minutes,
        user,
        allowed=permissions.can_submit_minutes,
        to=S.SUBMITTED,
        action="submitted",
        refusal="The secretary submits draft minutes for clearance.",
    )
    notifications.minutes_submitted(submitted)
    return submitted


@transaction.atomic
def clear_minutes(*, minutes: Minutes, user, comment: str = "") -> Minutes:
    current = _locked(minutes)
    if permissions.can_clear_minutes(user, current):
        problems = checks.minutes_problems(current)
        if problems:
            raise ProblemsRemain(problems)
    return _transition(
        minutes,
        user,
        allowed=permissions.can_clear_minutes,
        to=S.CLEARED,
        action="cleared",
        comment=comment,
        refusal="Only a reviewer clears minutes, once the secretary has submitted them for clearance.",
    )


@transaction.atomic
def return_minutes(*, minutes: Minutes, user, comment: str) -> Minutes:
    if not comment.strip():
        raise TransitionError("Say what needs to change.")
    return _transition(
        minutes,
        user,
        allowed=permissions.can_return_minutes,
        to=S.DRAFT,
        action="returned",
        comment=comment,
        refusal="Submitted or cleared minutes can be returned to draft by a reviewer or the secretary.",
    )


@transaction.atomic
def circulate_minutes(*, minutes: Minutes, user) -> Minutes:
    return _transition(
        minutes,
        user,
        allowed=permissions.can_circulate_minutes,
        to=S.CIRCULATED,
        action="circulated",
        refusal="The secretary circulates minutes once a reviewer has cleared them.",
    )


@transaction.atomic
def approve_minutes(
    *, minutes: Minutes, user, at_meeting: Meeting | None = None, in_writing_on: date | None = None
) -> Minutes:
    """Record approval as a correct record: at a later meeting of the same board that was held, or in writing."""
    current = _locked(minutes)
    if not permissions.can_approve_minutes(user, current):
        raise TransitionError("The secretary records approval of circulated minutes.")
    if (at_meeting is None) == (in_writing_on is None):
        raise TransitionError("Give either the meeting that approved the minutes or the date of written approval.")
    if at_meeting is not None:
        # The approving meeting's own minutes, locked: signed meanwhile, they would take the approval after their
        # signature. The check below reads them once this lock is held (a signature waits for this step).
        list(Minutes.objects.select_for_update().filter(meeting=at_meeting).values_list("pk"))
    problem = (
        permissions.approving_meeting_problem(current, at_meeting)
        if at_meeting is not None
        else permissions.written_approval_problem(current, in_writing_on)
    ) or permissions.signing_problem(current)
    if problem:
        raise TransitionError(problem)
    from_status = current.status
    current.status = S.APPROVED
    current.approved_at = at_meeting
    current.approved_in_writing_on = in_writing_on
    current.save(update_fields=["status", "approved_at", "approved_in_writing_on", "updated_at"])
    where = (
        f"at the meeting of {at_meeting.date:%-d %B %Y}" if at_meeting else f"in writing on {in_writing_on:%-d %B %Y}"
    )
    _log(current, user, "approved", from_status, f"Approved as a correct record {where}.")
    notifications.minutes_to_sign(current)
    return current


def render_minutes_pdf(minutes: Minutes, *, confidential: bool):
    from .document import signed_on

    document = build_minutes(minutes, confidential=confidential)
    return render_pdf("pdf/minutes.html", {"document": document, "minutes": minutes, "signed_on": signed_on(minutes)})


def _record_posts(minutes: Minutes) -> None:
    """Keep each attendee's post and the key to initials as they are today: signed minutes say what was true then.

    Imported minutes keep the posts and initials they were printed with."""
    if minutes.imported_at is not None:
        return
    for attendance in minutes.attendance.select_related("person"):
        attendance.post = post_of(attendance.person)
        attendance.save(update_fields=["post"])
    minutes.initials_key = [list(pair) for pair in initials_key(minutes)]


def _render_public_pdf(minutes: Minutes) -> bool:
    """Render the public version and store it on `minutes` (unsaved) if it differs; say whether it did."""
    rendered = render_minutes_pdf(minutes, confidential=False)
    digest = hashlib.sha256(rendered.content).hexdigest()
    if digest == minutes.pdf_sha256:
        return False
    name = f"{minutes.meeting.board.short_name}-{minutes.meeting.slug}-minutes.pdf".lower()
    minutes.pdf.save(name, ContentFile(rendered.content), save=False)
    minutes.pdf_sha256 = digest
    return True


@transaction.atomic
def sign_minutes(*, minutes: Minutes, user) -> Minutes:
    """The chair signs with their own login; the public PDF is rendered once and frozen."""
    current = _locked(minutes)
    problem = permissions.signer_problem(user, current)
    if problem:
        raise TransitionError(problem)
    from_status = current.status
    _record_posts(current)
    current.status = S.SIGNED
    current.signed_by = user.person
    current.signed_at = timezone.now()
    _render_public_pdf(current)
    current.save(update_fields=["status", "signed_by", "signed_at", "pdf", "pdf_sha256", "initials_key", "updated_at"])
    _log(current, user, "signed", from_status)
    return current


@transaction.atomic
def publish_minutes(*, minutes: Minutes, user) -> Minutes:
    current = _locked(minutes)
    if not permissions.can_publish_minutes(user, current):
        raise TransitionError("The secretary publishes minutes once the chair has signed them.")
    from_status = current.status
    current.status = S.PUBLISHED
    current.published_at = timezone.now()
    current.save(update_fields=["status", "published_at", "updated_at"])
    _log(current, user, "published", from_status)
    search.update_minutes(current)
    return current


@transaction.atomic
def add_correction(*, minutes: Minutes, user, text: str) -> CorrectionNote:
    if not permissions.can_correct_minutes(user, minutes):
        raise TransitionError("Corrections are recorded by the secretary on signed minutes.")
    if not text.strip():
        raise TransitionError("Write the correction.")
    note = CorrectionNote.objects.create(minutes=minutes, text=text.strip(), created_by=user)
    _log(minutes, user, "corrected", minutes.status, text.strip())
    return note


def next_action_reference(board, year: int) -> str:
    taken = Action.objects.filter(board=board, reference__startswith=f"{year}/").values_list("reference", flat=True)
    numbers = [int(ref.split("/", 1)[1]) for ref in taken if ref.split("/", 1)[1].isdigit()]
    return f"{year}/{(max(numbers, default=0) + 1):02d}"


@transaction.atomic
def update_action(*, action: Action, user, status: str, note: str = "") -> Action:
    action = Action.objects.select_for_update(of=("self",)).select_related("owner").get(pk=action.pk)
    if not permissions.can_update_action(user, action):
        raise TransitionError("Only the action's owner or the board secretary updates an action.")
    if status not in Action.Status.values:
        raise TransitionError("Choose open, done or dropped.")
    if status != Action.Status.OPEN and not note.strip() and status == Action.Status.DROPPED:
        raise TransitionError("Say why the action is dropped.")
    action.status = status
    action.note = note.strip()
    action.closed_at = None if status == Action.Status.OPEN else (action.closed_at or timezone.now())
    action.save(update_fields=["status", "note", "closed_at"])
    return action


def refresh_public_version(sender=None, *, meeting_ids, **kwargs) -> int:
    """The public record of these meetings changed (an item made exempt, a decision confirmed ...):
    signed minutes' public PDF is rendered again from the public version, so it never carries what the
    public may no longer read, and published minutes' search entry is rewritten. The signed record
    itself (the minutes' items, attendance and signature) does not change. Returns how many PDFs changed."""
    changed = 0
    for minutes in Minutes.objects.filter(meeting__in=meeting_ids, status__in=Minutes.FROZEN).select_related(
        "meeting__board", "signed_by"
    ):
        if _render_public_pdf(minutes):
            minutes.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
            changed += 1
        search.update_minutes(minutes)
    return changed
