"""The meeting screen in the workspace, and the board's attendance in the workspace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from boards import permissions as board_permissions
from boards.forms_meetings import DecisionForm
from boards.models import Board, Meeting, Membership, Paper, Person, Recommendation
from boards.services import TransitionError
from boards.services import record_decision as record_board_decision
from boards.tally import position_holder_ids, tally, voting_member_ids
from boards.views.access import get_meeting_for_user
from pcp_portal.access import signed_in_with

from . import permissions, room, stats
from .forms_room import GuestForm, RoomActionForm
from .models import Attendance, Minutes
from .views import attempt

room_required = signed_in_with(permissions.can_run_meeting, "Only the board secretary runs the meeting screen.")
stats_required = signed_in_with(permissions.can_see_attendance_stats, "Attendance records are for office staff.")

#: The register's buttons, in the order of a roll call.
CHOICES = [
    (Attendance.State.MEMBER, "Present"),
    (Attendance.State.IN_ATTENDANCE, "In attendance"),
    (Attendance.State.APOLOGIES, "Apologies"),
    (Attendance.State.ABSENT, "Absent"),
]


def _roles_on_the_day(meeting: Meeting) -> dict[int, str]:
    """Each person's role on the board on the meeting's day, as the register labels them: a person who holds two
    memberships that day is labelled by the one that votes."""
    memberships = Membership.objects.current(on=meeting.date).filter(board=meeting.board).by_role()
    roles: dict[int, str] = {}
    for membership in memberships:
        roles.setdefault(membership.person_id, membership.role_title)
    return roles


def _register(minutes: Minutes) -> list[dict]:
    meeting = minutes.meeting
    members = voting_member_ids(meeting.board, meeting.date)
    roles = _roles_on_the_day(meeting)
    rows = []
    for attendance in minutes.attendance.select_related("person").order_by("capacity", "person__name"):
        voting = attendance.person_id in members
        if attendance.person_id in roles:
            role = roles[attendance.person_id]
        elif attendance.capacity and attendance.capacity != Attendance.Capacity.MEMBER:
            role = attendance.get_capacity_display()  # an officer or a guest
        elif meeting.imported_at is not None:
            # The archive's meetings predate the portal's memberships: the minutes' own lists say who sat.
            role = "In attendance" if attendance.state == Attendance.State.IN_ATTENDANCE else "Member"
        else:
            role = "Not a member of the board on the day"
        rows.append(
            {
                "attendance": attendance,
                "voting": voting,
                "role": role,
                # Only a member of the board on the day is present as a member; anyone else is in attendance.
                "choices": [(state, label) for state, label in CHOICES if voting or state != Attendance.State.MEMBER],
            }
        )
    return rows


def _items(request, minutes: Minutes, *, bound: dict) -> list[dict]:
    """Item by item: the recommendations with the members' positions and tally, the decision, the actions."""
    meeting = minutes.meeting
    members = position_holder_ids(meeting.board, meeting.date)
    papers = (
        Paper.objects.filter(agenda_item__meeting=meeting, status__in=[Paper.Status.CLEARED, Paper.Status.PUBLISHED])
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("decision").prefetch_related("positions__member"),
            )
        )
        .order_by("pk")
    )
    by_item = defaultdict(list)
    for paper in papers:
        by_item[paper.agenda_item_id].append(paper)
    actions = defaultdict(list)
    for action in minutes.actions.select_related("owner"):
        actions[action.minute_item_id].append(action)
    may_record = permissions.can_record_in_room(request.user, minutes)
    items = []
    for item in minutes.items.select_related("agenda_item").order_by("position"):
        paper_rows = []
        for paper in by_item.get(item.agenda_item_id, []):
            recs = []
            for rec in paper.recommendations.all():
                decision = getattr(rec, "decision", None)
                positions = list(rec.positions.all())
                form = None
                if may_record and not (decision and decision.is_confirmed):
                    form = bound.get(("decision", rec.pk)) or DecisionForm(recommendation=rec, prefix=f"dec{rec.pk}")
                recs.append(
                    {
                        "recommendation": rec,
                        "decision": decision,
                        "positions": positions,
                        "tally": tally(positions, members),
                        "form": form,
                    }
                )
            paper_rows.append({"paper": paper, "recommendations": recs})
        action_form = None
        if may_record:
            action_form = bound.get(("action", item.pk)) or RoomActionForm(minutes=minutes, prefix=f"act{item.pk}")
        items.append({"item": item, "papers": paper_rows, "actions": actions[item.pk], "action_form": action_form})
    return items


def _render(request, meeting: Meeting, *, bound: dict | None = None, status: int = 200) -> HttpResponse:
    bound = bound or {}
    minutes = Minutes.objects.filter(meeting=meeting).select_related("meeting__board").first()
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "waits": permissions.room_problem(meeting),
        "can_open": minutes is None and not permissions.room_problem(meeting),
    }
    if minutes is not None:
        context.update(
            {
                "may_record": permissions.can_record_in_room(request.user, minutes),
                "drafted": room.is_drafted(minutes),
                "register": _register(minutes),
                "quorum": room.quorum(minutes),
                "guest_form": bound.get("guest") or GuestForm(prefix="guest"),
                "items": _items(request, minutes, bound=bound),
            }
        )
    return render(request, "minutes/meeting_screen.html", context, status=status)


