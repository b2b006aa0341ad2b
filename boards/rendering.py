"""The paper's page context and PDF, built from one document."""

from __future__ import annotations

from django.conf import settings

from pcp_portal.pdf import RenderedPdf, Resource, render_pdf

from .document import build_document
from .models import Paper

PAPER_PDF_TEMPLATE = "pdf/paper.html"


def paper_context(paper: Paper, *, draft: bool = False, public: bool = False) -> dict:
    """What both the page and the PDF show of `paper`; `public` for the public page (see `build_document`)."""
    meeting = paper.meeting
    figures = list(paper.figures.all())
    return {
        "paper": paper,
        "document": build_document(paper, figures=figures, public=public),
        "meeting": meeting,
        "footer_date": meeting.date if meeting else paper.date,
        "appendices": list(paper.appendices.all()),
        "figures": figures,
        "organisation": settings.ORGANISATION_NAME,
        "draft": draft,
    }


def figure_files(figures) -> dict[str, Resource]:
    """The stored figures a paper's PDF may embed, by the path the document shows each from (the staff URL)."""
    return {
        figure.get_staff_url(): Resource(figure.file, figure.content_type, name=f"Figure {figure.label}")
        for figure in figures
    }


def render_paper_pdf(paper: Paper, *, draft: bool = False, context: dict | None = None) -> RenderedPdf:
    """The paper's PDF, from `context` if the caller built it (`paper_context`) to use its document too."""
    context = context or paper_context(paper, draft=draft)
    return render_pdf(PAPER_PDF_TEMPLATE, context, files=figure_files(context["figures"]))


def pdf_filename(paper: Paper) -> str:
    return f"{paper.board.short_name}-{paper.slug}-r{paper.revision}.pdf".lower()
