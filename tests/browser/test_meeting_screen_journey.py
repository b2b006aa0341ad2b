"""The meeting screen in Chromium: the register, a quorate meeting, every decision, an action, the draft minutes."""

import re

import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import Decision, Meeting, Paper
from minutes.models import Action, Attendance, Minutes

from ..conftest import meeting_has_begun
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_runs_the_meeting_and_drafts_the_minutes(
    new_page, axe_check, board, meeting, secretary, member, chair, make_paper
):
    board.quorum = 2
    board.save()
    paper = make_paper(Paper.Status.PUBLISHED, title="Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Provisional Outturn", paper=paper)
    services.record_position(recommendation=paper.recommendations.first(), user=member, stance="support")
    meeting_has_begun(meeting)

    page = new_page()
    sign_in(page, "secretary")
    page.goto(meeting.get_staff_url())
    page.get_by_role("link", name="Open the meeting screen").click()
    page.get_by_role("button", name="Open the register").click()
    page.get_by_text("The register is open").wait_for()
    axe_check(page)

    # The register: one click each; the quorum follows.
    def quorum() -> str:
        return page.get_by_role("region", name="Quorum").get_by_role("status").inner_text()

    assert "Not quorate: 0 of 2 voting members present, quorum 2" in quorum()
    page.evaluate("window.sameScreen = true")
    page.get_by_role("button", name=f"Present: {member.person.name}").click()
    page.get_by_text(f"{member.person.name}: Present (member).").wait_for()
    assert "Not quorate: 1 of 2" in quorum()
    page.get_by_role("button", name=f"Present: {chair.person.name}").click()
    page.get_by_text(f"{chair.person.name}: Present (member).").wait_for()
    assert "Quorate: 2 of 2 voting members present, quorum 2." in quorum()
    assert page.get_by_role("button", name=f"Present: {chair.person.name}").get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.sameScreen === true"), "the register is kept without reloading the page"

    # A guest by name and post; a missing post is asked for beside the field and the name is kept.
    guest = page.get_by_role("form", name="Add a guest")
    guest.get_by_label("Name").fill("Ann Cole")
    guest.get_by_role("button", name="Add the guest").click()
    page.get_by_text("Give the guest's post.").wait_for()
    guest = page.get_by_role("form", name="Add a guest")
    assert guest.get_by_label("Name").input_value() == "Ann Cole"
    guest.get_by_label("Post").fill("Internal Auditor")
    guest.get_by_role("button", name="Add the guest").click()
    page.get_by_text("Ann Cole is in the register, in attendance.").wait_for()

    # Item by item: the tally, and a decision on every recommendation, offered as its own verb asks.
    expect(page.get_by_text("1 of 2 members have responded: 1 support.")).to_be_visible()
    for rec in paper.recommendations.order_by("position", "pk"):
        form = page.get_by_role("form", name=f"Decision on: {rec.wording}")
        expected = Decision.outcome_for(rec)
        assert form.get_by_label("The board's decision").input_value() == expected
        form.get_by_role("button", name="Record the decision").click()
        page.get_by_text(re.compile(r"^Recorded: ")).first.wait_for()
    assert sorted(Decision.objects.values_list("outcome", flat=True)) == ["approved", "noted"]

    # An action as it is agreed.
    item = page.locator("section[id^=item-]").filter(has_text="Provisional Outturn")
    item.get_by_text("Add an action under item").click()
    item.get_by_role("textbox", name=re.compile(r"^Action")).fill("Report the outturn's risks to the next meeting")
    item.get_by_label("Owner").select_option(label=f"{member.person.name} ({member.person.initials})")
    item.get_by_label("Due date").fill("2030-01-31")
    item.get_by_role("button", name="Add the action").click()
    page.get_by_text(re.compile(r"Action \d{4}/01 agreed")).wait_for()
    axe_check(page)

    # The meeting ends: the minutes are drafted from what was recorded.
    page.get_by_role("button", name="Draft the minutes").click()
    page.wait_for_url(re.compile(r"/workspace/minutes/\d+/edit/"))
    page.get_by_text("drafted from what was recorded").wait_for()
    axe_check(page)
    minutes = Minutes.objects.get()
    assert Meeting.objects.get().status == Meeting.Status.HELD
    states = dict(minutes.attendance.values_list("person__name", "state"))
    assert states[member.person.name] == states[chair.person.name] == Attendance.State.MEMBER
    assert states["Ann Cole"] == Attendance.State.IN_ATTENDANCE
    assert Action.objects.get().minute_item.title == "Provisional Outturn"
    page.goto(minutes.get_staff_url())
    expect(page.get_by_text("The Board noted the progress made against the Victims theme.")).to_be_visible()
    expect(page.get_by_text("Report the outturn's risks to the next meeting").first).to_be_visible()
