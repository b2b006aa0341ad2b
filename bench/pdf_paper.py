"""Seconds per page for a 20-page paper: the portal's renderer against plain WeasyPrint.

Both render the same HTML in the same run. The portal's path adds building
the numbered document, the template and PDF/UA-1 tagging; plain WeasyPrint is
given the finished HTML and default options. Budget: ratio at most 1.2.

A second baseline is the same text as plain paragraphs, through plain
WeasyPrint with the portal's options (PDF/UA-1 tagging), in the same type
and on the same page (size and margins), but with no numbers, no running
heads and feet and no page counter: what a page of text costs at all.
Budget: the portal's paper at most 1.5 times that, per page. The same is
measured, for information, for a paper of the same length whose sections
carry what real papers do (a table with a caption and header cells, a
lettered list nested under a bullet and a footnote in each; one figure),
against its own text as plain paragraphs (table rows as lines of text).

The runs alternate between the paths, each after a garbage collection, and
are timed in CPU seconds (rendering is single-threaded and reads nothing
from disk), so other work on the machine moves both sides alike. The
script exits non-zero when a budget is missed.

    python bench/pdf_paper.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp()
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{SCRATCH}/media"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcp_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from boards.demo import _victims_figure  # noqa: E402
from boards.models import Board, Paper, Person, Recommendation, Section  # noqa: E402
from boards.rendering import PAPER_PDF_TEMPLATE, paper_context, render_paper_pdf  # noqa: E402
from pcp_portal.pdf import PDF_OPTIONS  # noqa: E402

BUDGET = 1.2
PLAIN_TEXT_BUDGET = 1.5


def plain_paragraphs_html(paper: Paper) -> str:
    """The paper's text as plain paragraphs, on the same page and in the same type as the portal's paper.

    Page size, margins and the font stack are those of templates/pdf/paper.html;
    there are no margin boxes (marking, item, board, date, page counter).
    """
    from django.utils.html import escape

    from boards.document import build_document

    parts = []
    for line in build_document(paper).as_text().splitlines():
        if line.strip():
            parts.append(f"<p>{escape(line)}</p>")
    style = (
        "@page { size: A4; margin: 22mm 20mm 24mm 20mm; } "
        'html { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; } p { margin: 0 0 2.5mm; }'
    )
    return f"<!doctype html><html lang='en-GB'><head><style>{style}</style></head><body>{''.join(parts)}</body></html>"


RICH_BODY = """The revenue budget is summarised below.[^mtfp] The figures are in thousands of pounds and
compare the outturn with the budget for each line of spending.

Table: Revenue budget and outturn (£000)
| Line | Budget | Outturn | Variance |
|---|--:|--:|--:|
| **Police officers** | 61,200 | 60,950 | -250 |
| **Police staff** | 24,300 | 23,880 | -420 |
| **Overtime** | 2,100 | 2,460 | 360 |
| **Estates** | 6,400 | 6,390 | -10 |
| **Commissioning** | 3,900 | 3,870 | -30 |

The variances are explained by:
- police staff vacancies, in:
  (a) contact management;
  (b) custody;
  (c) forensic services;
- overtime in response policing and mutual aid.
"""


def make_paper(target_pages: int = 20, *, rich: bool = False) -> Paper:
    board, _ = Board.objects.get_or_create(name="Business Coordination Board", short_name="BCB", slug="bcb")
    contact, _ = Person.objects.get_or_create(name="Priya Lindqvist", initials="PL", post_title="Head of Policy")
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
        text = RICH_BODY.replace("[^mtfp]", f"[^n{n}]") + f"\n[^n{n}]: Medium Term Financial Plan, section {n + 1}.\n"
        if n == 0:
            text += "\nSpend by status is shown below.\n\n![Figure 1]\n"
        Section.objects.create(paper=paper, position=n, heading=f"Section heading {n + 1}", body=text if rich else body)
    if rich:
        _victims_figure(paper)
    return paper


def timed(paths: dict, repeat: int) -> tuple[dict, dict]:
    """The median CPU seconds of each path and its last result; the paths take turns, after a collection."""
    times: dict = {name: [] for name in paths}
    results: dict = {}
    for _ in range(repeat):
        for name, fn in paths.items():
            gc.collect()
            start = time.process_time()
            results[name] = fn()
            times[name].append(time.process_time() - start)
    return {name: statistics.median(values) for name, values in times.items()}, results


def page_total(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def verdict(ratio: float, budget: float) -> str:
    return f"{ratio:.3f} (budget {budget})  {'OK' if ratio <= budget else 'OVER BUDGET'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    paper = Paper.objects.select_related("board", "contact_officer").get(pk=make_paper().pk)
    rich = Paper.objects.select_related("board", "contact_officer").get(pk=make_paper(rich=True).pk)
    rich_text_html = plain_paragraphs_html(rich)
    html = render_to_string(PAPER_PDF_TEMPLATE, paper_context(paper))
    text_html = plain_paragraphs_html(paper)
    base_url = str(ROOT)

    paths = {
        "portal": lambda: render_paper_pdf(paper).content,
        "plain": lambda: HTML(string=html).write_pdf(),
        "plain_ua": lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"),
        "text": lambda: HTML(string=text_html, base_url=base_url).render(**PDF_OPTIONS).write_pdf(**PDF_OPTIONS),
        "rich": lambda: render_paper_pdf(rich).content,
        "rich_text": lambda: (
            HTML(string=rich_text_html, base_url=base_url).render(**PDF_OPTIONS).write_pdf(**PDF_OPTIONS)
        ),
    }
    for fn in paths.values():  # warm every path once (font discovery, template loading)
        fn()
    seconds, pdfs = timed(paths, args.repeat)

    pages = page_total(pdfs["portal"])
    assert pages == page_total(pdfs["plain"])
    text_pages = page_total(pdfs["text"])
    ratio = seconds["portal"] / seconds["plain"]
    text_ratio = (seconds["portal"] / pages) / (seconds["text"] / text_pages)
    print(f"pages: {pages} (median of {args.repeat} runs each, CPU time)")
    print(f"portal render_paper_pdf (PDF/UA-1):   {seconds['portal'] / pages * 1000:7.2f} ms/page")
    print(f"plain WeasyPrint, default options:    {seconds['plain'] / pages * 1000:7.2f} ms/page")
    print(f"plain WeasyPrint, pdf/ua-1 (info):    {seconds['plain_ua'] / pages * 1000:7.2f} ms/page")
    text_ms = seconds["text"] / text_pages * 1000
    print(f"plain paragraphs, PDF/UA-1 ({text_pages} pages): {text_ms:7.2f} ms/page")
    print(f"ratio portal / plain: {verdict(ratio, BUDGET)}")
    print(f"ratio portal / plain paragraphs, per page: {verdict(text_ratio, PLAIN_TEXT_BUDGET)}")
    rich_pages, rich_text_pages = page_total(pdfs["rich"]), page_total(pdfs["rich_text"])
    rich_ms, rich_text_ms = (seconds["rich"] / rich_pages * 1000, seconds["rich_text"] / rich_text_pages * 1000)
    print(f"paper with tables, lists, a figure and footnotes ({rich_pages} pages): {rich_ms:7.2f} ms/page")
    print(f"its text as plain paragraphs, PDF/UA-1 ({rich_text_pages} pages): {rich_text_ms:7.2f} ms/page")
    print(f"ratio, per page (information): {rich_ms / rich_text_ms:.3f}")
    sys.exit(0 if ratio <= BUDGET and text_ratio <= PLAIN_TEXT_BUDGET else 1)


if __name__ == "__main__":
    main()
