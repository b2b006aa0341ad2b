"""What `minutes` adds to "What needs me": minutes to clear, draft and sign, and the actions a person owns."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse

from boards.models import Meeting
from boards.workday import SHOWN, Queue, Row
from pcp_portal.roles import Role, has_role

from . import permissions
from .models import Action, Minutes

S = Minutes.Status


def _row(minutes: Minutes) -> Row:
    meeting = minutes.meeting
    return Row(f"{meeting.board} on {meeting.date:%-d %B %Y}", minutes.get_staff_url(), minutes.get_status_display())


def _minutes_queue(title: str, minutes) -> Queue:
    minutes = minutes.select_related("meeting__board").order_by("meeting__starts_at")
    rows = [_row(m) for m in minutes[:SHOWN]]
    return Queue(title, minutes.count(), rows, reverse("minutes:staff_minutes_list"))


def _queues_by_status(titles: dict[str, str]) -> list[Queue]:
    """One box per status of `titles`, in two queries whatever their number: the counts, and the first rows of
    each status (a window numbers them within their status)."""
    chosen = Minutes.objects.filter(status__in=titles)
    counts = dict(chosen.values_list("status").annotate(n=Count("pk")).order_by())
    first = (
        chosen.annotate(
            place=Window(RowNumber(), partition_by=F("status"), order_by=[F("meeting__starts_at").asc(), F("pk")])
        )
        .filter(place__lte=SHOWN)
        .select_related("meeting__board")
        .order_by("meeting__starts_at", "pk")
    )
    rows: dict[str, list[Row]] = {status: [] for status in titles}
    for minutes in first:
        rows[minutes.status].append(_row(minutes))
    more = reverse("minutes:staff_minutes_list")
    return [Queue(title, counts.get(status, 0), rows[status], more) for status, title in titles.items()]


def minutes_to_draft() -> Queue:
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.HELD, imported_at__isnull=True)
        .filter(~Exists(Minutes.objects.filter(meeting=OuterRef("pk"))))
        .select_related("board")
        .order_by("-starts_at")
    )
    rows = [
        Row(f"{meeting.board} on {meeting.date:%-d %B %Y}", meeting.get_staff_url(), "Held; no minutes started")
        for meeting in meetings[:SHOWN]
    ]
    return Queue("Minutes to draft", meetings.count(), rows, reverse("minutes:staff_minutes_list"))


def owned_actions(user) -> Queue:
    actions = (
        Action.objects.filter(owner__user=user, status=Action.Status.OPEN)
        .select_related("board")
        .order_by("due_on", "pk")
    )
    rows = [
        Row(
            f"{action.reference}: {action.text}",
            reverse("minutes:staff_actions"),
            f"{action.board.short_name}, due {action.due_on:%-d %B %Y}{' (overdue)' if action.is_overdue else ''}",
        )
        for action in actions[:SHOWN]
    ]
    return Queue("Actions you own", actions.count(), rows, reverse("minutes:staff_actions"))


def queues(user) -> list[Queue]:
    found = []
    if has_role(user, Role.REVIEWER):
        found.append(_minutes_queue("Minutes awaiting clearance", Minutes.objects.filter(status=S.SUBMITTED)))
    if has_role(user, Role.SECRETARY):
        found.append(minutes_to_draft())
        found += _queues_by_status(
            {
                S.DRAFT: "Draft minutes to finish and submit",
                S.CLEARED: "Cleared minutes to circulate",
                S.SIGNED: "Signed minutes to publish",
            }
        )
    if has_role(user, Role.MEMBER, Role.CHAIR):
        to_sign = _minutes_queue(
            "Minutes awaiting your signature",
            # Only those their login may open: a chair whose membership has ended is not asked.
            permissions.visible_minutes(user).filter(status=S.APPROVED, meeting__chaired_by__user=user),
        )
        if to_sign.count or has_role(user, Role.CHAIR):  # a member who chaired nothing is not shown a chair's box
            found.append(to_sign)
        found.append(owned_actions(user))
    return found


def workday_panel(request) -> str:
    found = queues(request.user)
    if not found:
        return ""
    return render_to_string("minutes/_workday_panel.html", {"queues": found}, request=request)
