"""Original files of imported records, and what a record's pages say of its import.

The public gets an original only while the record made from it is public
(`Paper.objects.public_text()`, `Minutes.objects.public()`): never for a
document not yet confirmed, a sensitive or exempt paper, or draft minutes.
Staff get it through `can_see_original`.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.audit import record_download
from accounts.models import DownloadRecord
from boards.models import Paper
from minutes.models import Minutes
from pcp_portal.access import stored_file_response

from ..models import ImportedDocument
from ..permissions import can_see_import_faults, can_see_original

#: The content types originals are served as; the reader accepted nothing else.
CONTENT_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}

FORMATS = {".txt": "Text", ".docx": "Word", ".pdf": "PDF"}


def _suffix(document: ImportedDocument) -> str:
    return PurePath(document.original_name).suffix.lower()


def file_format(document: ImportedDocument) -> str:
    return FORMATS.get(_suffix(document), "File")


def _original_response(request, document: ImportedDocument, *, public: bool):
    response = stored_file_response(
        document.original,
        document.original_name,
        content_type=CONTENT_TYPES.get(_suffix(document), "application/octet-stream"),
        download=True,
        request=request,
        sha256=document.sha256,
        public=public,
    )
    # Bytes from an office's archive are offered as a download, never run or guessed at by the browser.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def paper_original(request, pk: int):
    """The original file of an imported paper the public may read."""
    document = get_object_or_404(
        ImportedDocument.objects.filter(status=ImportedDocument.Status.CONFIRMED),
        paper__in=Paper.objects.public_text(),
        paper_id=pk,
    )
    return _original_response(request, document, public=True)


def minutes_original(request, pk: int):
    """The original file of imported minutes the public may read."""
    document = get_object_or_404(
        ImportedDocument.objects.filter(status=ImportedDocument.Status.CONFIRMED),
        minutes__in=Minutes.objects.public(),
        minutes_id=pk,
    )
    return _original_response(request, document, public=True)


@login_required
def staff_original(request, pk: int):
    """Any stored original, for the staff who may see it: the secretary, and readers of the record made of it."""
    document = get_object_or_404(ImportedDocument.objects.select_related("paper", "minutes"), pk=pk)
    if not can_see_original(request.user, document):
        raise PermissionDenied("You cannot open this file.")
    if not _is_public(document):
        # An original of a record the public may not read (or of one not confirmed yet) is audited, as its PDF is.
        record_download(
            request,
            DownloadRecord.Kind.ARCHIVE_ORIGINAL,
            document,
            f"{document.original_name} ({document.paper or document.minutes or document.get_status_display()})",
            etag=document.sha256,
        )
    return _original_response(request, document, public=False)


def _is_public(document: ImportedDocument) -> bool:
    if document.status != ImportedDocument.Status.CONFIRMED:
        return False
    if document.paper_id is not None:
        return Paper.objects.public_text().filter(pk=document.paper_id).exists()
    return document.minutes_id is not None and Minutes.objects.public().filter(pk=document.minutes_id).exists()


# Panels on the records' pages (see `pcp_portal.panels`), registered in `ArchiveConfig.ready()`.


def _panel(request, document: ImportedDocument | None, url: str, *, staff: bool) -> str:
    if document is None:
        return ""
    fields = document.fields or {}
    staff = staff and can_see_import_faults(request.user)
    return render_to_string(
        "archive/_original_panel.html",
        {
            "document": document,
            "url": url,
            "format": file_format(document),
            "staff": staff,
            "faults": fields.get("faults") or [] if staff else [],
            "unplaced": fields.get("unplaced") or [] if staff else [],
        },
        request=request,
    )


def _record_panel(request, record, *, public_url: str | None) -> str:
    """The panel of an imported `record` (a paper or minutes): on its public page, `public_url` offers its
    original; on its workspace page (`public_url` None), the staff's copy and the reader's faults."""
    if not record.imported_at:
        return ""
    kind = "paper" if isinstance(record, Paper) else "minutes"
    document = ImportedDocument.objects.filter(status=ImportedDocument.Status.CONFIRMED, **{kind: record}).first()
    if public_url is not None:
        return _panel(request, document, public_url, staff=False)
    if document is None or not can_see_original(request.user, document):
        return ""
    return _panel(request, document, reverse("archive:staff_original", args=[document.pk]), staff=True)


def paper_panel(request, *, paper: Paper) -> str:
    """On the public page of an imported paper (which only a public paper reaches): its original file."""
    return _record_panel(request, paper, public_url=reverse("archive:paper_original", args=[paper.pk]))


def minutes_panel(request, *, minutes: Minutes) -> str:
    return _record_panel(request, minutes, public_url=reverse("archive:minutes_original", args=[minutes.pk]))


def staff_paper_panel(request, *, paper: Paper) -> str:
    """On the workspace page of an imported paper: the original and the faults the reader found."""
    return _record_panel(request, paper, public_url=None)


def staff_minutes_panel(request, *, minutes: Minutes) -> str:
    return _record_panel(request, minutes, public_url=None)
