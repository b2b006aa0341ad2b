"""HTML to tagged PDF, in the house style, with WeasyPrint.

The portal renders every document (paper, agenda pack, minutes, delivery
report) through `render_pdf`, so every PDF is tagged PDF/UA-1 with a
language and a title, and looks the same.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def html_to_pdf(html: str) -> bytes:
    # Documents reference no outside resources: fonts come from the system
    # and styles are inline, so nothing is fetched while rendering.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(**PDF_OPTIONS)


def render_pdf(template_name: str, context: dict) -> RenderedPdf:
    content = html_to_pdf(render_to_string(template_name, context))
    return RenderedPdf(content=content, sha256=hashlib.sha256(content).hexdigest())


def pdf_text(content: bytes) -> str:
    """The text of a PDF, page by page, for checks and search indexing."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
