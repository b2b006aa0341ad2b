"""Minutes in the workspace (draft to published) and for the public."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.audit import record_download
from accounts.models import DownloadRecord
from boards.models import Board, Meeting, Person
from boards.views.access import get_meeting_for_user, workspace_required
from boards.views.moved import follow_moved_meeting
from pcp_portal.access import pdf_response
from pcp_portal.confirm import confirmation_page, confirmed
from pcp_portal.paging import paginate
from pcp_portal.panels import render_panels
from pcp_portal.versions import claim_version

from . import checks, permissions, services, stats
from .document import build_minutes, rows_read, signed_on
from .forms import (
    ActionFormSetFactory,
    ActionUpdateForm,
    ApproveForm,
    AttendanceFormSetFactory,
    DeclarationFormSetFactory,
    MinuteItemFormSetFactory,
    MinutesForm,
    SharedChoices,
)
from .models import Action, Attendance, Minutes

T = TypeVar("T")

S = Minutes.Status


def get_minutes_for_user(request, pk: int, check=None) -> Minutes:
    minutes = get_object_or_404(
        permissions.visible_minutes(request.user).select_related(
            "meeting__board", "meeting__chaired_by", "signed_by", "approved_at"
        ),
        pk=pk,
    )
    if check is not None and not check(request.user, minutes):
        raise PermissionDenied
    return minutes


@workspace_required
def minutes_list(request):
    user = request.user
    minutes = permissions.visible_minutes(user).select_related("meeting__board")
    awaiting = []
    if permissions.can_draft_minutes(user):
        awaiting = list(
            Meeting.objects.filter(status=Meeting.Status.HELD, minutes__isnull=True)
            .select_related("board")
            .order_by("-starts_at")[:50]
        )
    page, query = paginate(request, minutes, 25)
    return render(request, "minutes/staff_list.html", {"page": page, "query": query, "awaiting": awaiting})


@require_POST
@workspace_required
def minutes_start(request, meeting_pk: int):
    meeting = get_meeting_for_user(request, meeting_pk)
    if not permissions.can_draft_minutes(request.user):
        raise PermissionDenied
    try:
        minutes = services.start_minutes(meeting=meeting, user=request.user)
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(meeting.get_staff_url())
    messages.success(request, "Draft minutes started from the meeting: attendance, items and decisions are filled in.")
    return redirect("minutes:staff_minutes_edit", minutes.pk)


def _formsets(request, minutes: Minutes):
    """The editor's formsets. Their rows are read as the minutes' document reads them (`rows_read`), so that an
    unbound page can lend them to the document its checks build (`_lent`); the item rows are also the
    choices of the declarations' and actions' item selects."""
    data = request.POST if request.method == "POST" else None
    adding = request.GET.get("add")

    def make(factory, prefix, **kwargs):
        if data is None and adding == prefix:
            factory = type(factory.__name__, (factory,), {"extra": 1})
        return factory(data, instance=minutes, prefix=prefix, queryset=rows_read(prefix), **kwargs)

    shared = SharedChoices()
    items = make(MinuteItemFormSetFactory, "items", form_kwargs={"shared": shared})
    in_rows = {"minutes": minutes, "shared": shared, "items": items.get_queryset()}
    return {
        "attendance": make(
            AttendanceFormSetFactory,
            "attendance",
            form_kwargs={"minutes": minutes, "members": checks.board_members(minutes), "shared": shared},
        ),
        "items": items,
        "declarations": make(DeclarationFormSetFactory, "declarations", form_kwargs=in_rows),
        "actions": make(ActionFormSetFactory, "actions", form_kwargs=in_rows),
    }


def _lent(formsets) -> dict:
    """The rows the editor's unbound formsets have read, by kind, for the checks' document. A bound formset
    lends nothing: its rows hold what was typed, not what is saved."""
    return {name: formset.get_queryset() for name, formset in formsets.items() if not formset.is_bound}


def _check_people(formsets) -> bool:
    """Nobody recorded as away may introduce a report or declare an interest; errors go beside the field."""
    states = formsets["attendance"].states
    away = {pk for pk, state in states.items() if state in (Attendance.State.APOLOGIES, Attendance.State.ABSENT)}
    ok = True
    for form in formsets["items"].forms:
        person = form.cleaned_data.get("introduced_by")
        if person and person.pk in away:
            form.add_error("introduced_by", f"{person} is recorded as not present, so cannot introduce the report.")
            ok = False
    for form in formsets["declarations"].forms:
        data = getattr(form, "cleaned_data", {})
        person = data.get("person")
        if person and not data.get("DELETE") and person.pk in away:
            form.add_error("person", f"{person} is recorded as not present, so cannot declare an interest.")
            ok = False
    return ok


@workspace_required
def minutes_edit(request, pk: int):
    minutes = get_minutes_for_user(request, pk)
    if not permissions.can_edit_minutes(request.user, minutes):
        if permissions.can_draft_minutes(request.user):
            raise PermissionDenied(
                f"Minutes are edited only as a draft; these are now “{minutes.get_status_display()}”."
            )
        raise PermissionDenied
    form = MinutesForm(request.POST or None, instance=minutes)
    formsets = _formsets(request, minutes)
    if request.method == "POST":
        valid = form.is_valid() and all(fs.is_valid() for fs in formsets.values()) and _check_people(formsets)
        if valid:
            try:
                with transaction.atomic():
                    claim_version(minutes, form.cleaned_data["expected_version"] or 0)
                    form.save()
                    for name, formset in formsets.items():
                        _save(formset, minutes, name)
            except services.EditConflict:
                form.add_error(
                    None,
                    "Not saved: someone saved these minutes while you were editing. Your text is still below; "
                    "open the minutes in a new tab, then copy your changes across and save again.",
                )
            else:
                messages.success(request, "Minutes saved.")
                if request.POST.get("longer_initials"):
                    _use_longer_initials(request, minutes, request.POST["longer_initials"])
                    return redirect("minutes:staff_minutes_edit", minutes.pk)
                adding = next((name for name in formsets if f"add_{name}" in request.POST), None)
                if adding:
                    return redirect(reverse("minutes:staff_minutes_edit", args=[minutes.pk]) + f"?add={adding}")
                return redirect(minutes.get_staff_url())
        else:
            messages.error(request, "The minutes were not saved. Correct the fields marked below.")
    return render(
        request,
        "minutes/staff_edit.html",
        {
            "minutes": minutes,
            "form": form,
            "formsets": formsets,
            **_checks(request, minutes, members=formsets["attendance"].form_kwargs["members"], lent=_lent(formsets)),
        },
    )


def _checks(request, minutes: Minutes, *, members: set[int] | None = None, document=None, lent=None) -> dict:
    """The checks' problems while the minutes are a draft (office staff only), and the longer initials offered.
    `members`, `document` and `lent`: as `checks.review` takes them."""
    if minutes.status not in (S.DRAFT, S.SUBMITTED) or not permissions.can_see_minutes_checks(request.user, minutes):
        return {"checks": [], "clashes": []}
    review = checks.review(minutes, members=members, document=document, lent=lent)
    return {
        "checks": review.problems,
        "clashes": review.clashes if permissions.can_edit_minutes(request.user, minutes) else [],
    }


def _use_longer_initials(request, minutes: Minutes, initials: str) -> None:
    try:
        saved = services.use_longer_initials(minutes=minutes, user=request.user, initials=initials)
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        used = ", ".join(f"{longer.initials} for {longer.person}" for longer in saved)
        messages.success(request, f"These minutes now use {used}. Write them so in the text too.")


@require_POST
@workspace_required
def minutes_longer_initials(request, pk: int):
    minutes = get_minutes_for_user(request, pk, permissions.can_edit_minutes)
    _use_longer_initials(request, minutes, request.POST.get("initials", ""))
    return redirect(minutes.get_staff_url())


def _save(formset, minutes: Minutes, name: str) -> None:
    objects = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for obj in objects:
        if name == "actions":
            obj.board = minutes.meeting.board
            if not obj.reference:
                obj.reference = services.next_action_reference(obj.board, minutes.meeting.date.year)
        obj.save()


def _problems(minutes: Minutes) -> list[str]:
    """Who chaired, until the minutes are signed (the checks before clearing are listed apart)."""
    if minutes.is_frozen:
        return []
    return [problem for problem in [permissions.signing_problem(minutes)] if problem]


@workspace_required
def minutes_detail(request, pk: int):
    return _detail(request, get_minutes_for_user(request, pk))


def _detail(request, minutes: Minutes, *, approve_form: ApproveForm | None = None):
    """The minutes' workspace page; a refused approval comes back with its errors beside the fields."""
    if approve_form is None and permissions.can_approve_minutes(request.user, minutes):
        approve_form = ApproveForm(minutes=minutes)
    document = build_minutes(minutes, confidential=True)
    return render(
        request,
        "minutes/staff_detail.html",
        {
            "minutes": minutes,
            "document": document,
            "actions": permissions.minutes_actions(request.user, minutes),
            "sign_problem": permissions.signer_problem(request.user, minutes)
            if permissions.may_try_signing(request.user, minutes)
            else "",
            "problems": _problems(minutes),
            **_checks(request, minutes, document=document),
            "approve_form": approve_form,
            "events": permissions.visible_minutes_events(request.user, minutes),
            "corrections": minutes.corrections.all(),
            "signed_on": signed_on(minutes),
            "panels": render_panels("staff_minutes", request, minutes=minutes),
        },
    )


