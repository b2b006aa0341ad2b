"""Long unbroken text (a URL typed into a paper or the minutes) breaks inside the PDF page's text area."""

import pytest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from boards.models import Paper, Person
from boards.rendering import PAPER_PDF_TEMPLATE, paper_context
from minutes import services
from minutes.document import build_minutes, signed_on
from pcp_portal.pdf import document_base_url, pdf_text

from .factories import RecommendationFactory, SectionFactory, SourceDocumentFactory
from .test_minutes import held_meeting, minutes  # noqa: F401 (fixtures)

# No hyphen, slash or space after the host: nothing in it where a line may break by the usual rules.
URL = "https://www.example.org/report?id=" + "0123456789abcdefABCDEF" * 8


def text_past_the_right_edge(html: str) -> list[str]:
    """The text boxes of each laid-out page that end beyond the page's text area (running heads aside)."""
    document = HTML(string=html, base_url=document_base_url()).render()
    found = []

    def walk(box, right):
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TextBox) and box.position_x + box.width > right:
            found.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child, right)

    for page in document.pages:
        page_box = page._page_box
        walk(page_box, page_box.content_box_x() + page_box.width + 0.5)
    return found


def test_the_check_finds_a_long_word_that_runs_off_the_page():
    html = f"<html><body><p>{URL}</p><p style='overflow-wrap: anywhere'>{URL}</p></body></html>"
    [past] = text_past_the_right_edge(html)
    assert URL.endswith(past)


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def paper_with_a_url(make_paper):
    paper = make_paper(Paper.Status.DRAFT, title=f"Report on {URL[:90]}", purpose=f"See {URL} for the figures.")
    SectionFactory(paper=paper, heading="Background", body=f"The report is published at {URL}.")
    SourceDocumentFactory(paper=paper, title=f"The published report, {URL}")
    RecommendationFactory(paper=paper, text=f"the report at {URL}")
    return paper


def test_a_long_url_in_a_paper_breaks_within_the_pdf_page(paper_with_a_url):
    html = render_to_string(PAPER_PDF_TEMPLATE, paper_context(paper_with_a_url, draft=True))
    assert URL in html
    assert text_past_the_right_edge(html) == []


def test_the_broken_url_is_still_printed_whole(paper_with_a_url):
    from boards.rendering import render_paper_pdf

    assert squeezed(URL) in squeezed(pdf_text(render_paper_pdf(paper_with_a_url, draft=True).content))


def test_a_long_url_in_the_minutes_breaks_within_the_pdf_page(minutes):  # noqa: F811
    minutes.items.filter(position=4).update(body=f"PL introduced the report, published at {URL}.")
    minutes.meeting.location = f"Online: {URL[:180]}"  # both fields hold 200 characters
    minutes.meeting.save(update_fields=["location"])
    Person.objects.filter(initials="TH").update(post_title=f"Adviser, {URL[:180]}")
    document = build_minutes(minutes, confidential=True)
    context = {"document": document, "minutes": minutes, "signed_on": signed_on(minutes)}
    html = render_to_string("pdf/minutes.html", context)
    assert html.count(URL) == 1 and html.count(URL[:180]) >= 3
    assert text_past_the_right_edge(html) == []
    assert squeezed(URL) in squeezed(pdf_text(services.render_minutes_pdf(minutes, confidential=True).content))
