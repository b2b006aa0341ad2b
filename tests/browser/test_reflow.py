"""Reflow (WCAG 2.2, 1.4.10): at 320 CSS pixels wide no page of the portal scrolls sideways.

The demo (`seed_demo`) gives one of everything; each page kind below is loaded in Chromium at 320 x 640 and the
page's own width is compared with the window's. Wide tables scroll inside their own labelled region instead."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from boards.models import AgendaItem, Board, Meeting, Paper
from minutes import services as minutes_services
from minutes.models import Minutes
from pcp_portal.roles import Role
from plans.models import PriorityAction, ReportingPeriod
from transparency.models import DecisionNotice, ForwardPlanEntry, Gift, Interest, InterestRegister

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-portal-2025"
NARROW = {"width": 320, "height": 640}
# A link typed into a paper: no hyphen, slash or space after the host, so nothing where a line may break.
URL = "https://www.example.org/report?id=" + "0123456789abcdefABCDEF" * 6

WIDTHS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def demo():
    # A transactional test empties the tables after it, the roles' groups (made by migrations) too.
    for name in [role.label for role in Role] + ["Auditor"]:
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", stdout=io.StringIO())
    # The office gives its monitoring officer the audit trail.
    get_user_model().objects.get(username="monitoring").groups.add(Group.objects.get(name="Auditor"))
    paper = Paper.objects.public().order_by("pk").first()
    # A long address in the published text, as an author would paste it.
    Paper.objects.filter(pk=paper.pk).update(purpose=f"The report is published at {URL} for everyone.")
    return paper


def narrow_page(new_page):
    page = new_page()
    page.set_viewport_size(NARROW)
    return page


def too_wide(page, urls, axe_check) -> list[str]:
    """The pages of `urls` wider than the window; each is checked with axe-core at that width too: what
    scrolls on a small screen must be reachable from the keyboard (scrollable-region-focusable)."""
    found = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        scroll_width, window_width = page.evaluate(WIDTHS)
        if scroll_width > window_width:
            found.append(f"{url} is {scroll_width} px wide")
        axe_check(page)
    return found


def public_kinds(paper) -> dict[str, str]:
    meeting = Meeting.objects.with_public_agenda().order_by("pk").first()
    board = Board.objects.order_by("pk").first()
    minutes = Minutes.objects.public().order_by("pk").first()
    period = ReportingPeriod.objects.published().order_by("pk").first()
    action = PriorityAction.objects.order_by("pk").first()
    notice = DecisionNotice.objects.public().order_by("pk").first()
    entry = ForwardPlanEntry.objects.public().order_by("pk").first()
    register = InterestRegister.objects.public().order_by("pk").first()
    return {
        "home": reverse("home"),
        "papers": reverse("boards:paper_list"),
        "paper": paper.get_absolute_url(),
        "meetings": reverse("boards:meeting_list"),
        "meeting": meeting.get_absolute_url(),
        "board decisions": reverse("boards:decision_list"),
        "boards": reverse("boards:board_list"),
        "board": board.get_absolute_url(),
        "a board's minutes": reverse("minutes:board_minutes", args=[board.slug]),
        "minutes": minutes.get_absolute_url(),
        "plan delivery": reverse("plans:dashboard"),
        "plan theme": reverse("plans:theme", args=[action.theme_id]),
        "priority action": reverse("plans:action", args=[action.code]),
        "delivery report": period.get_absolute_url(),
        "search": reverse("search") + "?q=report",
        "accessibility statement": reverse("accessibility"),
        "open data": reverse("api_docs"),
        "transparency": reverse("transparency:transparency"),
        "the Commissioner's decisions": reverse("transparency:notice_list"),
        "decision notice": notice.get_absolute_url(),
        "forward plan": reverse("transparency:forward_plan"),
        "forward plan entry": entry.get_absolute_url(),
        "registers of interests": reverse("transparency:interest_registers"),
        "register of interests": register.get_absolute_url(),
        "gifts and hospitality": reverse("transparency:gifts"),
        "sign in": reverse("login"),
        "password reset": reverse("password_reset"),
    }


def test_every_public_page_kind_reflows_at_320_pixels(new_page, demo, axe_check):
    kinds = public_kinds(demo)
    page = narrow_page(new_page)
    assert too_wide(page, kinds.values(), axe_check) == []
    # The long address is on the paper's page, broken rather than widening it.
    page.goto(kinds["paper"])
    assert page.get_by_text(URL).count() == 1


def test_every_staff_page_kind_reflows_at_320_pixels(new_page, demo, axe_check):
    paper = demo
    meeting = Meeting.objects.filter(agenda_published_at__isnull=False).order_by("pk").first()
    item = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    minutes = Minutes.objects.order_by("pk").first()
    period = ReportingPeriod.objects.order_by("pk").first()
    notice = DecisionNotice.objects.order_by("pk").first()
    entry = ForwardPlanEntry.objects.order_by("pk").first()
    register = InterestRegister.objects.order_by("pk").first()
    interest = Interest.objects.order_by("pk").first()
    gift = Gift.objects.order_by("pk").first()
    secretary_pages = {
        "workspace": reverse("boards:staff_home"),
        "papers": reverse("boards:staff_paper_list"),
        "paper": paper.get_staff_url(),
        "paper history": reverse("boards:staff_paper_history", args=[paper.pk]),
        "new paper": reverse("boards:staff_paper_create"),
        "meetings": reverse("boards:staff_meeting_list"),
        "meeting": meeting.get_staff_url(),
        "new meeting": reverse("boards:staff_meeting_create"),
        "agenda item": reverse("boards:staff_item_edit", args=[meeting.pk, item.pk]),
        "minutes list": reverse("minutes:staff_minutes_list"),
        "minutes": minutes.get_staff_url(),
        "actions": reverse("minutes:staff_actions"),
        "plan workspace": reverse("plans:workspace"),
        "RAG grid": reverse("plans:grid", args=[period.pk]),
        "report preview": reverse("plans:staff_report", args=[period.pk]),
        "plan variation": reverse("plans:variation_create"),
        "archive review list": reverse("archive:review_list"),
        "archive upload": reverse("archive:upload"),
        "paper from Word": reverse("archive:paper_from_word"),
        "transparency workspace": reverse("transparency:staff_home"),
        "decision notices": reverse("transparency:staff_notice_list"),
        "decision notice": reverse("transparency:staff_notice", args=[notice.pk]),
        "new decision notice": reverse("transparency:notice_create"),
        "notice history": reverse("transparency:notice_history", args=[notice.pk]),
        "forward plan": reverse("transparency:staff_forward_plan"),
        "forward plan entry": entry.get_staff_url(),
        "new forward plan entry": reverse("transparency:staff_forward_plan_create"),
        "registers": reverse("transparency:staff_registers"),
        "register": register.get_staff_url(),
        "interest history": reverse("transparency:staff_interest_history", args=[interest.pk]),
        "gifts": reverse("transparency:staff_gifts"),
        "gift": reverse("transparency:staff_gift_edit", args=[gift.pk]),
        "account": reverse("two_factor:profile"),
        "password change": reverse("password_change"),
    }
    draft = Paper.objects.filter(status=Paper.Status.DRAFT, created_by__username="author").order_by("pk").first()
    author_pages = {"paper editor": reverse("boards:staff_paper_edit", args=[draft.pk])}
    held = Meeting.objects.filter(status=Meeting.Status.HELD, minutes__isnull=True).order_by("pk").first()
    draft_minutes = minutes_services.start_minutes(
        meeting=held, user=get_user_model().objects.get(username="secretary")
    )
    secretary_pages["minutes editor"] = reverse("minutes:staff_minutes_edit", args=[draft_minutes.pk])

    found = []
    for username, pages in [("secretary", secretary_pages), ("author", author_pages)]:
        page = narrow_page(new_page)
        sign_in(page, username, DEMO_PASSWORD)
        found += too_wide(page, pages.values(), axe_check)
    page = narrow_page(new_page)
    sign_in(page, "monitoring", DEMO_PASSWORD)
    found += too_wide(page, [reverse("audit_trail")], axe_check)
    assert found == []


def test_on_a_small_screen_the_navigation_opens_from_a_menu_button(new_page, axe_check, demo):
    page = narrow_page(new_page)
    page.goto(reverse("boards:decision_list"))
    navigation = page.get_by_role("navigation", name="Main")
    menu = navigation.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not navigation.get_by_role("link", name="Papers").is_visible()
    axe_check(page)
    menu.click()
    navigation.get_by_role("link", name="Papers").wait_for(state="visible")
    assert menu.get_attribute("aria-expanded") == "true"
    navigation.get_by_role("link", name="Papers").click()
    page.wait_for_url("**/papers/")
    # On a wide screen there is no menu button: the links show.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not page.get_by_role("button", name="Menu").is_visible()
    expect(navigation.get_by_role("link", name="Meetings")).to_be_visible()


def test_a_wide_table_scrolls_in_its_own_labelled_region_that_a_keyboard_can_reach(new_page, axe_check, demo):
    page = narrow_page(new_page)
    page.goto(reverse("boards:paper_list"))
    region = page.get_by_role("region", name="Published papers")
    table = region.get_by_role("table")
    assert table.evaluate("t => t.scrollWidth") > region.evaluate("r => r.clientWidth")
    assert page.evaluate(WIDTHS)[0] <= 320
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-responsive').scrollLeft > 0")
    axe_check(page)
