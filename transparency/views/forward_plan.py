"""The forward plan of key decisions: the public plan, its entries, feed and CSV; the workspace's editor.

What the public sees is `ForwardPlanEntry.objects.public()` and its
narrower querysets (`on_plan`, `decided`, `withdrawn`); what a signed-in
user sees is `permissions.visible_forward_plan`. A withdrawn entry shows the
public its subject, its dates and the withdrawal notice, nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards import permissions as board_permissions
from boards.models import Board, Decision, Person
from boards.services.errors import TransitionError
from pcp_portal.api import csv_response
from pcp_portal.feeds import NOTHING_PUBLISHED, ConditionalFeed, Entry, StableAtom1Feed, entry_id, fingerprint
from pcp_portal.links import absolute
from pcp_portal.query import query_value
from pcp_portal.versions import EditConflict, last_saved

from .. import permissions
from ..forms_forward_plan import EntryForm, PublishForm, WithdrawForm
from ..models import FORWARD_PLAN_NOTICE_DAYS, DecisionNotice, ForwardPlanEntry
from ..services import forward_plan as services
from .staff import transparency_staff

RELATED = ("decision_maker", "board", "meeting__board", "contact_officer")


# Public


def _public_resolutions(entries, *, all_decided: bool = False) -> dict[int, dict]:
    """entry pk -> {"decided": ..., "notice": ..., "decision": ...}: whether the entry has left the plan
    (`ForwardPlanEntry.objects.decided()`) and, of its decision, only what the public may open (three queries;
    two for `entries` read from `decided()` already, `all_decided`)."""
    entries = list(entries)
    if all_decided:
        decided = {e.pk for e in entries}
    else:
        decided = set(
            ForwardPlanEntry.objects.decided().filter(pk__in=[e.pk for e in entries]).values_list("pk", flat=True)
        )
    notices = DecisionNotice.objects.public().in_bulk({e.notice_id for e in entries if e.notice_id})
    decisions = (
        Decision.objects.public()
        .select_related("recommendation__paper", "meeting__board")
        .in_bulk({e.board_decision_id for e in entries if e.board_decision_id})
    )
    return {
        e.pk: {
            "decided": e.pk in decided,
            "notice": notices.get(e.notice_id),
            "decision": decisions.get(e.board_decision_id),
        }
        for e in entries
    }


def _filter(request) -> dict:
    """The board or decision-maker the plan is shown for, and the choices (those with public entries)."""
    boards = Board.objects.filter(forward_plan_entries__in=ForwardPlanEntry.objects.public_text()).distinct()
    makers = Person.objects.filter(forward_plan_entries__in=ForwardPlanEntry.objects.public_text()).distinct()
    slug = query_value(request.GET, "board", 100)
    board = boards.filter(slug=slug).first() if slug else None
    maker = makers.filter(pk=request.GET.get("maker")).first() if request.GET.get("maker", "").isdigit() else None
    return {"boards": boards, "makers": makers, "board": board, "maker": None if board else maker}


def _filtered(queryset, filters: dict):
    if filters["board"]:
        return queryset.filter(board=filters["board"])
    if filters["maker"]:
        return queryset.filter(decision_maker=filters["maker"])
    return queryset


def forward_plan(request):
    filters = _filter(request)
    # On the plan and decided, in the plan's order, from one query (`on_plan()` and `decided()` split alike).
    public = list(_filtered(ForwardPlanEntry.objects.public_text_resolved().select_related(*RELATED), filters))
    on_plan = [entry for entry in public if not entry.resolved]
    decided = [entry for entry in public if entry.resolved]
    withdrawn = _filtered(ForwardPlanEntry.objects.withdrawn(), filters)
    resolutions = _public_resolutions(decided, all_decided=True)
    return render(
        request,
        "transparency/public_forward_plan.html",
        {
            "entries": on_plan,
            "decided": [(entry, resolutions[entry.pk]) for entry in decided],
            "withdrawn": withdrawn.order_by("-withdrawn_at", "-pk"),
            "notice_days": FORWARD_PLAN_NOTICE_DAYS,
            **filters,
        },
    )


def forward_plan_entry(request, pk: int):
    entry = get_object_or_404(ForwardPlanEntry.objects.public().select_related(*RELATED), pk=pk)
    resolution = _public_resolutions([entry])[entry.pk]
    return render(
        request,
        "transparency/public_forward_plan_entry.html",
        {"entry": entry, "resolution": resolution, "notice_days": FORWARD_PLAN_NOTICE_DAYS},
    )


class ForwardPlanFeed(ConditionalFeed):
    """Entries as they are published, newest first; a withdrawn entry shows only its withdrawal notice."""

    feed_type = StableAtom1Feed

    def title(self):
        return f"{settings.ORGANISATION_NAME}: forward plan of key decisions"

    def author_name(self):
        return settings.ORGANISATION_NAME

    def feed_extra_kwargs(self, obj):
        return {"empty_updated": NOTHING_PUBLISHED}

    def link(self):
        return reverse("transparency:forward_plan")

    limit = 50

    def version(self, request) -> tuple:
        """The entries, and who takes each decision as the feed names them (a person and post, or a board)."""
        entries = ForwardPlanEntry.objects.public()
        people = Person.objects.filter(pk__in=entries.values("decision_maker_id")).order_by("pk")
        boards = Board.objects.filter(pk__in=entries.values("board_id")).order_by("pk")
        return (
            fingerprint(entries, "updated_at"),
            tuple(people.values_list("pk", "name", "post_title")),
            tuple(boards.values_list("pk", "name")),
        )

    def items(self):
        return ForwardPlanEntry.objects.public().select_related(*RELATED).order_by("-published_at")[: self.limit]

    def item_title(self, entry):
        flag = "Withdrawn: " if entry.is_withdrawn else ("Late: " if entry.is_late else "")
        return f"{flag}{entry.subject}"

    def item_description(self, entry):
        if entry.is_withdrawn:
            return f"No longer expected. {entry.withdrawal_reason}"
        parts = [f"Decision expected on {entry.expected_on:%-d %B %Y} by {entry.taken_by}."]
        if entry.is_late:
            parts.append(f"Late entry. Reason: {entry.late_reason}")
        if entry.private:
            parts.append(f"Expected in private: {entry.private_reason}")
        parts.append(entry.description)
        return " ".join(part for part in parts if part)

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_guid(self, entry):
        published = Entry("", "", entry.published_at, "", "", key=f"forward-plan/{entry.pk}")
        return entry_id(published)

    item_guid_is_permalink = False

    def item_author_name(self, entry):
        return entry.taken_by or settings.ORGANISATION_NAME

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.withdrawn_at or entry.published_at


CSV_HEADER = [
    "subject",
    "description",
    "decision_maker",
    "board",
    "expected_on",
    "meeting",
    "in_private",
    "reason_in_private",
    "contact_officer",
    "contact_officer_post",
    "first_published",
    "late",
    "late_reason",
    "state",
    "withdrawn_on",
    "withdrawal_reason",
    "url",
]


def forward_plan_csv(request):
    entries = list(ForwardPlanEntry.objects.public().select_related(*RELATED).order_by("expected_on", "pk"))
    resolutions = _public_resolutions(entries)

    def row(entry):
        # Every row names its columns; a column it leaves out is blank (`CSV_HEADER` gives the order).
        cells = {
            "subject": entry.subject,
            "expected_on": f"{entry.expected_on:%Y-%m-%d}",
            "first_published": f"{entry.published_on:%Y-%m-%d}",
            "url": absolute(request, entry.get_absolute_url()),
        }
        if entry.is_withdrawn:
            # Its subject, its dates and the withdrawal notice: nothing else of it stays public.
            cells |= {
                "state": "withdrawn",
                "withdrawn_on": f"{timezone.localdate(entry.withdrawn_at):%Y-%m-%d}",
                "withdrawal_reason": entry.withdrawal_reason,
            }
        else:
            cells |= {
                "description": entry.description,
                "decision_maker": entry.decision_maker.name if entry.decision_maker else "",
                "board": entry.board.name if entry.board else "",
                "meeting": str(entry.meeting) if entry.meeting else "",
                "in_private": "yes" if entry.private else "no",
                "reason_in_private": entry.private_reason,
                "contact_officer": entry.contact_officer.name,
                "contact_officer_post": entry.contact_officer.post_title,
                "late": "yes" if entry.is_late else "no",
                "late_reason": entry.late_reason if entry.is_late else "",
                "state": "decided" if resolutions[entry.pk]["decided"] else "on the plan",
            }
        return [cells.get(column, "") for column in CSV_HEADER]

    return csv_response("forward-plan.csv", CSV_HEADER, (row(entry) for entry in entries))


def meeting_panel(request, *, meeting) -> str:
    """The key decisions expected at a meeting, on its public page (a `pcp_portal.panels` panel)."""
    if not ForwardPlanEntry.objects.filter(meeting=meeting).exists():
        return ""  # most meetings: one plain look-up instead of building the plan's whole rule
    entries = list(ForwardPlanEntry.objects.on_plan().filter(meeting=meeting).select_related(*RELATED))
    if not entries:
        return ""
    return render_to_string(
        "transparency/_forward_plan_meeting_panel.html",
        {"entries": entries, "notice_days": FORWARD_PLAN_NOTICE_DAYS},
        request=request,
    )


# Workspace


def _entry_for_user(request, pk: int, check=None) -> ForwardPlanEntry:
    """The entry if `request.user` may see it (else 404) and pass `check` (else 403)."""
    entry = get_object_or_404(
        permissions.visible_forward_plan(request.user).select_related(*RELATED, "notice", "created_by"), pk=pk
    )
    if check is not None and not check(request.user, entry):
        raise PermissionDenied("You cannot do that to this entry.")
    return entry


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal beside the field it names, or above the form when the form has no such field."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@transparency_staff
def staff_forward_plan(request):
    entries = permissions.visible_forward_plan(request.user).select_related(*RELATED)
    return render(
        request,
        "transparency/staff_forward_plan.html",
        {
            "entries": entries,
            "can_create": permissions.can_manage_forward_plan(request.user),
            "today": timezone.localdate(),
            "notice_days": FORWARD_PLAN_NOTICE_DAYS,
        },
    )


@transparency_staff
def staff_forward_plan_create(request):
    if not permissions.can_manage_forward_plan(request.user):
        raise PermissionDenied("Only the office's authors and the board secretary keep the forward plan.")
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.create_entry(user=request.user, **form.changes())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Entry saved as a draft. The public sees it once it is published.")
            return redirect(entry.get_staff_url())
    return render(request, "transparency/staff_forward_plan_form.html", {"form": form, "entry": None})


def _conflict_message(conflict: EditConflict) -> str:
    who, when = last_saved(conflict.current)
    return (
        f"Not saved: {who} saved this entry ({when}) while you were editing. Your text is still in the form "
        "below. Open the entry in a new tab to see their changes, then copy yours across and save again."
    )


@transparency_staff
def staff_forward_plan_edit(request, pk: int):
    entry = _entry_for_user(request, pk, permissions.can_edit_forward_plan_entry)
    form = EntryForm(request.POST or None, instance=entry)
    status = 200
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data["expected_version"] or 0
        try:
            services.save_entry(entry=entry, user=request.user, expected_version=expected, **form.changes())
        except EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
            status = 409
        except ValidationError as error:
            _add_errors(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Entry saved.")
            return redirect(entry.get_staff_url())
    # The form read its instance's stored values before validation changed it: show the entry as stored.
    stored = ForwardPlanEntry.objects.get(pk=entry.pk)
    return render(request, "transparency/staff_forward_plan_form.html", {"form": form, "entry": stored}, status=status)


def _history(entry: ForwardPlanEntry) -> list[dict]:
    """Every saved state, newest first, with who, when, why and which fields changed from what to what."""
    records = list(entry.history.order_by("history_date", "history_id").select_related("history_user"))
    related = {}
    for field in ForwardPlanEntry._meta.concrete_fields:
        if isinstance(field, ForeignKey) and field.name != "created_by":
            ids = {getattr(r, field.attname) for r in records} - {None}
            related[field.attname] = field.related_model.objects.in_bulk(ids)
    rows, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous, excluded_fields=["version", "created_by"]).changes:
                field = ForwardPlanEntry._meta.get_field(change.field)
                lookup = related.get(field.attname)
                old, new = change.old, change.new
                if lookup is not None:
                    old, new = lookup.get(old, old), lookup.get(new, new)
                changes.append({"label": field.verbose_name, "old": old, "new": new})
        rows.append({"record": record, "changes": changes})
        previous = record
    return rows[::-1]


def _entry_page(request, entry: ForwardPlanEntry, *, publish_form=None, withdraw_form=None, status=200):
    actions = permissions.forward_plan_entry_actions(request.user, entry)
    return render(
        request,
        "transparency/staff_forward_plan_entry.html",
        {
            "entry": entry,
            "actions": actions,
            "publish_form": publish_form or (PublishForm(entry=entry) if actions["publish"] else None),
            "withdraw_form": withdraw_form or (WithdrawForm() if actions["withdraw"] else None),
            "resolution": _public_resolutions([entry])[entry.pk],
            # The meeting's workspace page only for those who may open it (its board's members and the office).
            "meeting_url": entry.meeting
            and (
                entry.meeting.get_staff_url()
                if board_permissions.can_view_meeting(request.user, entry.meeting)
                else entry.meeting.get_absolute_url()
            ),
            "history": _history(entry),
            "notice_days": FORWARD_PLAN_NOTICE_DAYS,
        },
        status=status,
    )


@transparency_staff
def staff_forward_plan_entry(request, pk: int):
    return _entry_page(request, _entry_for_user(request, pk))


@require_POST
@transparency_staff
def staff_forward_plan_publish(request, pk: int):
    entry = _entry_for_user(request, pk, permissions.can_publish_forward_plan_entry)
    form = PublishForm(request.POST, entry=entry)
    if form.is_valid():
        try:
            services.publish_entry(entry=entry, user=request.user, late_reason=form.cleaned_data["late_reason"])
        except ValidationError as error:
            _add_errors(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            late = " It is marked Late, with your reason." if entry.is_late else ""
            messages.success(request, f"Entry published on the forward plan.{late}")
            return redirect(entry.get_staff_url())
    return _entry_page(request, entry, publish_form=form, status=400)


@require_POST
@transparency_staff
def staff_forward_plan_withdraw(request, pk: int):
    entry = _entry_for_user(request, pk, permissions.can_withdraw_forward_plan_entry)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_entry(entry=entry, user=request.user, reason=form.cleaned_data["withdrawal_reason"])
        except ValidationError as error:
            _add_errors(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            shown = " The public sees the reason." if entry.published_at else ""
            messages.success(request, f"Entry withdrawn.{shown}")
            return redirect(entry.get_staff_url())
    return _entry_page(request, entry, withdraw_form=form, status=400)
