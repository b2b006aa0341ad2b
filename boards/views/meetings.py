"""The workspace side of meetings: scheduling, the agenda builder, packs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.audit import record_download
from accounts.models import DownloadRecord
from pcp_portal.access import pdf_response
from pcp_portal.confirm import confirmation_page, confirmed
from pcp_portal.panels import render_panels

from .. import agenda_changes, permissions, services
from ..forms_meetings import AgendaItemForm, ChairForm, MeetingForm, MoveMeetingForm
from ..models import AgendaItem, Meeting, PackBuild, Paper
from ..packs import agenda_entries
from .access import get_meeting_for_user, workspace_required

manage = permissions.can_manage_meetings


@workspace_required
def meeting_list(request):
    meetings = Meeting.objects.select_related("board").order_by("-starts_at")
    if not permissions.can_manage_meetings(request.user) and not permissions.is_office_staff(request.user):
        meetings = meetings.filter(board__in=permissions.member_boards(request.user))
    return render(
        request,
        "boards/staff_meeting_list.html",
        {
            "upcoming": list(meetings.upcoming().order_by("starts_at")),
            "recent": list(meetings.past()[:20]),
            "can_manage": manage(request.user),
        },
    )


@workspace_required
def meeting_create(request):
    if not manage(request.user):
        raise PermissionDenied("Only the board secretary schedules meetings.")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                board=form.cleaned_data["board"],
                starts_at=form.starts_at(),
                user=request.user,
                location=form.cleaned_data["location"],
                theme_in_depth=form.cleaned_data["theme_in_depth"],
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting scheduled with the standard agenda items.")
            return redirect(meeting.get_staff_url())
    return render(request, "boards/staff_meeting_form.html", {"form": form, "title": "Schedule a meeting"})


def _latest_builds(meeting: Meeting) -> list[PackBuild]:
    return list(meeting.pack_builds.order_by("-requested_at", "-pk")[:30])


@workspace_required
def meeting_detail(request, pk: int):
    return _meeting_page(request, get_meeting_for_user(request, pk))


def _meeting_page(request, meeting: Meeting, chair_form: ChairForm | None = None):
    services.fail_stale_builds(meeting=meeting)
    can_manage = manage(request.user) and meeting.status not in (Meeting.Status.CANCELLED, Meeting.Status.HELD)
    builds = _latest_builds(meeting)
    current_builds = {}
    for build in builds:
        if build.status == PackBuild.Status.READY and build.label not in current_builds:
            if build.is_public or permissions.can_view_pack(request.user, build):
                current_builds[build.label] = build
    return render(
        request,
        "boards/staff_meeting.html",
        {
            "meeting": meeting,
            "entries": agenda_entries(meeting, papers=permissions.visible_papers(request.user), confidential=True),
            "can_manage": can_manage,
            "held_problem": permissions.held_problem(meeting) if can_manage else "",
            "is_secretary": manage(request.user),
            "item_form": AgendaItemForm(meeting=meeting) if can_manage else None,
            "move_form": MoveMeetingForm(meeting=meeting) if can_manage else None,
            "builds": builds if manage(request.user) else [],
            "current_builds": list(current_builds.values()),
            "building": any(b.status in (PackBuild.Status.QUEUED, PackBuild.Status.BUILDING) for b in builds),
            "panels": render_panels("staff_meeting", request, meeting=meeting),
            "chair_form": chair_form
            or (ChairForm(meeting=meeting) if permissions.can_record_chair(request.user, meeting) else None),
        },
        status=400 if chair_form is not None else 200,
    )


@require_POST
@workspace_required
def meeting_chair(request, pk: int):
    """Record who chaired; a refusal is shown beside the field, with the choice kept."""
    meeting = get_meeting_for_user(request, pk, manage)
    form = ChairForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.record_chair(meeting=meeting, user=request.user, person=form.cleaned_data["chaired_by"])
        except services.TransitionError as error:
            form.add_error("chaired_by", str(error))
        else:
            messages.success(request, f"{form.cleaned_data['chaired_by']} is recorded as chairing the meeting.")
            return redirect(meeting.get_staff_url())
    return _meeting_page(request, meeting, chair_form=form)


@workspace_required
def item_add(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if _ready(request, form):
        data = form.cleaned_data
        if _needs_confirmation(request, meeting):
            preview = agenda_changes.describe(
                meeting, action="add", title=data["title"], paper=data.get("paper"), part=data.get("part", "")
            )
            return _confirm(request, meeting, preview, "Add the item and rebuild the documents", can_revise=True)
        try:
            item = services.add_agenda_item(
                meeting=meeting, user=request.user, confirmed=_confirmed(request), **form.service_kwargs()
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Item {item.number} added{' as a late item' if item.is_late else ''}.{_revised(meeting)}"
            )
            return redirect(meeting.get_staff_url())
    return render(request, "boards/staff_item_form.html", {"form": form, "meeting": meeting, "item": None})


@workspace_required
def item_edit(request, pk: int, item_pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk), meeting=meeting)
    if _ready(request, form):
        if _needs_confirmation(request, meeting):
            preview = agenda_changes.describe(
                meeting,
                action="edit",
                item=item,
                paper=form.cleaned_data.get("paper"),
                part=form.cleaned_data.get("part", ""),
            )
            return _confirm(request, meeting, preview, "Save the item and rebuild the documents", can_revise=True)
        try:
            services.update_agenda_item(
                item=form.instance, user=request.user, confirmed=_confirmed(request), **form.service_kwargs()
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Item {item.number} saved.{_revised(meeting)}")
            return redirect(meeting.get_staff_url())
    return render(request, "boards/staff_item_form.html", {"form": form, "meeting": meeting, "item": item})


def _ready(request, form) -> bool:
    """A valid form to act on; "Change what I entered" on the confirmation page only shows it again."""
    return request.method == "POST" and "revise" not in request.POST and form.is_valid()


def _confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"


def _needs_confirmation(request, meeting: Meeting) -> bool:
    """A published agenda changes only once the secretary has read what will follow."""
    return meeting.agenda_in_circulation and not _confirmed(request)


def _confirm(request, meeting: Meeting, preview: dict, confirm_label: str, *, can_revise: bool = False):
    """The confirmation page: a plain form that posts back what was sent, with `confirmed`."""
    carried = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", "confirmed", "revise")
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "boards/staff_agenda_confirm.html",
        {
            "meeting": meeting,
            "preview": preview,
            "carried": carried,
            "confirm_label": confirm_label,
            "can_revise": can_revise,
        },
    )


def _revised(meeting: Meeting) -> str:
    meeting.refresh_from_db()
    if not meeting.agenda_in_circulation:
        return ""
    return " The revised agenda and packs are being built; members will be e-mailed when they are ready."


def _run(request, meeting: Meeting, action, success: str):
    try:
        result = action()
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
        _report_queue_failures(request, result)
    return redirect(meeting.get_staff_url())


def _report_queue_failures(request, result) -> None:
    """Builds that could not even be queued are failed at once (`tasks.enqueue_pack_build`): say so now."""
    builds = result if isinstance(result, list) else [result]
    ids = [build.pk for build in builds if isinstance(build, PackBuild)]
    for build in PackBuild.objects.filter(pk__in=ids, status=PackBuild.Status.FAILED):
        messages.error(request, f"{build.label}: {build.error}")


@require_POST
@workspace_required
def item_move(request, pk: int, item_pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    if _needs_confirmation(request, meeting):
        preview = agenda_changes.describe(meeting, action="move", item=item, direction=direction)
        return _confirm(request, meeting, preview, f"Move the item {direction} and rebuild the documents")
    return _run(
        request,
        meeting,
        lambda: services.move_agenda_item(
            item=item, user=request.user, direction=direction, confirmed=_confirmed(request)
        ),
        f"“{item.title}” moved {direction}; the items are renumbered.{_revised(meeting)}",
    )


@require_POST
@workspace_required
def item_remove(request, pk: int, item_pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    if _needs_confirmation(request, meeting):
        preview = agenda_changes.describe(meeting, action="remove", item=item)
        return _confirm(request, meeting, preview, "Remove the item and rebuild the documents")
    if not confirmed(request):
        papers = [paper.title for paper in item.papers.all()]
        return confirmation_page(
            request,
            title="Remove this agenda item?",
            subject=f"Item {item.number}, “{item.title}”, from the agenda of the {meeting.board} on "
            f"{meeting.date:%-d %B %Y}.",
            consequences=[
                "The item leaves the agenda and the items after it are numbered again.",
                *(f"The paper “{title}” is no longer on this agenda; the paper itself is kept." for title in papers),
            ],
            confirm_label="Remove the item",
            cancel_url=meeting.get_staff_url(),
            cancel_label="Cancel: keep the item",
        )
    return _run(
        request,
        meeting,
        lambda: services.remove_agenda_item(item=item, user=request.user, confirmed=_confirmed(request)),
        f"“{item.title}” removed from the agenda.{_revised(meeting)}",
    )


@require_POST
@workspace_required
def agenda_publish(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    if not confirmed(request):
        cleared = [
            paper.title for paper in Paper.objects.filter(agenda_item__meeting=meeting, status=Paper.Status.CLEARED)
        ]
        return confirmation_page(
            request,
            title="Publish the agenda?",
            subject=f"The agenda of the {meeting.board} on {meeting.date:%-d %B %Y}.",
            consequences=[
                "The agenda goes on the public site and into the meeting's calendar entry; exempt items show only "
                "their title and the category of exemption.",
                *(f"The cleared paper “{title}” is published with it." for title in cleared),
                "The agenda, the public pack and the confidential pack are built in the background (a minute or "
                "two); the board's members are e-mailed when the pack is ready.",
                "From then on every change to the agenda is a recorded revision that rebuilds the documents.",
            ],
            confirm_label="Publish the agenda and build the packs",
            cancel_url=meeting.get_staff_url(),
            cancel_label="Cancel: keep the agenda unpublished",
        )
    return _run(
        request,
        meeting,
        lambda: services.publish_agenda(meeting=meeting, user=request.user),
        "Agenda published. The agenda and the packs are being built; their state shows below.",
    )


@require_POST
@workspace_required
def supplement_publish(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    return _run(
        request,
        meeting,
        lambda: services.publish_supplement(meeting=meeting, user=request.user),
        "Supplement published. The supplementary pack is being built and the main packs rebuilt.",
    )


@require_POST
@workspace_required
def build_retry(request, pk: int, build_pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    build = get_object_or_404(meeting.pack_builds, pk=build_pk)
    return _run(
        request,
        meeting,
        lambda: services.retry_pack_build(build=build, user=request.user),
        f"{build.label}: trying again.",
    )


@workspace_required
def build_status(request, pk: int):
    """The builds' states, polled by the meeting page so the secretary need not reload."""
    meeting = get_meeting_for_user(request, pk, manage)
    services.fail_stale_builds(meeting=meeting)
    return JsonResponse(
        {
            "builds": [
                {
                    "id": build.pk,
                    "label": build.label,
                    "status": build.status,
                    "status_display": build.get_status_display(),
                    "error": build.error,
                    "url": build.get_absolute_url() if build.status == PackBuild.Status.READY else "",
                    "pages": build.page_count,
                }
                for build in _latest_builds(meeting)
            ]
        }
    )


