"""The meeting cycle: schedule, build the agenda, publish it and its packs."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from .. import notifications, permissions
from ..agenda_order import printed_order
from ..chairing import chair_problem
from ..models import AgendaItem, Board, Meeting, PackBuild, Paper, Person
from .builds import build_deadline, fail_stale_builds
from .errors import ConfirmationNeeded, TransitionError
from .papers import publish_paper

Standard = AgendaItem.Standard
OPENING = [Standard.APOLOGIES, Standard.DECLARATIONS, Standard.MINUTES]
CLOSING = [Standard.AOB, Standard.NEXT_MEETING]
K = PackBuild.Kind


def _require_secretary(user, meeting: Meeting | None = None) -> None:
    if not permissions.can_manage_meetings(user):
        raise TransitionError("Only the board secretary can change meetings and agendas.")
    if meeting is not None and meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        raise TransitionError(f"The meeting is {meeting.get_status_display().lower()}; its agenda cannot change.")


def _check_confirmed(meeting: Meeting, confirmed: bool) -> None:
    if meeting.agenda_in_circulation and not confirmed:
        raise ConfirmationNeeded(
            f"The agenda was published on {meeting.agenda_published_at:%-d %B %Y}: confirm the change, "
            "which renumbers the items and rebuilds the agenda and packs."
        )


def _locked_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def _when(moment: datetime) -> str:
    return date_filter(timezone.localtime(moment), "j F Y, H:i")


def _clashes(board: Board, starts_at: datetime, exclude: Meeting | None = None) -> bool:
    meetings = Meeting.objects.filter(board=board, starts_at=starts_at)
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude.pk)
    return meetings.exists()


@transaction.atomic
def schedule_meeting(*, board: Board, starts_at: datetime, user, location: str = "", theme_in_depth=None) -> Meeting:
    """A new meeting, with the standard items every agenda carries."""
    _require_secretary(user)
    if board.is_dissolved:
        raise TransitionError(f"The {board} was dissolved on {board.dissolved_on:%-d %B %Y}.")
    if _clashes(board, starts_at):
        raise TransitionError("This board already has a meeting at that date and time.")
    meeting = Meeting.objects.create(board=board, starts_at=starts_at, location=location, theme_in_depth=theme_in_depth)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=standard.label, standard=standard)
        for position, standard in enumerate([*OPENING, *CLOSING], start=1)
    )
    return meeting


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Give `items` the positions 1, 2 ... in the order given, as the agenda prints them (`printed_order`:
    with `AGENDA_EXEMPT_ITEMS=last` the exempt items come last), so that the numbers follow the printed order.

    Two passes, because positions are unique within a meeting.
    """
    items = printed_order(items)
    if [item.position for item in items] == list(range(1, len(items) + 1)):
        return
    offset = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + len(items) + 1
    for index, item in enumerate(items):
        AgendaItem.objects.filter(pk=item.pk).update(position=offset + index)
    for index, item in enumerate(items, start=1):
        item.position = index
        item.save(update_fields=["position"])


def _check_exemption(part: str, category: str) -> None:
    if part == AgendaItem.Part.EXEMPT and not category:
        raise TransitionError("An exempt item needs its category of exempt information.")


def _check_report(period):
    if period is not None and not period.is_closed:
        raise TransitionError(f"The delivery report for {period} is not published yet.")
    return period


def _check_detachable(item: AgendaItem, papers) -> None:
    """A paper issued to members under an exempt item stays on it: off every agenda it would be public.
    The item (and its paper) can be withdrawn, or the item made public by a decision to disclose it."""
    if item.is_exempt and any(paper.published_at for paper in papers):
        raise TransitionError(
            f"Item {item.number} is exempt and its paper has been issued to members: taken off the agenda, "
            "the paper would become public. Withdraw the paper instead; it stays on the item, private."
        )


