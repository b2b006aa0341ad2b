"""Sign-in and accounts: lockout, two-factor, password reset and change, idle timeout, the audit trail."""

import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_SEEN_KEY
from accounts.models import DownloadRecord
from boards import services
from boards.models import Appendix, PackBuild, Paper
from minutes import services as minutes_services
from minutes.models import Minutes

from .factories import UserFactory
from .test_uploads import pdf_bytes

PASSWORD = "pass-word-123"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"


def sign_in(client, username, password=PASSWORD, **extra):
    """The first step of the login: username and password."""
    data = {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    return client.post(reverse("login"), data, HTTP_USER_AGENT=BROWSER, **extra)


def enter_token(client, code, step="token"):
    return client.post(reverse("login"), {"login_view-current_step": step, f"{step}-otp_token": code})


def signed_in_user(client):
    return client.get(reverse("boards:staff_home")).wsgi_request.user


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now, computed from the device's key."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


# Brute force: throttling, lockout, unlock


def test_the_right_password_after_too_many_wrong_ones_does_not_sign_in(client, member, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        response = sign_in(client, "member", "wrong-guess")
    response = sign_in(client, "member")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("boards:staff_home")).status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, member):
    for _ in range(4):
        sign_in(client, "member", "wrong-guess")
    response = sign_in(client, "member")
    assert response.status_code == 302
    assert signed_in_user(client) == member


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client, member):
    for number in range(5):
        sign_in(client, "member", "wrong-guess", REMOTE_ADDR=f"10.0.0.{number + 1}")
    assert sign_in(Client(), "member", REMOTE_ADDR="10.9.9.9").status_code == 429


def test_an_address_is_locked_whatever_accounts_it_tries(client, member, users):
    for name in ["author", "reviewer", "secretary", "chair", "norole"]:
        sign_in(client, name, "wrong-guess", REMOTE_ADDR="10.1.1.1")
    assert sign_in(client, "member", REMOTE_ADDR="10.1.1.1").status_code == 429
    # The account itself is not locked: from elsewhere it signs in.
    assert sign_in(Client(), "member", REMOTE_ADDR="10.2.2.2").status_code == 302


def test_a_locked_out_visitor_sees_the_portals_own_page_saying_what_to_do(client, member):
    for _ in range(6):
        response = sign_in(client, "member", "wrong-guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert "Skip to main content" in page  # the portal's layout, not a bare message
    assert "30 minutes" in page
    assert "administrator to unlock" in page


def test_the_admin_login_goes_through_the_portals_throttled_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"


def test_an_administrator_unlocks_an_account_with_the_management_command(client, member):
    for _ in range(5):
        sign_in(client, "member", "wrong-guess", REMOTE_ADDR="10.3.3.3")
    assert sign_in(Client(), "member", REMOTE_ADDR="10.4.4.4").status_code == 429
    call_command("axes_reset_username", "member")
    assert sign_in(Client(), "member", REMOTE_ADDR="10.4.4.4").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, member):
    for _ in range(5):
        sign_in(client, "member", "wrong-guess", REMOTE_ADDR="10.3.3.3")
    attempt = AccessAttempt.objects.get(username="member")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and b"member" in changelist.content
    response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(Client(), "member", REMOTE_ADDR="10.3.3.3").status_code == 302


# Two-factor authentication


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def device(member):
    return TOTPDevice.objects.create(user=member, name="default", confirmed=True)


def test_with_two_factor_required_a_user_without_a_device_is_sent_to_set_one_up(client, member, two_factor_on):
    client.force_login(member)
    for url in [reverse("boards:staff_home"), reverse("boards:staff_paper_list"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("two_factor:setup")


def test_without_the_requirement_a_user_without_a_device_signs_in_with_the_password(client, member):
    assert sign_in(client, "member").status_code == 302
    assert client.get(reverse("boards:staff_home")).status_code == 200


def test_a_user_who_set_up_a_device_is_asked_for_the_code_even_when_not_required(client, member, device):
    assert sign_in(client, "member").status_code == 200
    assert "_auth_user_id" not in client.session


def test_setting_up_a_device_with_a_real_code_opens_the_workspace(client, member, two_factor_on):
    client.force_login(member)
    assert client.get(reverse("two_factor:setup")).status_code == 200
    client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})
    key = b32decode(client.session["django_two_factor-qr_secret_key"])
    code = f"{totp(key):06d}"
    data = {"setup_view-current_step": "generator", "generator-token": code}
    response = client.post(reverse("two_factor:setup"), data)
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=member).confirmed
    assert client.get(reverse("boards:staff_home")).status_code == 200