@workspace_required
def pack_file(request, pk: int, build_pk: int):
    meeting = get_meeting_for_user(request, pk)
    build = get_object_or_404(meeting.pack_builds.select_related("meeting__board"), pk=build_pk)
    if not permissions.can_view_pack(request.user, build) or build.status != PackBuild.Status.READY:
        raise PermissionDenied
    if build.is_confidential:
        record_download(request, DownloadRecord.Kind.CONFIDENTIAL_PACK, build, etag=build.sha256)
    return pdf_response(build.file, build.filename, request=request, sha256=build.sha256)


@workspace_required
def meeting_move(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        messages.error(request, f"The meeting is {meeting.get_status_display().lower()}: it cannot be moved.")
        return redirect(meeting.get_staff_url())
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(
                meeting=meeting,
                user=request.user,
                starts_at=form.starts_at(),
                reason=form.cleaned_data["reason"],
                location=form.cleaned_data["location"],
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting moved; the public page and calendars show the change.")
            return redirect(meeting.get_staff_url())
    return render(request, "boards/staff_meeting_form.html", {"form": form, "title": f"Move {meeting}"})


@require_POST
@workspace_required
def meeting_cancel(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    return _run(
        request,
        meeting,
        lambda: services.cancel_meeting(meeting=meeting, user=request.user, reason=request.POST.get("reason", "")),
        "Meeting cancelled; the public page and calendars show it.",
    )


@require_POST
@workspace_required
def meeting_held(request, pk: int):
    meeting = get_meeting_for_user(request, pk, manage)
    return _run(
        request,
        meeting,
        lambda: services.mark_meeting_held(meeting=meeting, user=request.user),
        "Meeting marked as held.",
    )
