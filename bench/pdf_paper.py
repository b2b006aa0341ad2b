"""Seconds per page for a 20-page paper: the portal's renderer against plain WeasyPrint.

Both render the same HTML in the same run. The portal's path adds building
the numbered document, the template and PDF/UA-1 tagging; plain WeasyPrint is
given the finished HTML and default options. Budget: ratio at most 1.2.

A second baseline is the same text as plain paragraphs (no numbers, no
layout of the number column), on the same page, through plain WeasyPrint:
what a page of text costs at all. Budget: the portal's paper at most 1.5
times that, per page.

    python bench/pdf_paper.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcp_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from boards.models import Board, Paper, Person, Recommendation, Section  # noqa: E402
from boards.rendering import PAPER_PDF_TEMPLATE, paper_context, render_paper_pdf  # noqa: E402

BUDGET = 1.2
PLAIN_TEXT_BUDGET = 1.5


def plain_paragraphs_html(paper: Paper) -> str:
    """The paper's text as headings and plain paragraphs, on the same page and in the same type."""
    from django.utils.html import escape

    from boards.document import build_document

    parts = []
    for line in build_document(paper).as_text().splitlines():
        if line.strip():
            parts.append(f"<p>{escape(line)}</p>")
    style = (
        "@page { size: A4; margin: 22mm 20mm 24mm 20mm; } "
        'html { font: 10.5pt/1.45 "DejaVu Sans", sans-serif; } p { margin: 0 0 2.5mm; }'
    )
    return f"<!doctype html><html lang='en-GB'><head><style>{style}</style></head><body>{''.join(parts)}</body></html>"


def make_paper(target_pages: int = 20) -> Paper:
    board = Board.objects.create(name="Business Coordination Board", short_name="BCB", slug="bcb")
    contact = Person.objects.create(name="Priya Lindqvist", initials="PL", post_title="Head of Policy")
    paper = Paper.objects.create(
        board=board,
        title="Medium-Term Financial Plan",
        from_post="Chief Finance Officer",
        date="2025-03-11",
        purpose="The purpose of this report is to present the medium-term financial plan.",
        contact_officer=contact,
    )
    for n, verb in enumerate(["note", "approve", "endorse", "agree"]):
        Recommendation.objects.create(paper=paper, position=n, verb=verb, text=f"recommendation number {n + 1}")
    paragraph = (
        "The revenue budget was underspent by £0.412m, largely because of police staff vacancies, "
        "offset in part by overtime in response policing and the cost of mutual aid. "
    ) * 3
    body = "\n\n".join([paragraph, paragraph, "The risks are:\n- inflation;\n- pay awards;\n- grant settlement."])
    for n in range(target_pages * 2):
        Section.objects.create(paper=paper, position=n, heading=f"Section heading {n + 1}", body=body)
    return paper


def timed(fn, repeat: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    paper = Paper.objects.select_related("board", "contact_officer").get(pk=make_paper().pk)
    html = render_to_string(PAPER_PDF_TEMPLATE, paper_context(paper))

    # Warm both paths once (font discovery, template loading).
    render_paper_pdf(paper)
    HTML(string=html).write_pdf()

    portal_seconds, portal_pdf = timed(lambda: render_paper_pdf(paper).content, args.repeat)
    plain_seconds, plain_pdf = timed(lambda: HTML(string=html).write_pdf(), args.repeat)
    plain_ua_seconds, _ = timed(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), args.repeat)
    text_html = plain_paragraphs_html(paper)
    text_seconds, text_pdf = timed(lambda: HTML(string=text_html).write_pdf(), args.repeat)
    text_pages = len(PdfReader(io.BytesIO(text_pdf)).pages)

    pages = len(PdfReader(io.BytesIO(portal_pdf)).pages)
    assert pages == len(PdfReader(io.BytesIO(plain_pdf)).pages)
    ratio = portal_seconds / plain_seconds
    print(f"pages: {pages} (median of {args.repeat} runs each)")
    print(f"portal render_paper_pdf (PDF/UA-1):   {portal_seconds / pages * 1000:7.2f} ms/page")
    print(f"plain WeasyPrint, default options:    {plain_seconds / pages * 1000:7.2f} ms/page")
    print(f"plain WeasyPrint, pdf/ua-1 (info):    {plain_ua_seconds / pages * 1000:7.2f} ms/page")
    print(f"plain paragraphs, same text ({text_pages} pages): {text_seconds / text_pages * 1000:7.2f} ms/page")
    print(f"ratio portal / plain: {ratio:.3f} (budget {BUDGET})  {'OK' if ratio <= BUDGET else 'OVER BUDGET'}")
    text_ratio = (portal_seconds / pages) / (text_seconds / text_pages)
    within = text_ratio <= PLAIN_TEXT_BUDGET
    print(f"ratio portal / plain paragraphs, per page: {text_ratio:.3f} (budget {PLAIN_TEXT_BUDGET})  "
          f"{'OK' if within else 'OVER BUDGET'}")
    sys.exit(0 if ratio <= BUDGET else 1)


if __name__ == "__main__":
    main()
