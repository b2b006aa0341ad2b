"""A figure from the author's upload to the public page, in Chromium: it loads under every page's policy."""

import re

import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import Paper

from ..images import png_bytes, svg_bytes
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOADED = "img => img.complete && img.naturalWidth > 0"


def test_an_uploaded_figure_shows_in_the_workspace_and_on_the_public_page(
    new_page, axe_check, make_paper, author, reviewer, secretary, tmp_path
):
    paper = make_paper(title="Cases by Month")
    paper.sections.update(body="Cases rose.\n\n![Figure 1]\n\nThe bars below are drawn in SVG.\n\n![Figure 2]")
    chart = tmp_path / "cases.png"
    chart.write_bytes(png_bytes(300, 150))
    drawing = tmp_path / "bars.svg"
    drawing.write_bytes(svg_bytes(text="Cases"))
    refused = tmp_path / "sneaky.svg"
    refused.write_bytes(svg_bytes(attributes='width="10" height="10" onload="alert(1)"'))

    page = new_page()
    sign_in(page, "author")
    page.goto(f"/workspace/papers/{paper.pk}/edit/?add=figures")
    figures = page.locator('[data-formset="figures"]')
    row = figures.locator("[data-formset-row]").nth(0)
    row.get_by_label("Image (PNG, JPEG or SVG)").set_input_files(str(refused))
    row.get_by_label("Alternative text").fill("Monthly cases, rising from 40 to 90")
    page.get_by_role("button", name="Save and keep editing").click()
    # Refused beside the field; what was typed stays.
    expect(row.get_by_text("event handler (onload)")).to_be_visible()
    assert row.get_by_label("Alternative text").input_value() == "Monthly cases, rising from 40 to 90"

    row.get_by_label("Image (PNG, JPEG or SVG)").set_input_files(str(chart))
    row.get_by_label("Caption").fill("Cases by month")
    figures.get_by_role("button", name="Add figure").click()
    second = figures.locator("[data-formset-row]").nth(1)
    second.get_by_label("Image (PNG, JPEG or SVG)").set_input_files(str(drawing))
    second.get_by_label("Alternative text").fill("Two bars, the second shorter")
    page.get_by_role("button", name="Save and keep editing").click()
    page.wait_for_url(re.compile(rf"/workspace/papers/{paper.pk}/edit/$"))
    previews = page.locator("img.figure-preview")
    assert previews.count() == 2 and all(previews.nth(i).evaluate(LOADED) for i in range(2))
    axe_check(page)

    page.goto(f"/workspace/papers/{paper.pk}/")
    shown = page.locator("figure.body-figure img")
    assert shown.count() == 2 and all(shown.nth(i).evaluate(LOADED) for i in range(2))
    expect(page.get_by_text("Figure 1: Cases by month")).to_be_visible()

    services.submit_paper(paper=paper, user=author)
    services.clear_paper(paper=paper, user=reviewer)
    services.publish_paper(paper=paper, user=secretary)

    public = new_page()
    public.goto(Paper.objects.get(pk=paper.pk).get_absolute_url())
    shown = public.locator("figure.body-figure img")
    assert shown.count() == 2 and all(shown.nth(i).evaluate(LOADED) for i in range(2))
    assert shown.nth(0).get_attribute("alt") == "Monthly cases, rising from 40 to 90"
    assert shown.nth(0).get_attribute("src").startswith(f"/papers/{paper.pk}/figures/")
    axe_check(public)