@workspace_required
def minutes_pdf(request, pk: int):
    """Members and staff: the full (confidential) minutes, marked DRAFT until approved."""
    minutes = get_minutes_for_user(request, pk)
    rendered = services.render_minutes_pdf(minutes, confidential=True)
    record_download(request, DownloadRecord.Kind.CONFIDENTIAL_MINUTES, minutes)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{minutes.meeting.board.short_name.lower()}-{minutes.meeting.slug}-minutes-confidential.pdf"'
    )
    return response


def attempt(
    request,
    action: Callable[[], T],
    success: str | Callable[[T], str],
    *,
    refused: str = "",
    caution: Callable[[T], str] | None = None,
) -> None:
    """Run one recorded step of the minutes or the meeting, and say in the messages what it did, or why not:
    the checks' problems as a count (the page lists them), any other refusal in its own words. `caution`, if it
    says anything of what was done, is said instead of `success`, as a warning."""
    try:
        done = action()
    except services.ProblemsRemain as error:
        messages.error(
            request, f"The minutes were not {refused}: {len(error.problems)} to put right first, listed on this page."
        )
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        warning = caution(done) if caution else ""
        if warning:
            messages.warning(request, warning)
        else:
            messages.success(request, success(done) if callable(success) else success)


def _step(request, pk, check, action, success, refused: str = "cleared"):
    minutes = get_minutes_for_user(request, pk, check)
    attempt(request, lambda: action(minutes), success, refused=refused)
    return redirect(minutes.get_staff_url())


