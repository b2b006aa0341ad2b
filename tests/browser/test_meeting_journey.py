"""The meeting cycle in Chromium: agenda with late and exempt items, packs, positions, decisions."""

import re

import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import Decision, Paper, Position
from pcp_portal.pdf import pdf_text

from ..conftest import at_two_pm, meeting_has_begun
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agenda_to_public_decisions(new_page, axe_check, board, secretary, member, chair, make_paper):
    meeting = services.schedule_meeting(board=board, starts_at=at_two_pm(3), user=secretary, location="Room 1")
    make_paper(Paper.Status.CLEARED, title="Outturn Report")
    make_paper(Paper.Status.CLEARED, title="Disposal Offers")

    # The secretary builds the agenda: a late item and an exempt one, then publishes.
    page = new_page()
    sign_in(page, "secretary")
    page.get_by_role("main").get_by_role("link", name="Meetings").click()
    page.get_by_role("main").get_by_role("link", name=board.name).first.click()
    axe_check(page)
    expect(page.get_by_text("passed: new items are late items")).to_be_visible()

    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Provisional Outturn")
    page.get_by_label("Paper").select_option(label="Outturn Report (Cleared, OFFICIAL)")
    page.get_by_label("Reason for urgency").fill("The year-end figures arrived late.")
    page.get_by_role("button", name="Save item").click()
    page.get_by_text("added as a late item").wait_for()

    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Headquarters Disposal")
    page.get_by_label("Paper").select_option(label="Disposal Offers (Cleared, OFFICIAL)")
    page.get_by_label("Exempt (private)").check()
    page.get_by_label("Exemption category").select_option("3")
    page.get_by_label("Public interest reason").fill("Negotiations continue.")
    page.get_by_label("Reason for urgency").fill("Offers close this week.")
    page.get_by_role("button", name="Save item").click()
    page.get_by_text("added as a late item").wait_for()
    expect(page.get_by_text("Reason for urgency: The year-end figures arrived late.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Publish the agenda and packs").click()
    page.get_by_role("button", name="Publish the agenda and build the packs").click()
    page.get_by_text("Agenda published.").wait_for()
    page.reload()
    expect(page.get_by_role("link", name="Confidential pack for members")).to_be_visible()

    # A member records a position on each recommendation.
    outturn = Paper.objects.get(title="Outturn Report")
    page = new_page()
    sign_in(page, "member")
    page.goto(outturn.get_staff_url())
    for index in range(outturn.recommendations.count()):
        form = page.locator('form[action$="/position/"]').nth(index)
        form.get_by_label("Support").check()
        form.get_by_role("button", name=re.compile("Record my position")).click()
        page.get_by_text("Your position is recorded.").wait_for()
    assert Position.objects.filter(member__user=member).count() == 2

    # The meeting takes place (yesterday afternoon); the secretary records the decisions; the chair confirms them.
    meeting_has_begun(meeting, starts_at=at_two_pm(-1))
    page = new_page()
    sign_in(page, "secretary")
    page.goto(outturn.get_staff_url())
    for index in range(2):
        form = page.locator('form[action$="/decision/"]').nth(index)
        form.get_by_label(re.compile("The board's decision")).select_option("noted")
        form.get_by_role("button", name="Record the decision").click()
        page.get_by_text("Decision recorded").wait_for()
    page = new_page()
    sign_in(page, "chair")
    page.goto(outturn.get_staff_url())
    for _ in range(2):
        page.get_by_role("button", name=re.compile("Confirm the decision")).first.click()
        page.get_by_text("Decision confirmed.").wait_for()
    assert Decision.objects.confirmed().count() == 2

    # The public sees the meeting, the public pack and the decisions, never the exempt paper.
    page = new_page()
    page.goto("/meetings/")
    page.get_by_role("link", name=re.compile(r"\d{4}, 14:00")).first.click()
    assert page.url.endswith(meeting.get_absolute_url())
    axe_check(page)
    expect(page.get_by_text("Headquarters Disposal")).to_be_visible()
    expect(page.get_by_text(re.compile("3. Information relating to the financial"))).to_be_visible()
    assert page.get_by_text("Disposal Offers").count() == 0
    expect(page.get_by_text("The Board noted the progress made against the Victims theme.")).to_be_visible()
    href = page.get_by_role("link", name="Agenda pack").get_attribute("href")
    text = pdf_text(page.request.get(href).body())
    assert "OUTTURN REPORT" in text and "DISPOSAL OFFERS" not in text

    page.get_by_role("link", name="Decisions").first.click()
    expect(page.get_by_text("The Board noted the progress made against the Victims theme.")).to_be_visible()
    axe_check(page)
