"""A real board paper in Chromium: the author writes a table, a nested list, a figure and a footnote,
previews it, and the public page and the PDF carry them, accessibly."""

import io
import re

import pikepdf
import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import Paper
from pcp_portal.pdf import pdf_text

from ..images import png_bytes
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = """The revenue budget is set out below.[^mtfp]

Table: Revenue budget (£000)
| Line | 2024/25 | 2025/26 |
|---|--:|--:|
| **Police staff** | 1,200 | 1,300 |
| **Estates** | 300 | 310 |

![Figure 1]

The increase is explained by:
- pay awards;
- the custody suite:
  (a) construction;
  (b) fitting out.

[^mtfp]: Medium Term Financial Plan 2025-29."""


def figure_alts(content: bytes) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(content))
    alts, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary):
            continue
        if element.get("/S") == "/Figure" and "/Alt" in element:
            alts.append(str(element.Alt))
        children = element.get("/K")
        stack.extend(children if isinstance(children, pikepdf.Array) else [children] if children is not None else [])
    return alts


def test_an_author_writes_a_table_a_nested_list_and_a_figure_and_the_public_reads_them(
    new_page, axe_check, make_paper, author, reviewer, secretary, tmp_path
):
    paper = make_paper(title="Revenue Budget 2025/26")
    chart = tmp_path / "spend.png"
    chart.write_bytes(png_bytes(320, 160))

    page = new_page()
    sign_in(page, "author")
    page.goto(f"/workspace/papers/{paper.pk}/edit/?add=figures")
    # The guide to the syntax sits beside the form.
    guide = page.get_by_role("complementary", name="Writing the text")
    expect(guide.get_by_text("Table: Revenue budget (£000)")).to_be_visible()
    sections = page.locator('[data-formset="sections"]')
    sections.locator("[data-formset-row]").nth(0).get_by_label("Body").fill(BODY)
    figure = page.locator('[data-formset="figures"] [data-formset-row]').nth(0)
    figure.get_by_label("Image (PNG, JPEG or SVG)").set_input_files(str(chart))
    figure.get_by_label("Alternative text").fill("Bar chart: spend rises in both years")
    figure.get_by_label("Caption").fill("Spend by line")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"/workspace/papers/{paper.pk}/$"))

    # The preview shows what the public will read; nothing needs fixing.
    assert page.get_by_text("Fix before").count() == 0
    table = page.get_by_role("table", name="Revenue budget (£000)")
    expect(table.get_by_role("columnheader", name="2025/26")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Police staff")).to_be_visible()
    assert page.locator("ul.para-cont ol > li").all_inner_texts() == ["construction;", "fitting out."]
    axe_check(page)
    preview = page.request.get(f"/workspace/papers/{paper.pk}/pdf/")
    assert preview.headers["content-type"] == "application/pdf"
    assert "Police staff 1,200 1,300" in pdf_text(preview.body())

    services.submit_paper(paper=paper, user=author)
    services.clear_paper(paper=paper, user=reviewer)
    services.publish_paper(paper=paper, user=secretary)

    public = new_page()
    public.goto(Paper.objects.get(pk=paper.pk).get_absolute_url())
    table = public.get_by_role("table", name="Revenue budget (£000)")
    assert table.locator('th[scope="col"]').all_inner_texts() == ["Line", "2024/25", "2025/26"]
    assert table.locator('th[scope="row"]').all_inner_texts() == ["Police staff", "Estates"]
    assert public.locator("ul.para-cont > li").count() == 2
    assert public.locator("ul.para-cont ol > li").all_inner_texts() == ["construction;", "fitting out."]
    image = public.get_by_role("img", name="Bar chart: spend rises in both years")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(public.get_by_text("Figure 1: Spend by line")).to_be_visible()
    public.get_by_role("link", name="Footnote 1").click()
    expect(public.locator("#fn-1").get_by_text("Medium Term Financial Plan 2025-29.")).to_be_visible()
    axe_check(public)

    href = public.get_by_role("link", name=re.compile("Download the PDF")).get_attribute("href")
    content = public.request.get(href).body()
    text = re.sub(r"[ \t]+", " ", pdf_text(content))
    assert "Revenue budget (£000)" in text
    assert "Police staff 1,200 1,300" in text and "Estates 300 310" in text
    assert "(a)" in text and "construction;" in text
    assert "Figure 1: Spend by line" in text
    assert "Medium Term Financial Plan 2025-29." in text
    assert figure_alts(content) == ["Bar chart: spend rises in both years"]