@require_POST
@workspace_required
def minutes_submit(request, pk):
    return _step(
        request,
        pk,
        permissions.can_submit_minutes,
        lambda m: services.submit_minutes(minutes=m, user=request.user),
        "Minutes submitted for clearance. The reviewers have been told.",
        refused="submitted",
    )


@require_POST
@workspace_required
def minutes_clear(request, pk):
    return _step(
        request,
        pk,
        permissions.can_clear_minutes,
        lambda m: services.clear_minutes(minutes=m, user=request.user, comment=request.POST.get("comment", "")),
        "Minutes cleared for circulation.",
    )


@require_POST
@workspace_required
def minutes_return(request, pk):
    return _step(
        request,
        pk,
        permissions.can_return_minutes,
        lambda m: services.return_minutes(minutes=m, user=request.user, comment=request.POST.get("comment", "")),
        "Minutes returned to draft.",
    )


@require_POST
@workspace_required
def minutes_circulate(request, pk):
    return _step(
        request,
        pk,
        permissions.can_circulate_minutes,
        lambda m: services.circulate_minutes(minutes=m, user=request.user),
        "Draft minutes circulated to the board's members.",
    )


@require_POST
@workspace_required
def minutes_approve(request, pk):
    minutes = get_minutes_for_user(request, pk)
    if not permissions.can_approve_minutes(request.user, minutes):
        if permissions.can_draft_minutes(request.user) and minutes.is_approved:
            messages.error(request, "These minutes are already approved as a correct record.")
            return redirect(minutes.get_staff_url())
        raise PermissionDenied
    form = ApproveForm(request.POST, minutes=minutes)
    if not form.is_valid():
        messages.error(request, "The approval was not recorded: see the reason below.")
        return _detail(request, minutes, approve_form=form)
    return _step(
        request,
        pk,
        permissions.can_approve_minutes,
        lambda m: services.approve_minutes(minutes=m, user=request.user, **form.cleaned_data),
        "Approval recorded; the chair can now sign the minutes.",
    )


