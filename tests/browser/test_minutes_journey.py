"""Minutes in Chromium: drafted from a held meeting, cleared, approved, signed, read by the public."""

import re

import pytest
from playwright.sync_api import expect

from boards import services as board_services
from boards.models import Meeting
from minutes.models import Minutes
from pcp_portal.pdf import pdf_text

from ..conftest import at_two_pm
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_minutes_from_draft_to_the_public(new_page, axe_check, board, secretary, reviewer, chair, member):
    held = board_services.schedule_meeting(board=board, starts_at=at_two_pm(-30), user=secretary, location="Room 1")
    board_services.add_agenda_item(meeting=held, user=secretary, title="Custody Contract", late_reason="Urgent.")
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    following = board_services.schedule_meeting(board=board, starts_at=at_two_pm(-2), user=secretary)
    board_services.mark_meeting_held(meeting=following, user=secretary)

    # The secretary drafts the minutes from the held meeting.
    page = new_page()
    sign_in(page, "secretary")
    page.goto(f"/workspace/meetings/{held.pk}/")
    page.get_by_role("button", name="Draft the minutes").click()
    page.wait_for_url(re.compile(r"/workspace/minutes/\d+/edit/"))
    axe_check(page)
    items = page.get_by_role("region", name="Items")
    custody = items.get_by_role("group", name="4. Custody Contract")
    custody.get_by_label("Body").fill(
        "The Board discussed the contract.\n\nMembers asked about costs:\n- staffing;\n- drugs."
    )
    actions = page.get_by_role("region", name="Actions agreed")
    actions.get_by_role("button", name="Add action").click()
    row = actions.locator("[data-formset-row]").last
    row.get_by_label("Item").select_option(label="4. Custody Contract")
    row.get_by_label("Text").fill("Report the contract's costs")
    row.get_by_label("Owner").select_option(index=1)
    row.get_by_label("Due date").fill("2030-01-31")
    # The actions keep the order they were agreed in: no row offers to move, which would not be saved.
    assert actions.get_by_role("button", name="Move up").count() == 0
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_text("Minutes saved.").wait_for()
    expect(page.get_by_text(re.compile(r"Action \d{4}/01: Report the contract's costs"))).to_be_visible()

    minutes = Minutes.objects.get()
    # The item records no decision: the secretary cannot submit the minutes for clearance, and sees why.
    page.goto(minutes.get_staff_url())
    page.get_by_role("button", name="Submit for clearance").click()
    page.get_by_text("The minutes were not submitted").wait_for()
    checks = page.get_by_role("region", name="Fix before these minutes can be cleared")
    expect(checks.get_by_text("Item 4:")).to_be_visible()
    axe_check(page)

    # The item was for information: the secretary says so and submits them; a reviewer clears them.
    page.goto(f"/workspace/minutes/{minutes.pk}/edit/")
    page.get_by_role("group", name="4. Custody Contract").get_by_label("For information").check()
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_text("Minutes saved.").wait_for()
    page.goto(minutes.get_staff_url())
    assert page.get_by_role("region", name="Fix before these minutes can be cleared").count() == 0
    page.get_by_role("button", name="Submit for clearance").click()
    page.get_by_text("Minutes submitted for clearance").wait_for()
    page = new_page()
    sign_in(page, "reviewer")
    page.goto(minutes.get_staff_url())
    page.get_by_role("button", name="Clear for circulation").click()
    page.get_by_text("Minutes cleared").wait_for()
    axe_check(page)

    # The secretary circulates them and records their approval at the next meeting.
    page = new_page()
    sign_in(page, "secretary")
    page.goto(minutes.get_staff_url())
    page.get_by_role("button", name="Circulate to members as a draft").click()
    page.get_by_text("Draft minutes circulated").wait_for()
    page.get_by_label("Approved as a correct record at the meeting of").select_option(str(following.pk))
    page.get_by_role("button", name="Record approval").click()
    page.get_by_text("Approval recorded").wait_for()

    # The chair signs with their own login; the secretary publishes.
    page = new_page()
    sign_in(page, "chair")
    page.goto(minutes.get_staff_url())
    page.get_by_role("button", name="Sign as a correct record").click()
    page.get_by_role("button", name="Sign the minutes").click()
    page.get_by_text("Minutes signed.").wait_for()
    page = new_page()
    sign_in(page, "secretary")
    page.goto(minutes.get_staff_url())
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Minutes published.").wait_for()

    # An anonymous visitor reads them from the meeting page and downloads the PDF.
    page = new_page()
    page.goto(held.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    axe_check(page)
    expect(page.get_by_text("The Board discussed the contract.")).to_be_visible()
    expect(page.get_by_text("This item was for information.")).to_be_visible()
    expect(page.get_by_text(f"Signed: {chair.person.name} (Chair)")).to_be_visible()
    href = page.get_by_role("link", name="Download the minutes (PDF)").get_attribute("href")
    text = re.sub(r"\s+", " ", pdf_text(page.request.get(href).body()))
    assert "APPROVED MINUTES" in text and "4.1 The Board discussed the contract." in text
    assert "Page 1 of" in text
    assert "This item was for information." in text
