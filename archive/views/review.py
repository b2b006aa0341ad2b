"""The board secretary's screens: upload files, watch them being read, review and correct each, and confirm."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from boards.models import Board, Meeting
from pcp_portal.access import signed_in_with
from pcp_portal.paging import paginate

from ..forms import ReviewForm, UploadForm, parse_date, people_formset, recommendations_formset
from ..models import ImportBatch, ImportedDocument
from ..permissions import can_import
from ..reading.result import FAULT_CODES
from ..services import batches, corrections, records

Status = ImportedDocument.Status
Kind = ImportedDocument.Kind

import_required = signed_in_with(can_import, "Only the board secretary imports the office's archive.")

# Lists show the fields and faults; the extracted text, which may be long, only on the review page.
LISTED = ImportedDocument.objects.defer("text").select_related("batch")


def _document(pk: int) -> ImportedDocument:
    return get_object_or_404(
        ImportedDocument.objects.select_related("batch", "board", "meeting__board", "paper", "minutes__meeting__board"),
        pk=pk,
    )


def _listed(documents) -> list[ImportedDocument]:
    """Documents with what the lists show worked out once: faults, date and board as corrected."""
    documents = list(documents)
    for document in documents:
        document.fault_count = len(document.reading.get("faults") or [])
        document.shown_date = parse_date(document.fields.get("date"))
        document.shown_board = document.fields.get("board") or ""
    return documents


@import_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = batches.receive(files=form.incoming, label=form.label(), user=request.user)
        stored = batch.documents.count()
        messages.success(
            request,
            f"{stored} file{'s' if stored != 1 else ''} stored and queued to be read."
            + (f" {len(batch.skipped)} not stored: see below." if batch.skipped else ""),
        )
        return redirect("archive:batch", batch.pk)
    recent = list(ImportBatch.objects.select_related("created_by")[:10])
    by_status = ImportedDocument.objects.filter(batch__in=recent).order_by().values("batch_id", "status")
    counts = {(row["batch_id"], row["status"]): row["n"] for row in by_status.annotate(n=Count("pk"))}
    for batch in recent:
        batch.counts = [(label, counts[key]) for value, label in Status.choices if (key := (batch.pk, value)) in counts]
    return render(request, "archive/upload.html", {"form": form, "recent": recent})


def _batch_documents(batch: ImportBatch) -> list[ImportedDocument]:
    return _listed(LISTED.filter(batch=batch))


@import_required
def batch_detail(request, pk: int):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    documents = _batch_documents(batch)
    waiting = any(document.status == Status.QUEUED for document in documents)
    earlier = {
        d.pk: d
        for d in ImportedDocument.objects.defer("text", "reading", "fields").filter(
            pk__in=[s["document"] for s in batch.skipped if s.get("document")]
        )
    }
    skipped = [{**entry, "earlier": earlier.get(entry.get("document"))} for entry in batch.skipped]
    return render(
        request,
        "archive/batch.html",
        {
            "batch": batch,
            "documents": documents,
            "skipped": skipped,
            "waiting": waiting and request.GET.get("refresh") != "off",
            "any_waiting": waiting,
            "summary": _summary(documents),
        },
    )


def _summary(documents: list[ImportedDocument]) -> str:
    if not documents:
        return "No new files were stored."
    counts = Counter(document.status for document in documents)
    parts = [f"{counts[value]} {label.split(':')[0].lower()}" for value, label in Status.choices if counts[value]]
    return f"{len(documents)} file{'s' if len(documents) != 1 else ''}: " + ", ".join(parts) + "."


@import_required
def batch_status(request, pk: int):
    """The batch's files' states, for the page's script to keep them current without a reload."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    documents = _batch_documents(batch)
    return JsonResponse(
        {
            "summary": _summary(documents),
            "waiting": any(document.status == Status.QUEUED for document in documents),
            "documents": [
                {
                    "id": document.pk,
                    "status": document.status,
                    "status_display": document.get_status_display(),
                    "error": document.error,
                    "kind": document.get_kind_display(),
                    "faults": document.fault_count,
                    "url": reverse("archive:document", args=[document.pk]),
                }
                for document in documents
            ],
        }
    )


@require_POST
@import_required
def read_again(request, pk: int):
    document = _document(pk)
    if batches.read_again(document):
        messages.success(request, f"“{document.original_name}” is queued to be read again.")
    else:
        messages.error(request, f"“{document.original_name}” is not waiting to be read again.")
    return redirect("archive:batch", document.batch_id)


STATUS_FILTERS = [
    (Status.READ, "Awaiting review"),
    *((value, label) for value, label in Status.choices if value != Status.READ),
    ("", "All"),
]


@import_required
def review_list(request):
    status = request.GET.get("status", Status.READ)
    documents = LISTED.order_by("-batch__created_at", "original_name", "pk")
    if status in Status.values:
        documents = documents.filter(status=status)
    else:
        status = ""
    page, query = paginate(request, documents, 25)
    page.object_list = _listed(page.object_list)
    return render(
        request,
        "archive/review_list.html",
        {"page": page, "query": query, "status": status, "statuses": STATUS_FILTERS},
    )