def test_the_login_asks_for_the_code_and_a_real_one_signs_in(client, member, device, two_factor_on):
    response = sign_in(client, "member")
    assert response.status_code == 200
    assert b"token-otp_token" in response.content
    assert "_auth_user_id" not in client.session
    response = enter_token(client, current_code(device))
    assert response.status_code == 302
    assert client.get(reverse("boards:staff_home")).status_code == 200


def test_a_wrong_code_is_refused_beside_the_field(client, member, device, two_factor_on):
    sign_in(client, "member")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = enter_token(client, wrong)
    assert response.status_code == 200
    assert b"Invalid token" in response.content
    assert b'name="token-otp_token"' in response.content
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_a_failed_sign_in_on_the_audit_trail_and_counts_towards_the_lockout(
    client, member, device, two_factor_on, settings
):
    sign_in(client, "member")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    enter_token(client, wrong)
    failure = AccessFailureLog.objects.get()
    assert failure.username == "member"
    assert AccessAttempt.objects.get(username="member").failures_since_start == 1


def test_a_backup_code_signs_in_once(client, member, device, two_factor_on):
    backup = StaticDevice.objects.create(user=member, name="backup")
    backup.token_set.create(token="abcd1234")
    sign_in(client, "member")
    client.post(reverse("login"), {"login_view-current_step": "token", "wizard_goto_step": "backup"})
    assert enter_token(client, "abcd1234", step="backup").status_code == 302
    assert client.get(reverse("boards:staff_home")).status_code == 200
    other = Client()
    sign_in(other, "member")
    other.post(reverse("login"), {"login_view-current_step": "token", "wizard_goto_step": "backup"})
    assert enter_token(other, "abcd1234", step="backup").status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_session_signed_in_without_the_second_factor_must_sign_in_again(client, member, device, two_factor_on):
    client.force_login(member)
    response = client.get(reverse("boards:staff_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_the_admin_needs_the_second_factor_too(client, db, two_factor_on):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 302
    device = TOTPDevice.objects.create(user=admin, name="default", confirmed=True)
    client = Client()
    sign_in(client, "root")
    enter_token(client, current_code(device))
    assert client.get("/admin/").status_code == 200


# Passwords


def test_password_reset_sends_a_link_that_sets_a_new_password(client, member):
    member.email = "member@example.org"
    member.save()
    response = client.post(reverse("password_reset"), {"email": "member@example.org"}, headers={"Host": "localhost"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    # The link names the portal's own address (SITE_URL), whatever Host the request carried.
    found = re.search(r"(https?://[^/]+)(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert found.group(1) == settings.SITE_URL
    link = found.group(2)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-fresh-long-phrase", "new_password2": "a-fresh-long-phrase"}
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert sign_in(Client(), "member", "a-fresh-long-phrase").status_code == 302
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_keeps_this_session_and_ends_the_others(client, member):
    other = Client()
    other.force_login(member)
    client.force_login(member)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-fresh-long-phrase", "new_password2": "a-fresh-long-phrase"},
    )
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("boards:staff_home")).status_code == 200
    response = other.get(reverse("boards:staff_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_wrong_old_password_is_refused_beside_the_field(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "a-fresh-long-phrase", "new_password2": "a-fresh-long-phrase"},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors


# Idle timeout


def idle_for(client, seconds):
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_session_idle_longer_than_the_limit_is_signed_out_with_a_message(client, member, settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(member)
    assert client.get(reverse("boards:staff_home")).status_code == 200
    idle_for(client, 31 * 60)
    response = client.get(reverse("boards:staff_paper_list"), follow=True)
    assert response.redirect_chain[0][0] == reverse("login") + "?next=" + reverse("boards:staff_paper_list")
    assert b"signed out after 30 minutes without activity" in response.content
    assert "_auth_user_id" not in client.session


def test_a_session_used_within_the_limit_stays_signed_in(client, member, settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(member)
    client.get(reverse("boards:staff_home"))
    idle_for(client, 29 * 60)
    assert client.get(reverse("boards:staff_paper_list")).status_code == 200


def test_activity_is_written_to_the_session_at_most_once_a_minute(client, member, settings):
    """A signed-in page is not a database write: the session is saved again only when the time it holds is a
    minute old, which is all the idle limit needs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ACTIVITY_WRITE_SECONDS = 60
    client.force_login(member)
    client.get(reverse("boards:staff_home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("boards:staff_paper_list"))
    assert not [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    idle_for(client, 61)
    client.get(reverse("boards:staff_paper_list"))
    assert time.time() - client.session[LAST_SEEN_KEY] < 5


def test_background_status_polls_do_not_keep_an_idle_session_alive(client, member):
    client.force_login(member)
    client.get(reverse("boards:staff_home"))
    idle_for(client, 20 * 60)
    client.get(reverse("boards:staff_home"), HTTP_ACCEPT="application/json")
    assert time.time() - client.session[LAST_SEEN_KEY] >= 20 * 60 - 5


# Audit trail: sign-ins


def test_a_successful_sign_in_is_logged_with_address_and_browser(client, member):
    sign_in(client, "member", REMOTE_ADDR="192.0.2.10")
    entry = AccessLog.objects.get(username="member")
    assert entry.ip_address == "192.0.2.10"
    assert entry.user_agent == BROWSER
    assert timezone.now() - entry.attempt_time < timedelta(minutes=1)


def test_a_failed_sign_in_is_logged_with_address_and_browser(client, member):
    sign_in(client, "member", "wrong-guess", REMOTE_ADDR="192.0.2.11")
    entry = AccessFailureLog.objects.get(username="member")
    assert entry.ip_address == "192.0.2.11"
    assert entry.user_agent == BROWSER
    assert not AccessLog.objects.filter(username="member").exists()


def test_behind_a_trusted_proxy_the_clients_address_is_recorded(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, "member", "wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert AccessFailureLog.objects.get(username="member").ip_address == "203.0.113.7"


# Audit trail: downloads


@pytest.fixture
def sensitive_paper(make_paper):
    paper = make_paper(Paper.Status.CLEARED, marking=Paper.Marking.OFFICIAL_SENSITIVE, title="Custody Review")
    appendix = Appendix(paper=paper, title="Map", sha256="0" * 64, size=1, page_count=1)
    appendix.file.save("map.pdf", ContentFile(pdf_bytes()), save=True)
    return paper


def test_reading_a_sensitive_papers_pdf_is_recorded(client, member, sensitive_paper):
    client.force_login(member)
    response = client.get(reverse("boards:staff_paper_pdf", args=[sensitive_paper.pk]), REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 200
    record = DownloadRecord.objects.get()
    assert (record.kind, record.user, record.username) == (DownloadRecord.Kind.SENSITIVE_PAPER, member, "member")
    assert record.ip_address == "192.0.2.20"
    assert record.description == "Custody Review"


def test_reading_a_sensitive_papers_appendix_is_recorded(client, member, sensitive_paper):
    client.force_login(member)
    appendix = sensitive_paper.appendices.get()
    response = client.get(reverse("boards:staff_appendix", args=[sensitive_paper.pk, appendix.pk]))
    assert response.status_code == 200
    record = DownloadRecord.objects.get()
    assert record.kind == DownloadRecord.Kind.SENSITIVE_APPENDIX
    assert "Custody Review" in record.description


def test_an_official_papers_pdf_leaves_no_record(client, member, make_paper):
    paper = make_paper(Paper.Status.CLEARED)
    client.force_login(member)
    assert client.get(reverse("boards:staff_paper_pdf", args=[paper.pk])).status_code == 200
    assert not DownloadRecord.objects.exists()


def test_a_refused_download_leaves_no_record(client, outside_member, sensitive_paper):
    client.force_login(outside_member)
    assert client.get(reverse("boards:staff_paper_pdf", args=[sensitive_paper.pk])).status_code == 404
    assert not DownloadRecord.objects.exists()


def test_reading_a_confidential_pack_is_recorded(client, member, meeting, secretary, make_paper):
    paper = make_paper(Paper.Status.CLEARED)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    services.publish_agenda(meeting=meeting, user=secretary)
    build = meeting.pack_builds.get(kind=PackBuild.Kind.CONFIDENTIAL)
    build.file.save("confidential.pdf", ContentFile(pdf_bytes()), save=False)
    build.status = PackBuild.Status.READY
    build.save()
    client.force_login(member)
    assert client.get(reverse("boards:staff_pack", args=[meeting.pk, build.pk])).status_code == 200
    record = DownloadRecord.objects.get()
    assert record.kind == DownloadRecord.Kind.CONFIDENTIAL_PACK
    assert record.object_id == str(build.pk)


def test_reading_the_confidential_minutes_is_recorded(client, meeting, secretary):
    Minutes.objects.filter(meeting=meeting).delete()
    meeting.status = meeting.Status.HELD
    meeting.starts_at = timezone.now() - timedelta(days=2)
    meeting.save()
    minutes = minutes_services.start_minutes(meeting=meeting, user=secretary)
    client.force_login(secretary)
    assert client.get(reverse("minutes:staff_minutes_pdf", args=[minutes.pk])).status_code == 200
    record = DownloadRecord.objects.get()
    assert (record.kind, record.username) == (DownloadRecord.Kind.CONFIDENTIAL_MINUTES, "secretary")


# The audit page


@pytest.fixture
def auditor(db):
    user = UserFactory(username="auditor")
    user.groups.add(Group.objects.get_or_create(name="Auditor")[0])
    return user


def test_the_auditor_group_is_made_by_a_migration(db):
    assert Group.objects.filter(name="Auditor").exists()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("author", 403),
        ("other_author", 403),
        ("reviewer", 403),
        ("secretary", 403),
        ("member", 403),
        ("chair", 403),
        ("outside_member", 403),
        ("no_role", 403),
    ],
)
def test_only_auditors_read_the_audit_trail(client, users, role, expected):
    client.force_login(users[role])
    assert client.get(reverse("audit_trail")).status_code == expected


def test_an_auditor_reads_the_audit_trail(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit_trail"))
    assert response.status_code == 200
    assert b"Audit trail" in response.content


def test_the_anonymous_visitor_is_sent_to_sign_in_for_the_audit_trail(client, db):
    response = client.get(reverse("audit_trail"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def make_record(username, days_ago=0, **fields):
    record = DownloadRecord.objects.create(
        kind=DownloadRecord.Kind.CONFIDENTIAL_PACK,
        username=username,
        object_type="boards.packbuild",
        object_id="1",
        description=f"Pack read by {username}",
        **fields,
    )
    DownloadRecord.objects.filter(pk=record.pk).update(at=timezone.now() - timedelta(days=days_ago))
    return record


def test_the_audit_trail_filters_by_user_and_date(client, auditor):
    make_record("member", days_ago=10)
    make_record("member", days_ago=1)
    make_record("chair", days_ago=1)
    client.force_login(auditor)
    since = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = client.get(reverse("audit_trail"), {"username": "member", "since": since})
    assert response.context["page"].paginator.count == 1
    assert b"Pack read by member" in response.content
    assert b"Pack read by chair" not in response.content


def test_the_audit_trail_shows_sign_ins_and_failures(client, auditor, member):
    sign_in(Client(), "member", "wrong-guess")
    sign_in(Client(), "member")
    client.force_login(auditor)
    failures = client.get(reverse("audit_trail"), {"record": "failures", "username": "member"})
    assert failures.context["page"].paginator.count == 1
    successes = client.get(reverse("audit_trail"), {"record": "signins", "username": "member"})
    assert successes.context["page"].paginator.count == 1


def test_a_date_range_the_wrong_way_round_is_refused_beside_the_field(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit_trail"), {"since": "2026-03-01", "until": "2026-02-01"})
    assert "until" in response.context["form"].errors
    assert b"2026-03-01" in response.content


def test_the_audit_trail_is_paginated_in_constant_queries(client, auditor, django_assert_max_num_queries):
    for number in range(60):
        make_record(f"user{number}")
    client.force_login(auditor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit_trail"))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].has_next()


@pytest.mark.parametrize(
    "kind, landing",
    [("author", "/workspace/"), ("auditor", "/workspace/audit/"), ("admin", "/admin/"), ("nobody", "/")],
)
def test_each_person_lands_where_their_work_is_after_signing_in(client, db, kind, landing):
    from pcp_portal.roles import Role

    user = UserFactory(
        username=kind, roles=[Role.AUTHOR] if kind == "author" else [], is_staff=kind == "admin", is_superuser=False
    )
    if kind == "auditor":
        user.groups.add(Group.objects.get_or_create(name="Auditor")[0])
    if kind == "admin":
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="view_board"))
    client.force_login(user)
    response = client.get(reverse("after_sign_in"), follow=True)
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_one_reading_of_a_sensitive_pdf_is_one_record_whether_revalidated_or_read_in_ranges(client, member, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED, marking=Paper.Marking.OFFICIAL_SENSITIVE, title="Custody Review")
    url = reverse("boards:staff_paper_pdf", args=[paper.pk])
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert client.get(url, headers={"Range": "bytes=100-199"}).status_code == 206
    assert client.get(url, headers={"If-None-Match": f'"{paper.pdf_sha256}"'}).status_code == 304
    assert DownloadRecord.objects.count() == 1
    assert client.get(url, headers={"Range": "bytes=0-99"}).status_code == 206  # a new reading begins
    assert DownloadRecord.objects.count() == 2


def test_the_audit_trail_keeps_the_kind_of_row_asked_for_when_a_date_is_wrong(client, db):
    auditor = UserFactory(username="auditor")
    auditor.groups.add(Group.objects.get_or_create(name="Auditor")[0])
    client.force_login(auditor)
    response = client.get(reverse("audit_trail"), {"record": "failures", "since": "not-a-date"})
    assert response.status_code == 200
    assert response.context["record"] == "failures"
    assert response.context["form"].errors["since"]
