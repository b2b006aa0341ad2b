"""A paper from the author's first keystroke to the public's download, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from boards.models import Paper
from pcp_portal.pdf import pdf_text

from ..factories import PersonFactory
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_review_publish_and_read(new_page, axe_check, board, author, reviewer, secretary, agenda_item):
    PersonFactory(name="Priya Lindqvist", post_title="Head of Policy")

    # The author drafts the paper.
    page = new_page()
    sign_in(page, "author")
    page.get_by_role("link", name="Draft a new paper").click()
    axe_check(page)
    details = page.get_by_role("region", name="Details")
    details.get_by_label("Title").fill("Victims Theme: Delivery Update")
    details.get_by_label("Board").select_option(label=board.name)
    details.get_by_label("Agenda item").select_option(index=1)
    details.get_by_label("From").fill("Chief Executive")
    details.get_by_label("Purpose").fill("The purpose of this report is to update the Board on the Victims theme.")
    details.get_by_label("Contact officer").select_option(index=1)

    recommendations = page.locator('[data-formset="recommendations"]')
    recommendations.locator("[data-formset-row]").nth(0).get_by_label("Recommendation").fill(
        "the progress made against the theme"
    )
    recommendations.get_by_role("button", name="Add recommendation").click()
    second = recommendations.locator("[data-formset-row]").nth(1)
    second.get_by_label("The Board is recommended to").select_option("approve")
    second.get_by_label("Recommendation").fill("the revised wording of action V4")
    # Put the approval first.
    second.get_by_role("button", name="Move up").click()

    sections = page.locator('[data-formset="sections"]')
    sections.get_by_label("Heading").fill("Update")
    sections.get_by_label("Body").fill(
        "Six actions are green.\n- the contract ends in March;\n- the hub has merged.\n\nV8 remains red."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/workspace/papers/\d+/$"))
    paper = Paper.objects.get()
    assert [r.verb for r in paper.recommendations.all()] == ["approve", "note"]
    paragraphs = page.locator("p.para").all_inner_texts()
    assert "2.1\tThe Board is recommended to approve the revised wording of action V4." in paragraphs

    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted for review.").wait_for()

    # The reviewer clears it.
    page = new_page()
    sign_in(page, "reviewer")
    page.get_by_role("link", name="Victims Theme: Delivery Update").first.click()
    page.get_by_role("button", name="Clear for publication").click()
    page.get_by_text("Cleared for publication.").first.wait_for()

    # The secretary publishes it.
    page = new_page()
    sign_in(page, "secretary")
    page.get_by_role("link", name="Victims Theme: Delivery Update").first.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Publish the paper").click()
    page.get_by_text("Published.").wait_for()

    # The public finds it from the home page and downloads the PDF.
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="All published papers").click()
    page.get_by_role("link", name="Victims Theme: Delivery Update").click()
    axe_check(page)
    # In sections 2 and the closing section, numbered; and once more under the Board's decisions, not yet taken.
    recommendation = "The Board is recommended to approve the revised wording of action V4."
    assert page.locator("p.para").get_by_text(recommendation).count() == 2
    decisions = page.get_by_role("region", name="The Board's decisions")
    expect(decisions.get_by_text(recommendation)).to_be_visible()
    assert decisions.get_by_text("No decision has been published yet.").count() == 2
    bullets = page.locator(".para-cont li").all_inner_texts()
    assert [item.split("\t") for item in bullets] == [
        ["•", "the contract ends in March;"],
        ["•", "the hub has merged."],
    ]
    # The list stands under its paragraph's text, which the number's column pushes in.
    list_left, text_left, number_left = page.locator("ul.para-cont").first.evaluate(
        """list => {
            const para = list.previousElementSibling;
            const box = para.getBoundingClientRect();
            const text = box.left + parseFloat(getComputedStyle(para).paddingLeft);
            return [list.getBoundingClientRect().left, text, box.left];
        }"""
    )
    assert list_left == text_left > number_left
    href = page.get_by_role("link", name=re.compile("Download the PDF")).get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", " ", pdf_text(response.body()))
    assert "VICTIMS THEME: DELIVERY UPDATE" in text
    assert "2.1 The Board is recommended to approve the revised wording of action V4." in text
    assert "Page 1 of" in text


def test_the_public_pages_pass_axe(new_page, axe_check, make_paper, board):
    paper = make_paper(Paper.Status.PUBLISHED)
    page = new_page()
    pages = [
        "/",
        "/papers/",
        "/boards/",
        board.get_absolute_url(),
        paper.get_absolute_url(),
        "/accessibility/",
        "/meetings/",
        "/decisions/",
        "/search/?q=outturn",
    ]
    for url in pages:
        page.goto(url)
        axe_check(page)


def test_the_axe_check_does_catch_a_serious_violation(new_page, axe_check):
    page = new_page()
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page)


def test_the_public_pages_work_without_javascript(
    browser, live_server, make_paper, board, axe_check, author, secretary
):
    from boards import services as board_services

    from ..conftest import at_two_pm
    from ..plan_factories import make_plan

    paper = make_paper(Paper.Status.PUBLISHED, title="Outturn Without Scripts")
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(30), user=secretary)
    plan = make_plan(periods=1)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("link", name="All published papers").click()
        page.get_by_role("link", name="Outturn Without Scripts").click()
        expect(page.get_by_text("1.1").first).to_be_visible()
        page.goto("/search/")
        page.get_by_label("Words to find").fill("outturn")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("link", name="Outturn Without Scripts")).to_be_visible()
        page.goto("/meetings/")
        page.get_by_label("Board").select_option(board.slug)
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("link", name=re.compile(r"\d{4}, 14:00")).first).to_be_visible()
        for url in [
            meeting.get_absolute_url(),
            f"/plan/themes/{plan.themes.first().pk}/",
            f"/boards/{board.slug}/minutes/",
            paper.get_absolute_url(),
        ]:
            page.goto(url)
            expect(page.locator("main h1")).to_be_visible()
    finally:
        context.close()
    # axe over the pages the other tests leave out.
    checked = browser.new_context(base_url=live_server.url)
    try:
        axe_page = checked.new_page()
        for url in [f"/plan/themes/{plan.themes.first().pk}/", f"/boards/{board.slug}/minutes/"]:
            axe_page.goto(url)
            axe_check(axe_page)
    finally:
        checked.close()
