"""The PDF says what the page says, in the house style."""

import io
import re

import pytest
from pypdf import PdfReader

from boards.models import Paper
from boards.rendering import render_paper_pdf
from pcp_portal.pdf import pdf_text

from .factories import SectionFactory


def text_of(paper, **kwargs):
    return pdf_text(render_paper_pdf(paper, **kwargs).content)


def test_every_page_carries_the_marking_item_number_board_date_and_page_x_of_y(make_paper, agenda_item):
    paper = make_paper(agenda_item=agenda_item)
    long_body = "\n\n".join(f"Paragraph {n} of a long background section. " * 6 for n in range(40))
    SectionFactory(paper=paper, heading="Long background", body=long_body, position=5)
    content = render_paper_pdf(paper).content
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) >= 3
    meeting_date = f"{agenda_item.meeting.date:%-d %B %Y}"
    for number, page in enumerate(pages, start=1):
        assert re.search(r"^OFFICIAL Agenda Item: 6\.0$", page, re.MULTILINE)
        assert "Agenda Item: 6.0" in page
        assert "Business Coordination Board" in page
        assert meeting_date in page
        assert f"Page {number} of {len(pages)}" in page


def test_the_sensitive_marking_heads_the_pdf(make_paper):
    sensitive = make_paper(marking=Paper.Marking.OFFICIAL_SENSITIVE)
    assert re.search(r"^OFFICIAL-SENSITIVE$", text_of(sensitive), re.MULTILINE)
    assert "SENSITIVE" not in text_of(make_paper())


def test_sections_paragraphs_and_both_recommendation_sections_are_numbered(make_paper):
    paper = make_paper()
    text = re.sub(r"\s+", " ", text_of(paper))
    assert "To: Business Coordination Board" in text
    assert "From: Chief Executive" in text
    assert "1. Purpose" in text and "1.1 The purpose of this report" in text
    first = "2.1 The Board is recommended to note the progress made against the Victims theme."
    assert first in text
    assert "2.2 The Board is recommended to approve the revised wording of priority action V4." in text
    assert "3. Background" in text and "3.1 First paragraph." in text and "3.2 Second paragraph." in text
    assert "4. Recommendations" in text
    assert "4.1 The Board is recommended to note the progress made against the Victims theme." in text
    assert "BIBLIOGRAPHY" in text and "Source Document(s)" in text and "Contact Officer(s)" in text
    assert "Page 1 of" in text


def test_the_pdf_is_tagged_with_a_title_and_language(make_paper):
    paper = make_paper()
    reader = PdfReader(io.BytesIO(render_paper_pdf(paper).content))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == paper.title


def test_a_draft_pdf_says_draft_on_every_page_and_the_published_one_does_not(make_paper):
    paper = make_paper()
    assert text_of(paper, draft=True).count("DRAFT – NOT FOR PUBLICATION") == 1 * len(
        PdfReader(io.BytesIO(render_paper_pdf(paper, draft=True).content)).pages
    )
    assert "DRAFT" not in text_of(paper)


def test_the_page_and_the_pdf_say_the_same_numbered_text(client, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED)
    html = client.get(paper.get_absolute_url()).content.decode()
    pdf = re.sub(r"\s+", " ", pdf_text(paper.pdf.open("rb").read()))
    for section in ("1.1", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"):
        assert f'<p class="para">{section}\t' in html  # the number opens its paragraph
        assert f"{section} " in pdf


def placed_text(content: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """Each run of text on a page with where it starts (x, y in points)."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), round(cm[0] * tm[4] + cm[4], 1), round(cm[3] * tm[5] + cm[5], 1)))

    PdfReader(io.BytesIO(content)).pages[page].extract_text(visitor_text=visit)
    return runs


def test_a_paragraph_number_stands_in_its_own_column_level_with_the_first_line_and_bullets_hang(make_paper):
    paper = make_paper()
    paper.sections.filter(heading="Background").update(
        body="First paragraph. " + "It runs on over more than one line. " * 6 + "\n\nSecond paragraph.\n- a bullet"
    )
    content = render_paper_pdf(paper).content
    runs = placed_text(content)
    first = next(index for index, (text, _, _) in enumerate(runs) if text.startswith("3.1"))
    (line, number_x, number_y), (_, text_x, text_y) = runs[first], runs[first + 1]
    # The number comes first in the paragraph's text, on its first line; the paragraph's next line starts
    # at the text, 12 mm in: the number hangs in a column of its own.
    assert re.match(r"3\.1\s+First paragraph\.", line)
    assert text_y < number_y and text_x - number_x == pytest.approx(12 * 72 / 25.4, abs=0.5)
    second = next((x, y) for text, x, y in runs if text.startswith("3.2"))
    assert second[0] == number_x
    # The text after the number starts at the same 12 mm, level with the lines below it (the tab stop).
    lines = PdfReader(io.BytesIO(content)).pages[0].extract_text(extraction_mode="layout").splitlines()
    opening = next(row for row in lines if row.lstrip().startswith("3.1"))
    below = lines[lines.index(opening) + 1]
    column = len(below) - len(below.lstrip())
    assert opening.index("First paragraph.") == column > opening.index("3.1")
    assert next(row for row in lines if row.lstrip().startswith("3.2")).index("Second paragraph.") == column
    bullet = next((x, y) for item, x, y in runs if item.startswith("•"))
    assert bullet[0] > text_x  # the list is indented under its paragraph, its bullet in the text


def test_rendering_pauses_the_cycle_collector_and_always_resumes_it(monkeypatch):
    """The collector is off while WeasyPrint works (a large saving) and back on afterwards, even on failure."""
    import gc

    from pcp_portal import pdf

    seen = []
    real_render = pdf.HTML.render

    def render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "render", render)
    pdf.render_html("<html lang='en'><head><title>t</title></head><body><p>Text</p></body></html>")
    assert seen == [False] and gc.isenabled()

    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf.HTML, "render", broken)
    with pytest.raises(RuntimeError):
        pdf.render_html("<html lang='en'><head><title>t</title></head><body><p>Text</p></body></html>")
    assert gc.isenabled()