@require_POST
@workspace_required
def minutes_sign(request, pk):
    minutes = get_minutes_for_user(request, pk)
    if not permissions.may_try_signing(request.user, minutes):
        raise PermissionDenied("Only the person who chaired the meeting signs its minutes.")
    if not confirmed(request):
        meeting = minutes.meeting
        return confirmation_page(
            request,
            title="Sign these minutes?",
            subject=f"The minutes of the {meeting.board} on {meeting.date:%-d %B %Y}, as a correct record.",
            consequences=[
                "Your name and today's date are recorded as the signature.",
                "The minutes are frozen: their signed PDF is made once and stored, and any later change is a "
                "correction note beside them.",
                "The secretary can then publish them.",
            ],
            confirm_label="Sign the minutes",
            cancel_url=minutes.get_staff_url(),
            cancel_label="Cancel: leave them unsigned",
        )
    return _step(
        request,
        pk,
        None,
        lambda m: services.sign_minutes(minutes=m, user=request.user),
        "Minutes signed. They are now frozen: a later correction is a correction note.",
    )


@require_POST
@workspace_required
def minutes_publish(request, pk):
    return _step(
        request,
        pk,
        permissions.can_publish_minutes,
        lambda m: services.publish_minutes(minutes=m, user=request.user),
        "Minutes published.",
    )


@require_POST
@workspace_required
def minutes_correct(request, pk):
    return _step(
        request,
        pk,
        permissions.can_correct_minutes,
        lambda m: services.add_correction(minutes=m, user=request.user, text=request.POST.get("text", "")),
        "Correction recorded; it is shown beside the minutes.",
    )


