"""What needs me: the work waiting for one signed-in person in `boards`, by role, with counts.

Each queue costs the same few queries whatever the size of the record (a count and one page of
rows); higher apps (minutes) add their own queues through the "workday" panel slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from pcp_portal.roles import Role, has_role

from . import permissions
from .models import Meeting, Membership, PackBuild, Paper, PaperEvent, Position, Recommendation

S = Paper.Status
SHOWN = 10


@dataclass
class Row:
    label: str
    url: str
    detail: str = ""
    note: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url) after the detail, such as packs


@dataclass
class Queue:
    title: str
    count: int
    rows: list[Row] = field(default_factory=list)
    more_url: str = ""


def _papers(user):
    return permissions.visible_papers(user).select_related("board").order_by("-updated_at")


def _latest_event(action: str):
    latest = (
        PaperEvent.objects.filter(paper=OuterRef("pk"))
        .exclude(action=PaperEvent.Action.COMMENTED)
        .order_by("-at", "-pk")
    )
    return latest.values(action)[:1]


def my_drafts(user) -> Queue:
    drafts = (
        _papers(user)
        .filter(status=S.DRAFT, created_by=user)
        .annotate(last_action=Subquery(_latest_event("action")), last_comment=Subquery(_latest_event("comment")))
    )
    rows = [
        Row(
            paper.title,
            paper.get_staff_url(),
            paper.board.short_name,
            f"Returned: {paper.last_comment}" if paper.last_action == PaperEvent.Action.RETURNED else "",
        )
        for paper in drafts[:SHOWN]
    ]
    return Queue("Your drafts", drafts.count(), rows, reverse("boards:staff_paper_list") + "?status=draft")


def _paper_queue(title: str, papers, status: str) -> Queue:
    rows = [Row(paper.title, paper.get_staff_url(), paper.board.short_name) for paper in papers[:SHOWN]]
    return Queue(title, papers.count(), rows, reverse("boards:staff_paper_list") + f"?status={status}")


def _upcoming_meetings():
    return (
        Meeting.objects.upcoming()
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board")
        .order_by("starts_at")
    )


def meetings_with_deadlines() -> Queue:
    meetings = _upcoming_meetings()
    rows = []
    for meeting in meetings[:SHOWN]:
        if meeting.status == Meeting.Status.SCHEDULED:
            detail = f"Agenda and papers due by {meeting.publication_deadline:%-d %B %Y}"
            if meeting.deadline_passed:
                detail = f"Publication deadline passed on {meeting.publication_deadline:%-d %B %Y}"
        else:
            detail = f"Agenda published; meets {timezone.localtime(meeting.starts_at):%-d %B %Y, %H:%M}"
        rows.append(Row(f"{meeting.board} on {meeting.date:%-d %B %Y}", meeting.get_staff_url(), detail))
    return Queue("Meetings and their next deadline", meetings.count(), rows, reverse("boards:staff_meeting_list"))


def packs_to_publish() -> Queue:
    meetings = _upcoming_meetings().filter(status=Meeting.Status.SCHEDULED)
    rows = [
        Row(
            f"{meeting.board} on {meeting.date:%-d %B %Y}",
            meeting.get_staff_url(),
            f"Publish the agenda and packs by {meeting.publication_deadline:%-d %B %Y}",
        )
        for meeting in meetings[:SHOWN]
    ]
    return Queue("Agendas and packs to publish", meetings.count(), rows)


def decisions_to_record() -> Queue:
    """Papers before a meeting that has begun, with a recommendation that has no decision yet."""
    undecided = Recommendation.objects.filter(paper=OuterRef("pk"), decision__isnull=True)
    papers = (
        Paper.objects.filter(
            status__in=[S.CLEARED, S.PUBLISHED],
            agenda_item__meeting__starts_at__lte=timezone.now(),
            agenda_item__meeting__imported_at__isnull=True,
        )
        .exclude(agenda_item__meeting__status=Meeting.Status.CANCELLED)
        .filter(Exists(undecided))
        .select_related("board", "agenda_item__meeting")
        .order_by("-agenda_item__meeting__starts_at", "pk")
    )
    rows = [
        Row(paper.title, paper.get_staff_url(), f"{paper.board.short_name}, {paper.agenda_item.meeting.date:%-d %B %Y}")
        for paper in papers[:SHOWN]
    ]
    return Queue("Decisions to record", papers.count(), rows)


def decisions_to_confirm(user) -> Queue:
    decisions = (
        permissions.decisions_to_confirm(user)
        .select_related("recommendation__paper__board")
        .order_by("recommendation__paper", "recommendation__position")
    )
    papers: dict[int, Row] = {}
    waiting: dict[int, int] = {}
    for decision in decisions[:50]:
        paper = decision.recommendation.paper
        papers.setdefault(paper.pk, Row(paper.title, paper.get_staff_url(), paper.board.short_name))
        waiting[paper.pk] = waiting.get(paper.pk, 0) + 1
    for pk, row in papers.items():  # the count is of decisions, the rows are papers: say how many each holds
        row.detail += f", {waiting[pk]} decision{'s' if waiting[pk] != 1 else ''}"
    return Queue("Decisions awaiting your confirmation", decisions.count(), list(papers.values())[:SHOWN])


def next_meetings(user) -> Queue:
    """The next meeting of each of the user's boards, its packs, and how many recommendations lack their position."""
    memberships = Membership.objects.current().filter(
        person__user=user, role__in=[Membership.Role.CHAIR, Membership.Role.MEMBER]
    )
    person_ids = memberships.values("person")
    meetings = list(
        _upcoming_meetings()
        .filter(board__in=memberships.values("board"))
        .annotate(
            unanswered=Count(
                "agenda_items__papers__recommendations",
                filter=Q(agenda_items__papers__status__in=[S.CLEARED, S.PUBLISHED])
                & ~Exists(
                    Position.objects.filter(
                        recommendation=OuterRef("agenda_items__papers__recommendations"), member__in=person_ids
                    )
                ),
                distinct=True,
            )
        )
    )
    first: dict[int, Meeting] = {}
    for meeting in meetings:
        first.setdefault(meeting.board_id, meeting)
    builds = PackBuild.objects.ready().filter(meeting__in=list(first.values())).order_by("meeting", "kind", "-pk")
    packs: dict[int, dict[str, str]] = {}
    for build in builds.select_related("meeting__board"):
        packs.setdefault(build.meeting_id, {}).setdefault(build.label, build.get_absolute_url())
    rows = []
    for meeting in first.values():
        rows.append(
            Row(
                f"{meeting.board} on {meeting.date:%-d %B %Y}",
                meeting.get_staff_url(),
                "" if packs.get(meeting.pk) else "No pack published yet",
                f"{meeting.unanswered} recommendation{'s' if meeting.unanswered != 1 else ''} without your position"
                if meeting.unanswered
                else "",
                links=list(packs.get(meeting.pk, {}).items()),
            )
        )
    unanswered = sum(meeting.unanswered for meeting in first.values())
    return Queue("Your next meetings: recommendations without your position", unanswered, rows)


def queues(user) -> list[Queue]:
    """The `boards` queues for `user`, in the order of their working day."""
    found: list[Queue] = []
    papers = _papers(user)
    if has_role(user, Role.AUTHOR, Role.SECRETARY):
        found.append(my_drafts(user))
    if has_role(user, Role.REVIEWER):
        found.append(
            _paper_queue(
                "Papers awaiting review", papers.filter(status=S.SUBMITTED).exclude(created_by=user), "submitted"
            )
        )
    if has_role(user, Role.SECRETARY):
        found.append(_paper_queue("Cleared papers to publish", papers.filter(status=S.CLEARED), "cleared"))
        found.append(meetings_with_deadlines())
        found.append(packs_to_publish())
        found.append(decisions_to_record())
    if has_role(user, Role.MEMBER, Role.CHAIR):
        confirm = decisions_to_confirm(user)
        if confirm.count or has_role(user, Role.CHAIR):  # a member who chairs nothing is not shown a chair's box
            found.append(confirm)
        found.append(next_meetings(user))
    return found
