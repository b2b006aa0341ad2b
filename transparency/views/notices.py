"""The workspace's decision notices: list, draft and edit, the steps of the workflow, PDF, documents, history."""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards.forms import ReasonForm
from boards.services.errors import EditConflict, TransitionError
from pcp_portal.access import pdf_response
from pcp_portal.paging import paginate
from pcp_portal.pdf import MissingResource
from pcp_portal.versions import last_saved

from .. import permissions
from ..forms import NoticeDocumentForm, NoticeForm, NoticePublishForm
from ..models import DecisionNotice, NoticeEvent
from ..notice_document import notice_context, pdf_filename, render_notice_pdf
from ..services import notices as services
from .staff import transparency_staff

S = DecisionNotice.Status
logger = logging.getLogger(__name__)


def get_notice_for_user(request, pk: int, check=None) -> DecisionNotice:
    """The notice if `request.user` may open it (else 404) and pass `check` (else 403)."""
    notice = get_object_or_404(
        permissions.visible_notices(request.user).select_related(
            "decision_maker", "financial_adviser", "legal_adviser", "equality_adviser", "paper", "created_by"
        ),
        pk=pk,
    )
    if check is not None and not check(request.user, notice):
        raise PermissionDenied("That step is not yours to take on this notice now.")
    return notice


@transparency_staff
def staff_notice_list(request):
    notices = permissions.visible_notices(request.user).select_related("decision_maker")
    status = request.GET.get("status", "")
    if status in S.values:
        notices = notices.filter(status=status)
    years = list(
        permissions.visible_notices(request.user)
        .order_by("-reference_year")
        .values_list("reference_year", flat=True)
        .distinct()
    )
    year = request.GET.get("year", "")
    if year.isdigit() and int(year) in years:
        notices = notices.filter(reference_year=int(year))
    else:
        year = ""
    page, query = paginate(request, notices, 25)
    return render(
        request,
        "transparency/staff_notice_list.html",
        {
            "page": page,
            "query": query,
            "statuses": S.choices,
            "status": status,
            "years": years,
            "year": year,
            "can_create": permissions.can_create_notice(request.user),
        },
    )


def _conflict_message(conflict: EditConflict) -> str:
    who, when = last_saved(conflict.current)
    return (
        f"Not saved: {who} saved a newer version of this notice ({when}) while you were editing. "
        "Your text is still in the form below. Open the notice in a new tab to see their changes, "
        "then copy yours across and save again."
    )


def _editor(request, notice: DecisionNotice | None):
    creating = notice is None
    form = NoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        try:
            if creating:
                saved = services.create_notice(user=request.user, **form.service_fields())
            else:
                saved = services.save_notice(
                    notice=notice,
                    user=request.user,
                    expected_version=form.cleaned_data["expected_version"] or 0,
                    **form.service_fields(),
                )
        except EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved decision notice {saved.reference}.")
            return redirect("transparency:staff_notice", saved.pk)
    if request.method == "POST" and form.errors:
        messages.error(request, "The notice was not saved. Correct the fields marked below.")
    return render(
        request,
        "transparency/staff_notice_form.html",
        {"form": form, "notice": notice, "creating": creating},
    )


@transparency_staff
def notice_create(request):
    if not permissions.can_create_notice(request.user):
        raise PermissionDenied("Only the office's authors and the board secretary draft decision notices.")
    return _editor(request, None)


@transparency_staff
def notice_edit(request, pk: int):
    return _editor(request, get_notice_for_user(request, pk, permissions.can_edit_notice))


#: The comment of each step that takes one, with one label whether or not the form comes back with an error.
REASON_LABELS = {"return": "Why it goes back", "finance": "Comment (optional)", "legal": "Comment (optional)"}


def _reason_form(step: str, data=None) -> ReasonForm:
    return ReasonForm(data, prefix=step, label=REASON_LABELS[step], required=step == "return")


