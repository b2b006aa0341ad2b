"""The public in Chromium: from Decisions to the Commissioner's register, a notice, its PDF, the transparency page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from transparency.models import DecisionNotice, TransparencyLink

from ..factories import PersonFactory, PlanFactory, ThemeFactory
from ..leak_notices import add_document, notice_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = DecisionNotice.Status


def test_the_public_finds_reads_and_downloads_a_commissioners_decision(new_page, axe_check):
    commissioner = PersonFactory(name="Gwen Tremayne")
    cfo = PersonFactory(name="Ravi Chandra", post_title="Chief Finance Officer")
    victims = ThemeFactory(plan=PlanFactory(), name="Victims")
    hub = notice_in_state(
        S.PUBLISHED,
        decision_maker=commissioner,
        title="Victims Hub Contract",
        decision="To award the contract for the victims hub.",
        financial_implications="Within the approved budget.",
        financial_adviser=cfo,
        confidential_text="The tender prices of each bidder.",
        confidential_reason="Commercially sensitive until the contract is signed.",
        hold_until=timezone.now() - timedelta(days=1),
        hold_reason="Held until the bidders were told.",
    )
    hub.themes.add(victims)
    add_document(hub, "Options appraisal", "Costs of each option")
    add_document(hub, "Bids received", "Bid values", confidential=True, position=1)
    notice_in_state(S.PUBLISHED, decision_maker=commissioner, title="Estates Disposal")
    notice_in_state(
        S.HELD, decision_maker=commissioner, title="Custody Contract", hold_until=timezone.now() + timedelta(days=9)
    )
    TransparencyLink.objects.create(paragraph="3", title="Salaries of senior staff", url="https://example.org/pay")

    page = new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    page.wait_for_url("**/decisions/")
    assert page.get_by_role("heading", level=1).inner_text() == "Board decisions"
    axe_check(page)
    page.get_by_role("navigation", name="Kinds of decision").get_by_role(
        "link", name="The Commissioner's decisions"
    ).click()
    page.wait_for_url("**/decisions/commissioner/")
    register = page.get_by_role("region", name="The Commissioner's decisions")
    expect(register.get_by_role("link", name="Victims Hub Contract")).to_be_visible()
    expect(register.get_by_role("link", name="Estates Disposal")).to_be_visible()
    assert page.get_by_text("Custody Contract").count() == 0
    axe_check(page)

    # Filter by theme, then search the register's words.
    page.get_by_label("Plan theme").select_option(label="Victims")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"theme="))
    assert register.get_by_role("link", name="Estates Disposal").count() == 0
    page.get_by_label("Plan theme").select_option(label="All themes")
    page.get_by_label("Words or reference").fill("victims hub")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"q=victims"))
    expect(page.get_by_text("1 decision matching")).to_be_visible()

    register.get_by_role("link", name="Victims Hub Contract").click()
    page.wait_for_url(f"**{hub.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).text_content().strip() == "Victims Hub Contract"
    expect(page.get_by_text("Advice given by Ravi Chandra, Chief Finance Officer")).to_be_visible()
    expect(page.get_by_text("Commercially sensitive until the contract is signed.")).to_be_visible()
    expect(page.get_by_text("Held until the bidders were told.")).to_be_visible()
    assert page.get_by_text("The tender prices").count() == 0
    assert page.get_by_role("link", name="Bids received").count() == 0
    axe_check(page)
    for name in ["Options appraisal", re.compile("Download the signed notice")]:
        response = page.request.get(page.get_by_role("link", name=name).get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Transparency").click()
    page.wait_for_url("**/transparency/")
    on_portal = page.get_by_role("region", name="Published on this portal")
    expect(on_portal.get_by_role("link", name="The Commissioner's decisions")).to_be_visible()
    assert (
        page.get_by_role("region", name="Published elsewhere by the office")
        .get_by_role("link", name="Salaries of senior staff")
        .is_visible()
    )
    axe_check(page)
