"""Signing in with two factors, the lockout, the audit trail and a change to a published agenda, in Chromium.

Every page is checked with axe-core and under the Content-Security-Policy (the `new_page` fixture fails the
test on any violation the browser reports).
"""

import base64
import re
import time

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from playwright.sync_api import Error as PlaywrightError

from boards import services
from boards.models import Paper

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page, username, password="pass-word-123"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_secretary_sets_up_two_factor_then_signs_in_with_a_code(new_page, axe_check, secretary, settings):
    settings.REQUIRE_TWO_FACTOR = True
    page = new_page()
    _password_step(page, "secretary")
    page.goto("/workspace/")
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))  # no workspace before a device is set up
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    if page.get_by_text("select which authentication method").count():
        page.get_by_role("button", name="Continue").click()
    secret = page.get_by_role("link", name=re.compile(r"^[A-Z2-7]{16,}$")).inner_text()
    axe_check(page)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.locator("input[name='generator-token']").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/complete/"))
    axe_check(page)
    page.goto("/workspace/")
    assert page.url.endswith("/workspace/")

    # Signing in again asks for the code from the app.
    fresh = new_page()
    _password_step(fresh, "secretary")
    token = fresh.locator("input[name='token-otp_token']")
    token.wait_for()
    axe_check(fresh)
    time.sleep(max(0, 31 - time.time() % 30))  # the code just used cannot be used twice: wait for the next one
    token.fill(f"{totp(key):06d}")
    fresh.get_by_role("button", name="Verify").click()
    fresh.wait_for_url("**/workspace/")


def test_the_lockout_page_says_what_happened_and_is_accessible(new_page, axe_check, member, settings):
    page = new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(page, "member", "not-the-password")
    _password_step(page, "member")
    assert page.get_by_role("heading", name=re.compile("locked", re.IGNORECASE)).count() == 1
    axe_check(page)


def test_an_auditor_reads_the_audit_trail(new_page, axe_check, db):
    auditor = UserFactory(username="auditor")
    auditor.groups.add(Group.objects.get_or_create(name="Auditor")[0])
    page = new_page()
    _password_step(page, "auditor")
    page.goto("/workspace/audit/")
    assert page.get_by_role("heading", level=1).count() == 1
    axe_check(page)
    page.get_by_label("Show").select_option("signins")
    page.get_by_role("button", name=re.compile("Show|Filter|Apply")).first.click()
    page.locator("td", has_text="auditor").first.wait_for()  # the sign-in just made is on the trail
    axe_check(page)


def test_a_change_to_a_published_agenda_is_confirmed_first(
    new_page, axe_check, meeting, secretary, make_paper, django_capture_on_commit_callbacks
):
    paper = make_paper(Paper.Status.CLEARED, title="Estates Strategy")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Fleet replacement")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, user=secretary)
    page = new_page()
    _password_step(page, "secretary")
    page.goto(meeting.get_staff_url())
    row = page.locator("tr", has_text="Fleet replacement")
    row.get_by_role("button", name=re.compile("Remove")).click()
    page.get_by_text("will be removed from the agenda").wait_for()
    axe_check(page)
    page.get_by_role("button", name=re.compile("Remove the item")).click()
    page.wait_for_url(f"**{meeting.get_staff_url()}")
    assert page.locator("tr", has_text="Fleet replacement").count() == 0


def test_the_csp_watch_reports_a_real_violation(new_page, live_server):
    page = new_page()
    page.goto("/")
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'inline';")  # an inline script: the policy blocks it
    page.wait_for_timeout(500)
    assert any("script-src" in v for v in new_page.violations)
    assert page.title() != "inline"
    page.close()
    new_page.violations.clear()  # proven; the fixture's own check would now fail the test
