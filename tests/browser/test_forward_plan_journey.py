"""The forward plan in Chromium: an entry drafted, published late with its reason, read by the public as Late."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pcp_portal.roles import Role
from transparency.models import ForwardPlanEntry

from ..factories import PersonFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_entry_published_late_shows_the_public_its_reason(new_page, axe_check, secretary):
    commissioner = UserFactory(username="pcc", roles=[Role.COMMISSIONER])
    PersonFactory(user=commissioner, name="Morgan Hale", post_title="Police and Crime Commissioner")
    PersonFactory(name="Dana Greaves", post_title="Head of Commissioning")
    expected = timezone.localdate() + timedelta(days=12)

    page = new_page()
    sign_in(page, "secretary")
    page.goto("/workspace/forward-plan/")
    axe_check(page)
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Subject").fill("Award of the victims' services contract")
    page.get_by_label("Description").fill("Award after the open procurement.")
    page.get_by_label("Decision-maker (a person)").select_option(label="Morgan Hale, Police and Crime Commissioner")
    page.get_by_label("Expected date of the decision").fill(expected.isoformat())
    page.get_by_label("Expected to be taken in private").check()
    page.get_by_label("Contact officer").select_option(label="Dana Greaves, Head of Commissioning")
    page.get_by_role("button", name="Save entry").click()
    # In private without a reason: refused beside the field, with what was typed kept.
    page.get_by_text("Say why the decision is expected to be taken in private").wait_for()
    assert page.get_by_label("Subject").input_value() == "Award of the victims' services contract"
    axe_check(page)
    page.get_by_label("Why in private").fill("Commercially sensitive prices.")
    page.get_by_role("button", name="Save entry").click()
    page.get_by_text("Entry saved as a draft").wait_for()
    axe_check(page)

    # Twelve days ahead is late: the secretary is asked for the reason before publishing.
    expect(page.get_by_text("12 days' notice").first).to_be_visible()
    page.get_by_role("button", name="Publish on the forward plan").click()
    page.get_by_text("give the reason it is late").wait_for()
    assert ForwardPlanEntry.objects.get().published_at is None
    page.get_by_label("Reason for late entry").fill("The grant was confirmed only this week.")
    page.get_by_role("button", name="Publish on the forward plan").click()
    page.get_by_text("It is marked Late, with your reason.").wait_for()

    public = new_page()
    public.goto("/forward-plan/")
    axe_check(public)
    row = public.get_by_role("row", name=re.compile("Award of the victims"))
    expect(row.get_by_text("Late", exact=True)).to_be_visible()
    assert "The grant was confirmed only this week." in row.inner_text()
    assert "Commercially sensitive prices." in row.inner_text()
    public.get_by_role("link", name="Award of the victims' services contract").click()
    public.get_by_role("heading", level=1, name="Award of the victims' services contract").wait_for()
    expect(public.get_by_text("The grant was confirmed only this week.")).to_be_visible()
    axe_check(public)

    # On a phone, the Late flag and its reason sit beside the subject, in view before the table is scrolled.
    for reader, url in ((public, "/forward-plan/"), (page, "/workspace/forward-plan/")):
        reader.set_viewport_size({"width": 375, "height": 800})
        reader.goto(url)
        row = reader.get_by_role("row", name=re.compile("Award of the victims"))
        flag = row.get_by_text("Late", exact=True)
        box = flag.bounding_box()
        assert flag.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 375, (url, box)
        reason = row.get_by_text("The grant was confirmed only this week.").bounding_box()
        assert reason["x"] >= 0 and reason["x"] < 375, (url, reason)
        axe_check(reader)