def _choices(document: ImportedDocument) -> dict:
    """The boards, and the board's meetings the document may belong to, each fetched once.

    Minutes belong to a meeting on their own date; a paper, dated before its
    meeting, to one in the two months from its date (or on the meeting's date given).
    """
    boards = list(Board.objects.order_by("name"))
    meetings = []
    fields = document.fields
    on = parse_date(fields.get("date"))
    if document.board_id and on:
        meetings = Meeting.objects.filter(board_id=document.board_id).select_related("board")
        if document.kind == Kind.MINUTES:
            meetings = meetings.filter(starts_at__date=on)
        else:
            window = Q(starts_at__date__gte=on, starts_at__date__lte=on + timedelta(days=62))
            if meeting_on := parse_date(fields.get("meeting_date")):
                window |= Q(starts_at__date=meeting_on)
            meetings = meetings.filter(window)
        meetings = list(meetings.order_by("starts_at"))
    if document.meeting_id and document.meeting not in meetings:
        meetings.append(document.meeting)
    return {"boards": boards, "meetings": meetings}


def _forms(request, document: ImportedDocument, data=None):
    rows = list(document.people.select_related("person"))
    return (
        ReviewForm(data, document=document, **_choices(document)),
        recommendations_formset(data, document, adding=data is None and request.GET.get("add") == "recommendations")
        if document.kind == Kind.PAPER
        else None,
        people_formset(data, document, rows),
    )


CONFLICT = (
    "Not saved: someone saved this document while you were correcting it. Your corrections are still in the "
    "form below. Open the document in a new tab to see theirs, then copy yours across and save again."
)


@import_required
def document_review(request, pk: int):
    document = _document(pk)
    if request.method != "POST" or document.status != Status.READ:
        if request.method == "POST":
            messages.error(request, f"Not saved: this document is “{document.get_status_display()}”.")
        form, recommendations, people = _forms(request, document)
        return _render_review(request, document, form, recommendations, people)

    form, recommendations, people = _forms(request, document, request.POST)
    valid = form.is_valid() & (recommendations is None or recommendations.is_valid()) & people.is_valid()
    if not valid:
        messages.error(request, "Not saved. Correct the fields marked below; what you typed is kept.")
        return _render_review(request, document, form, recommendations, people)
    changes = form.changes()
    if recommendations is not None:
        changes["recommendations"] = recommendations.values()
    try:
        corrections.save_corrections(
            document=document,
            user=request.user,
            expected_version=form.cleaned_data["expected_version"],
            kind=form.cleaned_data["kind"],
            changes=changes,
            board=form.chosen_board,
            meeting=form.chosen_meeting,
            people=people.values(),
        )
    except corrections.EditConflict:
        form.add_error(None, CONFLICT)
        return _render_review(request, document, form, recommendations, people)
    except corrections.NotEditable as refusal:
        messages.error(request, str(refusal))
        return redirect("archive:document", document.pk)
    if "add_recommendations" in request.POST:
        return redirect(reverse("archive:document", args=[document.pk]) + "?add=recommendations#recommendations")
    if "confirm" not in request.POST:
        messages.success(request, "Corrections saved.")
        return redirect("archive:document", document.pk)
    return _confirm(request, document.pk)


def _confirm(request, pk: int):
    """Confirm the document just saved; a refusal shows its reasons beside the fields, as saved."""
    document = _document(pk)
    try:
        with transaction.atomic():
            records.confirm(document, by=request.user)
    except records.ConfirmRefused as refusal:
        data = request.POST.copy()
        data["expected_version"] = str(document.version)
        form, recommendations, people = _forms(request, document, data)
        form.is_valid()
        sets = {"recommendations": recommendations, "people": people}
        for key, errors in refusal.errors.items():
            for error in errors:
                if form.add_confirm_error(key, error):
                    continue
                if sets.get(key) is not None:
                    sets[key].non_form_errors().append(error)
                else:
                    form.add_error(None, error)
        messages.error(request, "Your corrections were saved, but the document was not confirmed: see below.")
        return _render_review(request, document, form, recommendations, people)
    messages.success(request, f"“{document.original_name}” is confirmed into the record.")
    return redirect("archive:document", pk)


def _render_review(request, document, form, recommendations, people):
    faults = [
        {**fault, "meaning": FAULT_CODES.get(fault.get("code"), "")} for fault in document.reading.get("faults") or []
    ]
    return render(
        request,
        "archive/review.html",
        {
            "document": document,
            "form": form,
            "recommendations": recommendations,
            "people": people,
            "faults": faults,
            "editable": document.status == Status.READ,
            "saves": document.history.filter(history_change_reason__isnull=False)
            .select_related("history_user")
            .order_by("-history_date")[:20],
        },
    )


def workspace_link(request) -> str:
    """The workspace's link to the archive import, for whoever may import (a `pcp_portal.panels` panel)."""
    if not can_import(request.user):
        return ""
    url = reverse("archive:review_list")
    return format_html('<a class="btn btn-outline-primary" href="{}">Archive import</a>', url)