def _minutes(meeting: Meeting) -> Minutes:
    return get_object_or_404(Minutes.objects.select_related("meeting__board"), meeting=meeting)


def _back(meeting: Meeting, anchor: str = ""):
    return redirect(reverse("minutes:meeting_screen", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


def _step(
    request,
    meeting: Meeting,
    anchor: str,
    step: Callable[[], object],
    said: Callable[[object], str],
    caution: Callable[[object], str] | None = None,
):
    """One recorded step of the meeting (`attempt`, as for the minutes' own steps); then back to `anchor`."""
    attempt(request, step, said, caution=caution)
    return _back(meeting, anchor)


@room_required
def meeting_screen(request, meeting_pk: int):
    return _render(request, get_meeting_for_user(request, meeting_pk))


@require_POST
@room_required
def register_open(request, meeting_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    return _step(
        request,
        meeting,
        "register-heading",
        lambda: room.open_register(meeting=meeting, user=request.user),
        lambda _: "The register is open: mark each person as they arrive or send apologies.",
    )


@require_POST
@room_required
def attendance_record(request, meeting_pk: int, person_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    minutes = _minutes(meeting)
    person = get_object_or_404(Person, pk=person_pk, attendances__minutes=minutes)
    return _step(
        request,
        meeting,
        f"person-{person.pk}",
        lambda: room.record_attendance(
            minutes=minutes, user=request.user, person=person, state=request.POST.get("state", "")
        ),
        lambda attendance: f"{person}: {attendance.get_state_display()}.",
    )


@require_POST
@room_required
def guest_add(request, meeting_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    minutes = _minutes(meeting)
    form = GuestForm(request.POST, prefix="guest")
    if not form.is_valid():
        return _render(request, meeting, bound={"guest": form}, status=400)
    try:
        attendance = room.add_guest(minutes=minutes, user=request.user, **form.cleaned_data)
    except TransitionError as error:
        messages.error(request, str(error))
        return _back(meeting, "register-heading")
    messages.success(request, f"{attendance.person} is in the register, in attendance.")
    return _back(meeting, f"person-{attendance.person_id}")


@require_POST
@room_required
def decision_record(request, meeting_pk: int, rec_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("decision"), pk=rec_pk, paper__agenda_item__meeting=meeting
    )
    form = DecisionForm(request.POST, recommendation=recommendation, prefix=f"dec{rec_pk}")
    if not form.is_valid():
        return _render(request, meeting, bound={("decision", rec_pk): form}, status=400)
    return _step(
        request,
        meeting,
        f"rec-{rec_pk}",
        lambda: record_board_decision(recommendation=recommendation, user=request.user, **form.cleaned_data),
        lambda decision: f"Recorded: {decision.get_outcome_display()}. The chair confirms it.",
        caution=_unconfirmable,
    )


def _unconfirmable(decision) -> str:
    problem = board_permissions.unconfirmable(decision)
    return f"Recorded: {decision.get_outcome_display()}, but nobody can confirm it yet: {problem}" if problem else ""


@require_POST
@room_required
def action_agree(request, meeting_pk: int, item_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    minutes = _minutes(meeting)
    item = get_object_or_404(minutes.items, pk=item_pk)
    form = RoomActionForm(request.POST, minutes=minutes, prefix=f"act{item_pk}")
    if not form.is_valid():
        return _render(request, meeting, bound={("action", item_pk): form}, status=400)
    return _step(
        request,
        meeting,
        f"item-{item_pk}",
        lambda: room.agree_action(minutes=minutes, user=request.user, minute_item=item, **form.cleaned_data),
        lambda action: f"Action {action.reference} agreed, owned by {action.owner}.",
    )


@require_POST
@room_required
def minutes_draft(request, meeting_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    minutes = _minutes(meeting)
    try:
        room.draft_minutes(minutes=minutes, user=request.user)
    except room.AlreadyDrafted as error:
        edit = reverse("minutes:staff_minutes_edit", args=[minutes.pk])
        messages.info(request, format_html('{} <a href="{}">Open the draft minutes</a>.', str(error), edit))
        return _back(meeting, "draft-heading")
    except TransitionError as error:
        messages.error(request, str(error))
        return _back(meeting, "draft-heading")
    messages.success(request, "The meeting is held and its minutes are drafted from what was recorded.")
    return redirect(reverse("minutes:staff_minutes_edit", args=[minutes.pk]))


def screen_link(request, *, meeting: Meeting) -> str:
    """On the meeting's workspace page (a `pcp_portal.panels` panel): the way into the meeting screen for the
    secretary, and to the board's attendance for office staff."""
    if not permissions.can_see_attendance_stats(request.user):
        return ""
    can_run = permissions.can_run_meeting(request.user) and not meeting.is_cancelled
    return render_to_string(
        "minutes/_meeting_screen_link.html", {"meeting": meeting, "can_run": can_run}, request=request
    )


@stats_required
def board_attendance(request, slug: str):
    """Every member's attendance at the board's meetings in a year, from all its minutes, drafts included."""
    board = get_object_or_404(Board, slug=slug)
    context = stats.board_attendance(board, Minutes.objects.all(), request.GET.get("year", ""))
    return render(request, "minutes/staff_attendance.html", context)
