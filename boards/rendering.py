"""The paper's page context and PDF, built from one document."""

from __future__ import annotations

from django.conf import settings

from pcp_portal.pdf import RenderedPdf, render_pdf

from .document import build_document
from .models import Paper

PAPER_PDF_TEMPLATE = "pdf/paper.html"


def paper_context(paper: Paper, *, draft: bool = False) -> dict:
    """What both the page and the PDF show of `paper`."""
    meeting = paper.meeting
    return {
        "paper": paper,
        "document": build_document(paper),
        "meeting": meeting,
        "footer_date": meeting.date if meeting else paper.date,
        "appendices": list(paper.appendices.all()),
        "organisation": settings.ORGANISATION_NAME,
        "draft": draft,
    }


def render_paper_pdf(paper: Paper, *, draft: bool = False) -> RenderedPdf:
    return render_pdf(PAPER_PDF_TEMPLATE, paper_context(paper, draft=draft))


def pdf_filename(paper: Paper) -> str:
    return f"{paper.board.short_name}-{paper.slug}-r{paper.revision}.pdf".lower()
