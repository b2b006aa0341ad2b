"""An author links a source document to a paper of the archive by typing words of its title in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from boards.models import Paper

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_author_finds_a_paper_by_its_title_and_links_it(new_page, axe_check, make_paper, author):
    cited = make_paper(Paper.Status.PUBLISHED, title="Victims Needs Assessment")
    for n in range(30):  # more papers than the list suggests before anything is typed
        make_paper(Paper.Status.PUBLISHED, title=f"Quarterly Performance Report {n}")
    paper = make_paper(title="Victims Theme: Delivery Update")
    paper.source_documents.all().delete()

    page = new_page()
    sign_in(page, "author")
    page.goto(f"/workspace/papers/{paper.pk}/edit/?add=sources")
    axe_check(page)
    row = page.locator('[data-formset="sources"] [data-formset-row]').nth(0)
    row.get_by_label("Title").fill("Needs assessment")
    chooser = row.get_by_label("Paper in the portal")
    expect(chooser).to_have_attribute("list", "paper-choices")
    chooser.press_sequentially("needs ass")
    label = f"{cited.pk} · Victims Needs Assessment ({cited.board.short_name}, {cited.date:%-d %B %Y}, published)"
    suggestion = page.locator("#paper-choices option")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_attribute("value", label)
    chooser.fill(label)  # what choosing the suggestion puts in the field
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"/workspace/papers/{paper.pk}/$"))
    assert paper.source_documents.get().linked_paper == cited

    # Back in the editor the field names the paper; a number the portal does not know is said beside it.
    page.goto(f"/workspace/papers/{paper.pk}/edit/")
    chooser = page.locator('[data-formset="sources"] [data-formset-row]').nth(0).get_by_label("Paper in the portal")
    expect(chooser).to_have_value(label)
    chooser.fill("999999")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("No paper in the portal has the number 999999.")).to_be_visible()
    expect(chooser).to_have_value("999999")
    axe_check(page)
