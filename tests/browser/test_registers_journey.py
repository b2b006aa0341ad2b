"""The registers in Chromium: a holder adds an interest, the secretary records a gift, the public reads both."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from pcp_portal.roles import Role
from transparency.models import Gift, InterestRegister
from transparency.services import registers as services

from ..factories import PersonFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_holder_keeps_their_register_and_the_public_reads_it_with_the_gifts(new_page, axe_check, secretary):
    deputy = UserFactory(username="deputy", roles=[Role.COMMISSIONER])
    person = PersonFactory(name="Nadia Farrow", initials="NF", user=deputy, post_title="Deputy Commissioner")
    register = services.create_register(
        user=secretary,
        person=person,
        capacity=InterestRegister.Capacity.DEPUTY,
        holds_office_from=date(2024, 6, 3),
        staff_note="Reminded at the induction.",
    )

    # The deputy signs in, finds their register from the workspace and adds an interest.
    page = new_page()
    sign_in(page, "deputy")
    page.goto("/workspace/")
    page.get_by_role("link", name="Your register of interests").click()
    page.wait_for_url(re.compile(rf"/workspace/registers/{register.pk}/$"))
    expect(page.get_by_role("heading", name="Register of interests: Nadia Farrow")).to_be_visible()
    assert page.get_by_text("Reminded at the induction.").count() == 0
    axe_check(page)
    page.get_by_role("link", name="Add an interest").click()
    page.get_by_label("Category").select_option(label="Business interests and shareholdings")
    page.get_by_label("Description").fill("Shares in Farrow Design Ltd, a family company")
    page.get_by_label("From").fill("2019-04-01")
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Entry added to the register.").wait_for()
    page.get_by_role("link", name=re.compile("^History")).first.click()
    expect(page.get_by_role("cell", name="Entry added")).to_be_visible()
    axe_check(page)

    # The secretary records a declined offer; a negative value is refused beside the field first.
    page = new_page()
    sign_in(page, "secretary")
    page.goto("/workspace/gifts/")
    axe_check(page)
    page.get_by_role("link", name="Record an offer").click()
    page.get_by_label("Date offered").fill("2026-02-09")
    page.get_by_label("Recipient").select_option(label="Nadia Farrow, Deputy Commissioner")
    page.get_by_label("What was offered").fill("Two tickets to the Business Awards dinner")
    page.get_by_label("Offered by").fill("Northshire Chamber of Commerce")
    page.get_by_label("Estimated value (£)").fill("-5")
    page.get_by_label("Outcome").select_option(label="Declined")
    page.get_by_label("Reason").fill("The deputy was judging a category.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The estimated value cannot be negative.").wait_for()
    assert page.get_by_label("What was offered").input_value() == "Two tickets to the Business Awards dinner"
    axe_check(page)
    page.get_by_label("Estimated value (£)").fill("180")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved GH2026/001.").wait_for()
    assert Gift.objects.get().recipient_post.startswith("Deputy Commissioner")

    # The public reads the register and the gifts register.
    page = new_page()
    page.goto("/registers/interests/")
    axe_check(page)
    page.get_by_role("link", name="Nadia Farrow").click()
    expect(page.get_by_role("heading", name="Register of interests: Nadia Farrow")).to_be_visible()
    expect(page.get_by_text("Shares in Farrow Design Ltd, a family company")).to_be_visible()
    assert page.get_by_text("Reminded at the induction.").count() == 0
    axe_check(page)
    page.goto("/registers/gifts/")
    page.get_by_label("Outcome").select_option(label="Declined")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"outcome=declined"))
    row = page.locator("tbody tr", has_text="GH2026/001")
    expect(row.get_by_text("Two tickets to the Business Awards dinner")).to_be_visible()
    expect(row.get_by_text("Declined")).to_be_visible()
    axe_check(page)