def _notice_page(request, notice: DecisionNotice, *, publish_form=None, reason_forms=None, document_form=None):
    actions = permissions.notice_actions(request.user, notice)
    context = notice_context(notice, draft=notice.status in (S.DRAFT, S.ADVISED))
    reason_forms = reason_forms or {}
    context.update(
        {
            "actions": actions,
            "events": _labelled(notice.events.select_related("actor").order_by("at", "pk")),
            "documents": list(notice.documents.all()),
            "publish_form": publish_form or NoticePublishForm(),
            **{f"{step}_form": reason_forms.get(step) or _reason_form(step) for step in ("return", "finance", "legal")},
            "document_form": document_form or NoticeDocumentForm(),
            "is_public": DecisionNotice.objects.public().filter(pk=notice.pk).exists(),
        }
    )
    return render(request, "transparency/staff_notice.html", context)


def _labelled(events) -> list:
    """The steps with their names as people read them ("Legal advice signed off")."""
    events = list(events)
    for event in events:
        event.label = NoticeEvent.Action(event.action).label
    return events


@transparency_staff
def staff_notice(request, pk: int):
    return _notice_page(request, get_notice_for_user(request, pk))


STEPS = {
    "finance": (permissions.can_sign_off_finance, "Financial advice signed off."),
    "legal": (permissions.can_sign_off_legal, "Legal advice signed off."),
    "return": (permissions.can_return_notice, "Returned to draft; the advice is to be given again."),
    "sign": (permissions.can_sign_notice, "Signed. The PDF is made and stored."),
    "publish": (permissions.can_publish_notice, ""),
    "release": (permissions.can_release_notice, "Published now, before the date it was held until."),
}


def _seen_version(request) -> int | None:
    """The notice's version as the page showed it when the step's form was opened."""
    version = request.POST.get("version", "")
    return int(version) if version.isascii() and version.isdigit() and len(version) < 10 else None


def _changed_meanwhile(request, notice: DecisionNotice) -> bool:
    """When the notice's state is not the one the page showed, say what happened since (a lost race); else False."""
    seen = request.POST.get("status", "")
    if not seen or seen == notice.status:
        return False
    event = notice.events.select_related("actor").order_by("-at", "-pk").first()
    happened = ""
    if event is not None:
        who = (event.actor.get_full_name() or event.actor.username) if event.actor else "the scheduled task"
        when = date_filter(timezone.localtime(event.at), "j F Y, H:i")
        happened = f": {NoticeEvent.Action(event.action).label.lower()} by {who} ({when})"
    messages.error(
        request,
        f"Nothing was recorded: the notice changed since you opened it{happened}. "
        f"It is now “{notice.get_status_display()}”.",
    )
    return True


@require_POST
@transparency_staff
def notice_step(request, pk: int, step: str):
    """One step of the workflow; the service checks again, under lock, and records it."""
    if step not in STEPS:
        raise Http404("No such step.")
    allowed, done = STEPS[step]
    notice = get_notice_for_user(request, pk)
    user = request.user
    if not allowed(user, notice):
        if _changed_meanwhile(request, notice):
            return redirect("transparency:staff_notice", notice.pk)
        raise PermissionDenied("That step is not yours to take on this notice now.")
    seen = _seen_version(request)
    if seen is None and step in ("finance", "legal", "sign"):
        messages.error(request, "Nothing was recorded: the form did not say which version you read. Read it again.")
        return redirect("transparency:staff_notice", notice.pk)
    try:
        if step in ("finance", "legal", "return"):
            form = _reason_form(step, request.POST)
            if not form.is_valid():
                messages.error(request, "Nothing was recorded. Correct the field marked below.")
                return _notice_page(request, notice, reason_forms={step: form})
            comment = form.cleaned_data["comment"]
            if step == "finance":
                services.sign_off_finance(notice=notice, user=user, comment=comment, expected_version=seen)
            elif step == "legal":
                services.sign_off_legal(notice=notice, user=user, comment=comment, expected_version=seen)
            else:
                services.return_notice(notice=notice, user=user, comment=comment)
        elif step == "sign":
            services.sign_notice(notice=notice, user=user, expected_version=seen)
        elif step == "publish":
            form = NoticePublishForm(request.POST)
            if not form.is_valid():
                messages.error(request, "The notice was not published. Correct the fields marked below.")
                return _notice_page(request, notice, publish_form=form)
            hold_until = form.cleaned_data["hold_until"]
            services.publish_notice(
                notice=notice, user=user, hold_until=hold_until, hold_reason=form.cleaned_data["hold_reason"]
            )
            if hold_until:
                when = date_filter(timezone.localtime(hold_until), "j F Y, H:i")
                done = f"Held back from publication until {when}; it is published automatically then."
            else:
                done = "Published."
        else:
            services.release_notice(notice=notice, user=user)
    except TransitionError as error:
        notice.refresh_from_db()
        if not _changed_meanwhile(request, notice):
            messages.error(request, str(error))
    except Exception:
        if step != "sign":
            raise
        logger.exception("Decision notice %s could not be signed", notice.pk)
        # A render failure leaves the notice advised (the transaction rolled back); say so, keep the page.
        messages.error(request, "The notice was not signed: its PDF could not be made. Try again, or tell the office.")
    else:
        messages.success(request, done)
    return redirect("transparency:staff_notice", notice.pk)


