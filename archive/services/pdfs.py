"""The portal's PDF of an imported record, built after the record is confirmed.

The original file is an imported record's document of record; the portal's
tagged PDF is a convenience beside its HTML page. Rendering takes a second or
two a document, so `confirm` leaves it to a background task (`archive.tasks`)
and a record is public without it until it is built. A render that fails leaves
the record as it was, logged; `render_archive_pdfs` builds every one still
missing.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet

from boards.models import Paper
from boards.rendering import pdf_filename, render_paper_pdf
from minutes.models import Minutes
from minutes.services import render_minutes_pdf

logger = logging.getLogger(__name__)


def papers_without_pdf() -> QuerySet[Paper]:
    """Imported papers published with no PDF yet (withdrawn or superseded ones are not built afterwards)."""
    return Paper.objects.filter(imported_at__isnull=False, status=Paper.Status.PUBLISHED, pdf_sha256="")


def minutes_without_pdf() -> QuerySet[Minutes]:
    """Imported minutes the public may read with no PDF yet (imported drafts get none, as today)."""
    return Minutes.objects.public().filter(imported_at__isnull=False, pdf_sha256="")


def minutes_pdf_name(minutes: Minutes) -> str:
    return f"{minutes.meeting.board.short_name}-{minutes.meeting.slug}-minutes.pdf".lower()


def store_paper_pdf(paper_id: int) -> bool:
    """Render and store an imported paper's PDF if it still has none; say whether one was stored."""
    paper = papers_without_pdf().select_related("board").filter(pk=paper_id).first()
    if paper is None:
        return False
    rendered = render_paper_pdf(paper)  # outside the lock: it takes a second or more
    with transaction.atomic():
        current = papers_without_pdf().select_for_update().filter(pk=paper_id).first()
        if current is None:  # built meanwhile by another run, or withdrawn
            return False
        current.pdf.save(pdf_filename(current), ContentFile(rendered.content), save=False)
        current.pdf_sha256 = rendered.sha256
        current.pdf_page_count = rendered.page_count
        current.save(update_fields=["pdf", "pdf_sha256", "pdf_page_count", "updated_at"])
    return True


def store_minutes_pdf(minutes_id: int) -> bool:
    """Render and store imported minutes' public PDF if they still have none; say whether one was stored."""
    minutes = minutes_without_pdf().select_related("meeting__board").filter(pk=minutes_id).first()
    if minutes is None:
        return False
    rendered = render_minutes_pdf(minutes, confidential=False)
    with transaction.atomic():
        current = minutes_without_pdf().select_for_update().select_related("meeting__board")
        current = current.filter(pk=minutes_id).first()
        if current is None:
            return False
        current.pdf.save(minutes_pdf_name(current), ContentFile(rendered.content), save=False)
        current.pdf_sha256 = rendered.sha256
        current.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
    return True


def render_pending() -> tuple[int, list[str]]:
    """Build every missing PDF of an imported record, here and now; return how many were built and the failures."""
    built, failures = 0, []
    jobs = [(store_paper_pdf, pk, "paper") for pk in papers_without_pdf().order_by("pk").values_list("pk", flat=True)]
    jobs += [
        (store_minutes_pdf, pk, "minutes") for pk in minutes_without_pdf().order_by("pk").values_list("pk", flat=True)
    ]
    for store, pk, kind in jobs:
        try:
            built += store(pk)
        except Exception as exc:  # WeasyPrint and storage raise their own errors; one record must not stop the rest
            logger.exception("The PDF of imported %s %s could not be built", kind, pk)
            failures.append(f"{kind} {pk}: {exc}")
    return built, failures
