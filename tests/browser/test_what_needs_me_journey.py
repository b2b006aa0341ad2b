"""What needs me in Chromium: each role lands on its own queue, a returned paper says why, and an
irreversible step asks first and then says it is working."""

import re

import pytest
from playwright.sync_api import expect

from boards import services as board_services
from boards.models import Paper

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def queue(page, title):
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(title)} \d+$"))


def test_each_role_finds_its_work_and_acts_on_it(new_page, axe_check, make_paper, author, reviewer, secretary):
    returned = make_paper(Paper.Status.SUBMITTED, title="Estates Strategy")
    board_services.return_paper(paper=returned, user=reviewer, comment="Cost the second option.")
    make_paper(Paper.Status.SUBMITTED, title="Victims Commissioning")
    make_paper(Paper.Status.CLEARED, title="Custody Contract")

    # The reviewer lands on the paper waiting for review, and nothing of the author's drafts.
    page = new_page()
    sign_in(page, "reviewer")
    expect(page.get_by_role("heading", name="What needs me", level=1)).to_be_visible()
    waiting = queue(page, "Papers awaiting review")
    expect(waiting.get_by_text("1", exact=True)).to_be_visible()
    expect(waiting.get_by_role("link", name="Victims Commissioning")).to_be_visible()
    assert page.get_by_role("link", name="Estates Strategy").count() == 0
    axe_check(page)

    # The author sees the returned paper with the reviewer's comment, and again at the top of the editor.
    page = new_page()
    sign_in(page, "author")
    drafts = queue(page, "Your drafts")
    expect(drafts.get_by_text("Returned: Cost the second option.")).to_be_visible()
    page.goto(f"/workspace/papers/{returned.pk}/edit/")
    note = page.get_by_role("note").filter(has_text="Returned to you for changes")
    expect(note.get_by_text("Cost the second option.")).to_be_visible()
    axe_check(page)

    # The secretary publishes the cleared paper: asked first, then told it is working.
    page = new_page()
    sign_in(page, "secretary")
    queue(page, "Cleared papers to publish").get_by_role("link", name="Custody Contract").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("heading", name="Publish this paper?").wait_for()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    axe_check(page)
    # The step says it is working while the request runs (here the form's own listener keeps the page).
    page.evaluate("document.querySelector('form[data-working]').addEventListener('submit', (e) => e.preventDefault())")
    page.get_by_role("button", name="Publish the paper").click()
    page.get_by_role("status").filter(has_text="Working…").wait_for()
    assert page.get_by_role("button", name="Working…").is_disabled()
    assert Paper.objects.get(title="Custody Contract").status == Paper.Status.CLEARED
    page.goto(Paper.objects.get(title="Custody Contract").get_staff_url())
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Publish the paper").click()
    page.get_by_text("Published.").wait_for()
    assert Paper.objects.get(title="Custody Contract").status == Paper.Status.PUBLISHED


def test_the_e_mail_preferences_page_turns_a_kind_off(new_page, axe_check, reviewer):
    page = new_page()
    sign_in(page, "reviewer")
    page.get_by_role("link", name="E-mail preferences").click()
    box = page.get_by_label("Papers and minutes submitted for review (reviewers)")
    assert box.is_checked()
    axe_check(page)
    box.uncheck()
    page.get_by_role("button", name="Save preferences").click()
    page.get_by_text("Your e-mail preferences are saved.").wait_for()
    assert not page.get_by_label("Papers and minutes submitted for review (reviewers)").is_checked()
    assert reviewer.email_opt_outs.filter(kind="submitted").exists()