@transparency_staff
def staff_notice_pdf(request, pk: int):
    """The stored PDF once signed; before that, a draft rendered now (never the confidential part either way)."""
    notice = get_notice_for_user(request, pk)
    if notice.pdf_sha256:
        return pdf_response(notice.pdf, pdf_filename(notice), request=request, sha256=notice.pdf_sha256)
    try:
        rendered = render_notice_pdf(notice, draft=True)
    except MissingResource as exc:
        messages.error(request, f"The PDF cannot be made: {exc}.")
        return redirect("transparency:staff_notice", notice.pk)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-{pdf_filename(notice)}"'
    return response


@require_POST
@transparency_staff
def notice_document_upload(request, pk: int):
    notice = get_notice_for_user(request, pk, permissions.can_edit_notice)
    form = NoticeDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "The document was not added. Correct the fields marked below.")
        return _notice_page(request, notice, document_form=form)
    try:
        with transaction.atomic():
            document = services.add_document(
                notice=notice,
                user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                sha256=form.pdf_facts["sha256"],
                confidential=form.cleaned_data["confidential"],
            )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Added “{document.title}”.")
    return redirect("transparency:staff_notice", notice.pk)


@require_POST
@transparency_staff
def notice_document_remove(request, pk: int, document_pk: int):
    notice = get_notice_for_user(request, pk, permissions.can_edit_notice)
    document = get_object_or_404(notice.documents, pk=document_pk)
    try:
        services.remove_document(notice=notice, user=request.user, document=document)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed “{document.title}”.")
    return redirect("transparency:staff_notice", notice.pk)


@transparency_staff
def staff_notice_document(request, pk: int, document_pk: int):
    notice = get_notice_for_user(request, pk)
    document = get_object_or_404(notice.documents, pk=document_pk)
    return pdf_response(
        document.file, f"{notice.slug}-{document.pk}.pdf", request=request, sha256=document.sha256, public=False
    )


HIDDEN_IN_HISTORY = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user"}


@transparency_staff
def notice_history(request, pk: int):
    """Who changed what: each saved version beside the one before it, field by field."""
    notice = get_notice_for_user(request, pk, permissions.can_see_notice_history)
    records = list(notice.history.order_by("-history_date", "-history_id").select_related("history_user")[:100])
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["pdf", "pdf_sha256", "version"])
            for change in delta.changes:
                field = DecisionNotice._meta.get_field(change.field)
                changes.append(
                    {"field": field.verbose_name, "old": _shown(field, change.old), "new": _shown(field, change.new)}
                )
        rows.append({"record": record, "changes": changes})
    return render(request, "transparency/staff_notice_history.html", {"notice": notice, "rows": rows})


def _shown(field, value) -> str:
    """A historical value as people read it: a choice's label, a person's or login's name, a local time."""
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return date_filter(timezone.localtime(value), "j F Y, H:i")
    if field.is_relation and field.many_to_one:
        obj = field.related_model._default_manager.filter(pk=value).first()
        if obj is None:
            return str(value)
        full_name = getattr(obj, "get_full_name", None)
        return (full_name() or obj.get_username()) if full_name else str(obj)
    return str(value)