def _attach_paper(item: AgendaItem, paper: Paper | None) -> None:
    if paper is None:
        return
    if paper.board_id != item.meeting.board_id:
        raise TransitionError(f"“{paper}” is a paper for the {paper.board}, not the {item.meeting.board}.")
    if paper.agenda_item_id and paper.agenda_item_id != item.pk:
        raise TransitionError(f"“{paper}” is already on an agenda (item {paper.agenda_item.number}).")
    procedure = permissions.latest_procedure(paper)
    if procedure is not None and procedure.is_open and paper.agenda_item_id != item.pk:
        # The members were asked for their positions by the closing date: the board decides in writing.
        raise TransitionError(
            f"“{paper}” is circulated for decision in writing until {procedure.closes_on:%-d %B %Y}: "
            "it can go on an agenda once that has closed."
        )
    paper.agenda_item = item
    paper.save(update_fields=["agenda_item", "updated_at"])


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    user,
    title: str,
    presenter: Person | None = None,
    paper: Paper | None = None,
    part: str = AgendaItem.Part.PUBLIC,
    exemption_category: str = "",
    public_interest_reason: str = "",
    late_reason: str = "",
    delivery_report=None,
    confirmed: bool = False,
) -> AgendaItem:
    """Add a business item before the closing standard items.

    After the publication deadline the item is late and needs the chair's
    reason for urgency, which the agenda shows. On a published agenda the
    documents follow (see `_revise_documents`).
    """
    meeting = _locked_meeting(meeting.pk)
    _require_secretary(user, meeting)
    _check_confirmed(meeting, confirmed)
    _check_exemption(part, exemption_category)
    late = meeting.deadline_passed
    if late and not late_reason.strip():
        raise TransitionError(
            f"The publication deadline ({meeting.publication_deadline:%-d %B %Y}) has passed: "
            "give the chair's reason for taking this item as urgent."
        )
    items = list(meeting.agenda_items.all())
    closing_at = next((i for i, item in enumerate(items) if item.standard in CLOSING), len(items))
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=(items[-1].position if items else 0) + 1,
        title=title,
        presenter=presenter,
        part=part,
        exemption_category=exemption_category if part == AgendaItem.Part.EXEMPT else "",
        public_interest_reason=public_interest_reason if part == AgendaItem.Part.EXEMPT else "",
        is_late=late,
        late_reason=late_reason.strip() if late else "",
        delivery_report=_check_report(delivery_report),
    )
    _renumber(meeting, [*items[:closing_at], item, *items[closing_at:]])
    _attach_paper(item, paper)
    _revise_documents(meeting, user)
    return item


@transaction.atomic
def update_agenda_item(
    *,
    item: AgendaItem,
    user,
    title: str,
    presenter: Person | None,
    paper: Paper | None,
    part: str,
    exemption_category: str,
    public_interest_reason: str,
    late_reason: str,
    delivery_report=None,
    confirmed: bool = False,
) -> AgendaItem:
    meeting = _locked_meeting(item.meeting_id)
    _require_secretary(user, meeting)
    _check_confirmed(meeting, confirmed)
    _check_exemption(part, exemption_category)
    if item.is_late and not late_reason.strip():
        raise TransitionError("A late item keeps its reason for urgency.")
    exempt = part == AgendaItem.Part.EXEMPT
    current = item.papers.exclude(status__in=[Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED]).first()
    if current and current != paper:
        _check_detachable(item, [current])
    item.title, item.presenter, item.part = title, presenter, part
    item.exemption_category = exemption_category if exempt else ""
    item.public_interest_reason = public_interest_reason if exempt else ""
    item.late_reason = late_reason.strip() if item.is_late else ""
    item.delivery_report = _check_report(delivery_report)
    item.save()
    _renumber(meeting, list(meeting.agenda_items.all()))  # an item made exempt, or public, may change place
    item.refresh_from_db(fields=["position"])
    if current and current != paper:
        current.agenda_item = None
        current.save(update_fields=["agenda_item", "updated_at"])
    _attach_paper(item, paper)
    _revise_documents(meeting, user)
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, user, direction: str, confirmed: bool = False) -> None:
    meeting = _locked_meeting(item.meeting_id)
    _require_secretary(user, meeting)
    _check_confirmed(meeting, confirmed)
    items = list(meeting.agenda_items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    _renumber(meeting, items)
    _revise_documents(meeting, user)


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, user, confirmed: bool = False) -> None:
    """Remove an item; its paper stays, off the agenda."""
    meeting = _locked_meeting(item.meeting_id)
    _require_secretary(user, meeting)
    _check_confirmed(meeting, confirmed)
    _check_detachable(item, item.papers.all())
    item.papers.update(agenda_item=None)
    item.delete()
    _renumber(meeting, list(meeting.agenda_items.all()))
    _revise_documents(meeting, user)


