"""What a body holds reaches the PDF as real, tagged structure: tables, lists, footnotes."""

import io

import pikepdf
import pytest
from pypdf import PdfReader

from boards.rendering import render_paper_pdf
from pcp_portal.pdf import pdf_text

from .factories import PaperFactory, RecommendationFactory, SectionFactory

TABLE_ROWS = "\n".join(f"| **Line {n}** | {n * 100:,} | {n * 110:,} |" for n in range(1, 61))
BODY = f"""The budget is summarised below.[^src]

Table: Revenue budget (£000)
| Line | 2024/25 | 2025/26 |
|---|--:|--:|
{TABLE_ROWS}

The increase is explained by:
- pay awards;
- the custody suite:
  (a) construction;
  (b) fitting out.

[^src]: Medium Term Financial Plan 2025-29.
"""


def structure(content: bytes) -> list[tuple[str, dict]]:
    """The structure tree's elements in reading order, each with its attributes."""
    pdf = pikepdf.open(io.BytesIO(content))
    found = []

    def walk(element, depth):
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        attributes = element.get("/A")
        extra = {}
        if isinstance(attributes, pikepdf.Dictionary):
            extra = {str(k): str(v) for k, v in attributes.items() if k != "/Headers"}
        if "/Alt" in element:
            extra["/Alt"] = str(element.Alt)
        found.append((str(element.S), extra, depth))
        children = element.get("/K")
        for child in children if isinstance(children, pikepdf.Array) else [children]:
            walk(child, depth + 1)

    for child in (
        pdf.Root.StructTreeRoot.K
        if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array)
        else [pdf.Root.StructTreeRoot.K]
    ):
        walk(child, 0)
    return found


@pytest.fixture
def finance_paper(db):
    paper = PaperFactory(title="Revenue budget 2025/26", purpose="To set out the budget.")
    RecommendationFactory(paper=paper, verb="approve", text="the revenue budget")
    SectionFactory(paper=paper, heading="Budget", body=BODY, position=0)
    return paper


def test_table_header_cells_carry_scope_and_lists_are_tagged_as_lists(finance_paper):
    rendered = render_paper_pdf(finance_paper)
    elements = structure(rendered.content)
    kinds = [kind for kind, _, _ in elements]
    headers = [extra for kind, extra, _ in elements if kind == "/TH"]
    assert {"/O": "/Table", "/Scope": "/Column"} in headers
    row_headers = [h for h in headers if h.get("/Scope") == "/Row"]
    # 60 bold first cells of the body table, and the report details (To, From, Date).
    assert len(row_headers) >= 60
    assert all("/Scope" in h for h in headers)
    assert "/Caption" in kinds
    assert kinds.count("/L") >= 2 and kinds.count("/LI") >= 4 and "/LBody" in kinds


def test_table_header_repeats_on_every_page_and_cells_read_in_order(finance_paper):
    rendered = render_paper_pdf(finance_paper)
    reader = PdfReader(io.BytesIO(rendered.content))
    table_pages = [page.extract_text() for page in reader.pages if "Line " in page.extract_text()]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "2024/25" in text and "2025/26" in text
    text = pdf_text(rendered.content)
    lines = text.splitlines()
    assert "Line 2024/25 2025/26" in lines
    assert "Line 1 100 110" in lines and "Line 2 200 220" in lines
    assert lines.index("Line 1 100 110") < lines.index("Line 2 200 220") < lines.index("Line 60 6,000 6,600")


def test_lettered_list_markers_and_footnotes_are_printed(finance_paper):
    text = pdf_text(render_paper_pdf(finance_paper).content)
    assert "(a)" in text and "(b)" in text
    assert "Medium Term Financial Plan 2025-29" in text
    assert text.index("Notes") < text.index("Medium Term Financial Plan 2025-29") < text.index("BIBLIOGRAPHY")


def test_a_footnote_number_is_a_link_with_a_box_a_reader_can_click(finance_paper):
    """The number is set without adding line height; its link still covers the number's own type size."""
    pdf = pikepdf.open(io.BytesIO(render_paper_pdf(finance_paper).content))
    links = [
        [float(value) for value in annotation.Rect]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link" and "/URI" not in annotation.get("/A", {})
    ]
    assert links  # the note's number, and its way back
    for left, bottom, right, top in links:
        assert abs(top - bottom) >= 5 and abs(right - left) >= 2


def test_no_table_row_is_split_across_pages(finance_paper):
    reader = PdfReader(io.BytesIO(render_paper_pdf(finance_paper).content))
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        for index, line in enumerate(lines):
            if line.startswith("Line ") and line.split()[1].isdigit():
                number = int(line.split()[1])
                # The row's figures are on the same page as its heading cell.
                assert f"{number * 110:,}" in "\n".join(lines[index : index + 4])


def test_the_pdf_lays_out_sections_by_their_headings_and_the_page_keeps_them_as_regions(finance_paper, client):
    """No <section> per numbered section in the PDF (a block split on every page costs time); the page keeps them."""
    elements = structure(render_paper_pdf(finance_paper).content)
    headings = [kind for kind, _, _ in elements if kind == "/H2"]
    assert len(headings) >= 5  # Purpose, Recommendation, Budget, the closing section, the bibliography
    # Only the notes and the bibliography are sections of their own.
    assert [kind for kind, _, _ in elements].count("/Sect") == 2
    from django.template.loader import render_to_string

    from boards.rendering import paper_context

    page = render_to_string("boards/_paper_document.html", paper_context(finance_paper))
    assert page.count('<section class="paper-section"') == 4
