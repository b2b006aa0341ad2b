"""A decision notice in Chromium: drafted by an officer, advised by finance and legal, signed, published."""

import re

import pytest
from playwright.sync_api import expect

from pcp_portal.pdf import pdf_text
from pcp_portal.roles import Role
from transparency.models import DecisionNotice

from ..factories import PersonFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIDENTIAL = "Preferred bidder Quillon Estates at 3.85 million"


def test_a_notice_from_draft_to_publication(new_page, axe_check, author, secretary):
    commissioner = UserFactory(username="pcc", first_name="Alex", last_name="Morgan", roles=[Role.COMMISSIONER])
    PersonFactory(user=commissioner, name="Alex Morgan", post_title="Police and Crime Commissioner", organisation="")
    finance = UserFactory(username="cfo", roles=[Role.FINANCE])
    PersonFactory(user=finance, name="Ravi Chandra", post_title="Chief Finance Officer", organisation="")
    legal = UserFactory(username="monitoring", roles=[Role.LEGAL])
    PersonFactory(user=legal, name="Helen Ashdown", post_title="Monitoring Officer", organisation="")

    # An officer drafts the notice; a missing decision is marked beside its field and the typed text kept.
    page = new_page()
    sign_in(page, "author")
    page.goto("/workspace/transparency/")
    axe_check(page)
    page.get_by_role("link", name="Draft a decision notice").click()
    page.get_by_label("Title").fill("Disposal of the Former Headquarters Site")
    page.get_by_label("Decision-maker").select_option(label="Alex Morgan, Police and Crime Commissioner")
    page.get_by_label("Confidential part", exact=True).fill(CONFIDENTIAL)
    page.get_by_label("Why the confidential part is withheld").fill("Commercially sensitive until exchange.")
    page.get_by_label("Financial implications").fill("The receipt funds the capital programme.")
    page.get_by_label("Financial adviser").select_option(label="Ravi Chandra, Chief Finance Officer")
    page.get_by_role("button", name="Save the notice").click()
    page.get_by_text("The notice was not saved").wait_for()
    # The keyboard starts at the message saying what went wrong, not at the top of the page.
    expect(page.get_by_role("alert").filter(has_text="The notice was not saved")).to_be_focused()
    assert page.get_by_label("Title").input_value() == "Disposal of the Former Headquarters Site"
    axe_check(page)
    decision = page.get_by_role("textbox", name=re.compile(r"^Decision"))
    decision.fill("To sell the former headquarters site to the preferred bidder.")
    page.get_by_role("button", name="Save the notice").click()
    page.get_by_text(re.compile(r"Saved decision notice \d{4}/001")).wait_for()
    notice = DecisionNotice.objects.get()
    expect(page.get_by_role("region", name="Confidential part").get_by_text(CONFIDENTIAL)).to_be_visible()
    axe_check(page)

    # Finance and legal record their advice, each with their own login.
    for username, button, comment in (
        ("cfo", "Sign off the financial advice", "Affordable."),
        ("monitoring", "Sign off the legal advice", ""),
    ):
        page = new_page()
        sign_in(page, username)
        page.goto("/workspace/transparency/")
        page.get_by_role("link", name="Disposal of the Former Headquarters Site").click()
        if comment:
            page.get_by_label("Comment (optional)").fill(comment)
        page.get_by_role("button", name=button).click()
        page.get_by_text("advice signed off.").wait_for()
        axe_check(page)
    notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.ADVISED

    # The Commissioner signs with their own login: the PDF is made once, without the confidential part.
    page = new_page()
    sign_in(page, "pcc")
    page.goto("/workspace/transparency/")
    queue = page.get_by_role("region", name="Notices for you to sign")
    queue.get_by_role("link", name="Disposal of the Former Headquarters Site").click()
    axe_check(page)
    page.get_by_role("button", name="Sign the decision").click()
    page.get_by_text("Signed. The PDF is made and stored.").wait_for()
    notice.refresh_from_db()
    with notice.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "A confidential part of this decision is not published." in text and "Quillon" not in text

    # The secretary tries to hold it back without a reason, then publishes it now.
    page = new_page()
    sign_in(page, "secretary")
    page.goto(f"/workspace/decisions/{notice.pk}/")
    page.get_by_label("Hold back until a date").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Give the reason for holding the notice back.").wait_for()
    axe_check(page)
    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published.", exact=True).wait_for()
    axe_check(page)
    assert DecisionNotice.objects.public().filter(pk=notice.pk).exists()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("table", name=re.compile("Changes to decision notice"))).to_be_visible()
    axe_check(page)