def _publish_cleared_papers(meeting: Meeting, user) -> None:
    cleared = Paper.objects.filter(agenda_item__meeting=meeting, status=Paper.Status.CLEARED)
    for paper in cleared:
        publish_paper(paper=paper, user=user)


def _queue(meeting: Meeting, user, kinds, *, supplement_number=None, paper_ids=None, notify=()) -> list[PackBuild]:
    from ..tasks import enqueue_pack_build

    builds = [
        PackBuild.objects.create(
            meeting=meeting,
            kind=kind,
            supplement_number=supplement_number if kind in (K.SUPPLEMENT, K.CONFIDENTIAL_SUPPLEMENT) else None,
            paper_ids=paper_ids or [],
            notify_members=kind in notify,
            requested_by=user,
        )
        for kind in kinds
    ]
    for build in builds:
        enqueue_pack_build(build)
    return builds


@transaction.atomic
def publish_agenda(*, meeting: Meeting, user) -> list[PackBuild]:
    """Publish the agenda: publish its cleared papers and build the packs in the background.

    Papers not yet cleared are shown on the agenda as to follow; they go out
    later in a supplementary pack.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_secretary(user, meeting)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise TransitionError("The agenda has already been published.")
    # Items placed before the office chose where exempt items go take their printed places, before the papers
    # are rendered with their item numbers.
    _renumber(meeting, list(meeting.agenda_items.all()))
    _publish_cleared_papers(meeting, user)
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "agenda_published_at", "sequence", "updated_at"])
    return _queue(meeting, user, [K.AGENDA, K.PACK, K.CONFIDENTIAL], notify=[K.PACK])


def _paper_ids_in_packs(meeting: Meeting) -> set[int]:
    ids: set[int] = set()
    for paper_ids in meeting.pack_builds.exclude(status=PackBuild.Status.FAILED).values_list("paper_ids", flat=True):
        ids.update(paper_ids)
    return ids


@transaction.atomic
def publish_supplement(*, meeting: Meeting, user) -> list[PackBuild]:
    """Papers published since the pack: a supplementary pack, and the main packs rebuilt."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_secretary(user, meeting)
    if meeting.status != Meeting.Status.AGENDA_PUBLISHED:
        raise TransitionError("Publish the agenda first; a supplement follows a published agenda.")
    _publish_cleared_papers(meeting, user)
    published = set(
        Paper.objects.filter(agenda_item__meeting=meeting, status=Paper.Status.PUBLISHED).values_list("pk", flat=True)
    )
    new = sorted(published - _paper_ids_in_packs(meeting))
    if not new:
        raise TransitionError("No paper has been published for this meeting since the last pack.")
    return _queue_supplement(meeting, user, new) + _queue(meeting, user, [K.AGENDA, K.PACK, K.CONFIDENTIAL])


def next_supplement_number(meeting: Meeting) -> int:
    return (meeting.pack_builds.filter(kind=K.SUPPLEMENT).aggregate(top=Max("supplement_number"))["top"] or 0) + 1


def _queue_supplement(meeting: Meeting, user, paper_ids: list[int]) -> list[PackBuild]:
    return _queue(
        meeting,
        user,
        [K.SUPPLEMENT, K.CONFIDENTIAL_SUPPLEMENT],
        supplement_number=next_supplement_number(meeting),
        paper_ids=paper_ids,
        notify=[K.SUPPLEMENT],
    )


def _revise_documents(meeting: Meeting, user) -> list[PackBuild]:
    """After a confirmed change to a published agenda, the documents follow it.

    The PDFs must never number the items differently from the page: the
    agenda and packs are rebuilt (the last good build stays until the new one
    is ready, and every build is kept), cleared papers now on the agenda are
    published and go out in a supplement, and members are e-mailed.
    """
    if not meeting.agenda_in_circulation:
        return []
    _publish_cleared_papers(meeting, user)
    published = Paper.objects.filter(agenda_item__meeting=meeting, status=Paper.Status.PUBLISHED)
    new = sorted(set(published.values_list("pk", flat=True)) - _paper_ids_in_packs(meeting))
    supplement = _queue_supplement(meeting, user, new) if new else []
    main = _queue(meeting, user, [K.AGENDA, K.PACK, K.CONFIDENTIAL], notify=[] if new else [K.PACK])
    return supplement + main