@workspace_required
def action_list(request):
    """The actions a person owns across boards; the secretary sees every open one."""
    person = Person.objects.filter(user=request.user).first()
    mine = Action.objects.filter(owner=person).select_related("board", "owner") if person else Action.objects.none()
    everyone = (
        Action.objects.open().select_related("board", "owner")
        if permissions.can_draft_minutes(request.user)
        else Action.objects.none()
    )
    return render(
        request,
        "minutes/staff_actions.html",
        {
            "mine": list(mine.order_by("status", "due_on")),
            "everyone": list(everyone.order_by("due_on")),
            "form": ActionUpdateForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@workspace_required
def action_update(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    if not permissions.can_update_action(request.user, action):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.update_action(action=action, user=request.user, **form.cleaned_data)
        except services.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Action {action.reference} updated.")
    return redirect("minutes:staff_actions")


# The public


#: What the public page and PDF read of the minutes, their meeting, board and chairs, and no more: the three
#: joined tables hold 30 other columns, and Django builds each column of a query anew for every request.
PUBLIC_MINUTES = (
    *("status", "next_meeting", "signed_at", "published_at", "pdf", "pdf_sha256", "imported_at"),
    *("printed_numbers", "initials_key", "signed_by__name"),
    *("meeting__starts_at", "meeting__slug", "meeting__location", "meeting__chaired_by__name"),
    *("meeting__board__name", "meeting__board__short_name", "meeting__board__slug"),
)


def _public_minutes(board_slug: str, meeting_slug: str) -> Minutes:
    return get_object_or_404(
        Minutes.objects.public()
        .select_related("meeting__board", "meeting__chaired_by", "signed_by")
        .only(*PUBLIC_MINUTES),
        meeting__board__slug=board_slug,
        meeting__slug=meeting_slug,
    )


@follow_moved_meeting
def public_minutes(request, board_slug: str, meeting_slug: str):
    minutes = _public_minutes(board_slug, meeting_slug)
    return render(
        request,
        "minutes/public_minutes.html",
        {
            "minutes": minutes,
            "document": build_minutes(minutes, confidential=False),
            "corrections": minutes.corrections.all(),
            "signed_on": signed_on(minutes),
            # Imported minutes' original file, from `archive`, which this app must not import.
            "panels": render_panels("minutes", request, minutes=minutes),
        },
    )


@follow_moved_meeting
def public_minutes_pdf(request, board_slug: str, meeting_slug: str):
    minutes = _public_minutes(board_slug, meeting_slug)
    if not minutes.pdf_sha256:
        raise Http404
    return pdf_response(
        minutes.pdf,
        f"{minutes.meeting.board.short_name}-{minutes.meeting.slug}-minutes.pdf".lower(),
        request=request,
        sha256=minutes.pdf_sha256,
        public=True,
    )


def board_minutes(request, slug: str):
    """A board's published minutes, newest first, by year if one is chosen (an imported archive spans many)."""
    board = get_object_or_404(Board, slug=slug)
    minutes = Minutes.objects.public().filter(meeting__board=board).select_related("meeting__board")
    years = [d.year for d in minutes.dates("meeting__starts_at", "year", order="DESC")]
    year = _year(request)
    if year:
        minutes = minutes.filter(meeting__starts_at__year=year)
    page, query = paginate(request, minutes, 25)
    return render(
        request,
        "minutes/public_board_minutes.html",
        {"board": board, "page": page, "query": query, "years": years, "year": year},
    )


def _year(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 1900 < year < 2200 else None


def meeting_panel(request, *, meeting: Meeting) -> str:
    """The minutes and actions on the public meeting page (a `pcp_portal.panels` panel)."""
    # A meeting has one set of minutes: no order to sort by (the model's would join the meeting again), and only
    # what the panel shows of them.
    minutes = Minutes.objects.public().filter(meeting=meeting).order_by().only("signed_at", "pdf_sha256").first()
    if minutes is not None:
        minutes.meeting = meeting  # read with its board: the minutes' address needs both
    actions = list(Action.objects.public().filter(raised_at=minutes).select_related("owner")) if minutes else []
    return render_to_string(
        "minutes/_meeting_panel.html", {"minutes": minutes, "actions": actions, "meeting": meeting}, request=request
    )


def staff_meeting_panel(request, *, meeting: Meeting) -> str:
    """The minutes on the meeting's workspace page: their state, or the button to start them."""
    minutes = permissions.visible_minutes(request.user).filter(meeting=meeting).first()
    can_start = (
        minutes is None
        and meeting.status == Meeting.Status.HELD
        and permissions.can_draft_minutes(request.user)
        and not Minutes.objects.filter(meeting=meeting).exists()
    )
    return render_to_string(
        "minutes/_staff_meeting_panel.html",
        {"minutes": minutes, "can_start": can_start, "meeting": meeting},
        request=request,
    )


def board_panel(request, *, board: Board) -> str:
    """The board's published minutes and its members' attendance from them, on the public board page."""
    published = Minutes.objects.public()
    context = {
        **stats.board_attendance(board, published, request.GET.get("year", "")),
        # A link a meeting: of the minutes' 18 columns and their meeting's and board's 23, these.
        "published": list(
            published.filter(meeting__board=board)
            .select_related("meeting__board")
            .only("meeting__starts_at", "meeting__slug", "meeting__board__slug")[:20]
        ),
    }
    return render_to_string("minutes/_board_panel.html", context, request=request)
