"""The plan's delivery in Chromium: the grid, publication, and the public dashboard and timeline."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import Assessment

from ..plan_factories import make_plan
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_grid_to_public_dashboard(new_page, axe_check, author, secretary):
    plan = make_plan(actions_per_theme=2, periods=2)
    period = plan.periods.order_by("starts_on").first()

    # Staff enter the Victims theme, then the rest of the plan, in the grid.
    page = new_page()
    sign_in(page, "author")
    page.goto("/workspace/plan/")
    page.get_by_role("link", name=f"Enter assessments for {period.label}").click()
    page.get_by_role("link", name="Victims").click()
    axe_check(page)
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    rows.nth(0).locator("select").select_option("R")
    rows.nth(0).locator("textarea").fill("Court backlogs persist.")
    rows.nth(1).locator("select").select_option("G")
    page.get_by_role("button", name="Save the assessments").click()
    page.get_by_text("2 assessments saved").wait_for()
    page.get_by_role("link", name="Whole plan").click()
    for index in range(2, 8):
        page.locator("tbody tr").nth(index).locator("select").select_option("A")
    page.get_by_role("button", name="Save the assessments").click()
    page.get_by_text("6 assessments saved").wait_for()  # the two Victims rows are unchanged: not written again
    assert Assessment.objects.count() == 8

    # The secretary publishes the delivery report, which closes the period.
    page = new_page()
    sign_in(page, "secretary")
    page.goto(f"/workspace/plan/periods/{period.pk}/report/")
    page.get_by_role("button", name="Publish the report and close the period").click()
    page.get_by_role("heading", name="Publish the report and close the period?").wait_for()
    page.get_by_role("button", name="Publish the report and close the period").click()
    page.get_by_text("is published and the period is closed").wait_for()

    # An anonymous visitor reads the dashboard, the report and an action's timeline.
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Plan delivery").click()
    axe_check(page)
    expect(page.get_by_role("heading", name=f"Red actions in {period.label}")).to_be_visible()
    page.get_by_role("link", name=period.label).first.click()
    axe_check(page)
    expect(page.get_by_text("Court backlogs persist.")).to_be_visible()
    page.get_by_role("link", name="V1", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("V1: Victims action 1"))).to_be_visible()
    expect(page.locator("table").get_by_text("Red")).to_be_visible()
    axe_check(page)