@transaction.atomic
def retry_pack_build(*, build: PackBuild, user) -> PackBuild:
    """Queue the same build again; a build stuck past its time limit is failed first, so it can be."""
    _require_secretary(user)
    fail_stale_builds(meeting=build.meeting)
    build = PackBuild.objects.select_for_update().select_related("meeting").get(pk=build.pk)
    if build.status != PackBuild.Status.FAILED:
        deadline = build_deadline(build)
        until = f"; if it has not finished by {_when(deadline)} it can be tried again" if deadline else ""
        raise TransitionError(f"Only a failed build can be tried again. This one is {build.status}{until}.")
    [retry] = _queue(
        build.meeting,
        user,
        [build.kind],
        supplement_number=build.supplement_number,
        paper_ids=build.paper_ids,
        notify=[build.kind] if build.notify_members else [],
    )
    return retry


@transaction.atomic
def move_meeting(*, meeting: Meeting, user, starts_at: datetime, reason: str, location: str | None = None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        raise TransitionError(f"The meeting is {meeting.get_status_display().lower()}: it cannot be moved.")
    _require_secretary(user, meeting)
    # A meeting that took place keeps its date and its chair: its decisions and minutes say when it was held and
    # who chaired (a meeting minuted from the meeting screen may never have been marked as held).
    if meeting.decisions.exists() or Meeting.objects.filter(pk=meeting.pk, minutes__isnull=False).exists():
        raise TransitionError(
            "Decisions or minutes are recorded for this meeting: it took place as recorded and cannot be moved."
        )
    if not reason.strip():
        raise TransitionError("Give the reason for moving the meeting; the public sees it.")
    if _clashes(meeting.board, starts_at, exclude=meeting):
        raise TransitionError("This board already has a meeting at that date and time.")
    old = meeting.starts_at
    chair_was_default = meeting.chaired_by == meeting.default_chair()
    meeting.starts_at = starts_at
    if chair_was_default:
        # The chair was only ever the default: on the new day it is whoever chairs the board then.
        meeting.chaired_by = meeting.default_chair()
    if location is not None:
        meeting.location = location
    meeting.notice = f"Moved from {_when(old)} to {_when(starts_at)}. {reason.strip()}"
    meeting.sequence += 1  # calendar clients update the event they hold
    meeting.save(update_fields=["starts_at", "location", "notice", "sequence", "chaired_by", "updated_at"])
    if meeting.agenda_is_public:
        # The documents print the date; the last good build stays in place until these are ready.
        _queue(meeting, user, [K.AGENDA, K.PACK, K.CONFIDENTIAL])
    transaction.on_commit(lambda: notifications.meeting_moved(meeting, moved_from=old))
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, user, reason: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_secretary(user, meeting)
    if not reason.strip():
        raise TransitionError("Give the reason for cancelling the meeting; the public sees it.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.notice = f"Cancelled. {reason.strip()}"
    meeting.sequence += 1
    meeting.save(update_fields=["status", "notice", "sequence", "updated_at"])
    return meeting


@transaction.atomic
def mark_meeting_held(*, meeting: Meeting, user) -> Meeting:
    """Held only once it has begun: minutes and decisions follow from a meeting that took place."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_secretary(user, meeting)
    problem = permissions.held_problem(meeting)
    if problem:
        raise TransitionError(problem)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def record_chair(*, meeting: Meeting, user, person: Person) -> Meeting:
    """Record who chaired (or will chair) the meeting when it is not the board's chair.

    The person recorded confirms the meeting's decisions and signs its minutes.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    if not permissions.can_record_chair(user, meeting):
        raise TransitionError("Only the board secretary records who chaired a meeting that was not cancelled.")
    problem = chair_problem(meeting, person)
    if problem:
        raise TransitionError(problem)
    if person != meeting.chaired_by and meeting.decisions.filter(confirmed_at__isnull=False).exists():
        raise TransitionError(
            f"{meeting.chaired_by or 'The chair'} has confirmed decisions of this meeting as its chair: "
            "who chaired it can no longer change."
        )
    previous = meeting.chaired_by
    meeting.chaired_by = person
    meeting._history_user = user
    reason = f"Chair recorded: {person}" if previous is None else f"Chair changed from {previous} to {person}"
    meeting._change_reason = reason[:100]
    meeting.save(update_fields=["chaired_by", "updated_at"])
    return meeting
