"""Changes after publication: a moved meeting keeps its old links, a published agenda changes only with confirmation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from boards import services
from boards.models import Meeting, MeetingSlug, PackBuild, Paper
from pcp_portal.pdf import pdf_text

from .conftest import at_two_pm
from .factories import MembershipFactory, PersonFactory, UserFactory

K = PackBuild.Kind


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a service and the work it leaves for after its commit (builds, e-mail)."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


@pytest.fixture
def published(meeting, secretary, make_paper, run_on_commit):
    """A published agenda: Outturn (4.0, a published paper), Estates (5.0), then the closing items."""
    outturn = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=outturn)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Estates Strategy")
    run_on_commit(services.publish_agenda, meeting=meeting, user=secretary)
    meeting.refresh_from_db()
    return meeting


def latest(meeting, kind):
    return meeting.pack_builds.filter(kind=kind).order_by("-pk").first()


def pdf_of(build):
    with build.file.open("rb") as handle:
        return handle.read()


def move(meeting, secretary, run_on_commit, days=7, reason="The chair is at the national conference."):
    run_on_commit(
        services.move_meeting,
        meeting=meeting,
        user=secretary,
        starts_at=meeting.starts_at + timedelta(days=days),
        reason=reason,
    )
    meeting.refresh_from_db()
    return meeting


# Moving a meeting


def test_the_old_address_of_a_moved_meeting_redirects_permanently_to_the_new(client, meeting, secretary, run_on_commit):
    old_url = meeting.get_absolute_url()
    move(meeting, secretary, run_on_commit)
    assert meeting.get_absolute_url() != old_url
    response = client.get(old_url + "?from=email")
    assert response.status_code == 301
    assert response["Location"] == meeting.get_absolute_url() + "?from=email"
    assert client.get(response["Location"]).status_code == 200


def test_every_page_under_the_old_address_redirects_to_the_same_page_under_the_new(
    client, published, secretary, run_on_commit
):
    pack = latest(published, K.PACK)
    old_pack_url = pack.get_absolute_url()
    board, old_slug = published.board.slug, published.slug
    move(published, secretary, run_on_commit)
    new_base = published.get_absolute_url()

    response = client.get(old_pack_url)
    assert response.status_code == 301 and response["Location"] == f"{new_base}packs/{pack.pk}/"
    assert client.get(response["Location"]).status_code == 200  # the old build is still there
    for name, suffix in [("minutes:public_minutes", "minutes/"), ("minutes:public_minutes_pdf", "minutes/pdf/")]:
        response = client.get(reverse(name, args=[board, old_slug]))
        assert response.status_code == 301 and response["Location"] == new_base + suffix


def test_a_meeting_moved_twice_redirects_both_old_addresses_to_the_latest(client, meeting, secretary, run_on_commit):
    first = meeting.get_absolute_url()
    second = move(meeting, secretary, run_on_commit).get_absolute_url()
    move(meeting, secretary, run_on_commit)
    for old in (first, second):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == meeting.get_absolute_url()


def test_a_later_meeting_on_the_freed_date_wins_over_the_redirect(client, meeting, board, secretary, run_on_commit):
    old_url, old_start = meeting.get_absolute_url(), meeting.starts_at
    move(meeting, secretary, run_on_commit)
    newcomer = services.schedule_meeting(board=board, starts_at=old_start, user=secretary, location="Room 2")
    assert newcomer.get_absolute_url() == old_url
    response = client.get(old_url)
    assert response.status_code == 200 and response.context["meeting"] == newcomer


def test_an_unknown_address_is_still_not_found(client, meeting, secretary, run_on_commit):
    move(meeting, secretary, run_on_commit)
    assert client.get(reverse("boards:meeting_detail", args=[meeting.board.slug, "2001-01-01"])).status_code == 404
    assert client.get(reverse("boards:meeting_detail", args=["no-such-board", meeting.slug])).status_code == 404


def test_the_old_address_is_kept_whoever_changes_the_date(meeting):
    """The admin saves the model directly: the old address is recorded all the same."""
    old_slug = meeting.slug
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.starts_at += timedelta(days=3)
    meeting.save()
    assert MeetingSlug.objects.get(board=meeting.board, slug=old_slug).meeting == meeting


def test_moving_a_meeting_with_a_published_agenda_rebuilds_its_documents_with_the_new_date(
    published, secretary, run_on_commit
):
    first_agenda = latest(published, K.AGENDA)
    move(published, secretary, run_on_commit, days=14)
    rebuilt = {kind: latest(published, kind) for kind in (K.AGENDA, K.PACK, K.CONFIDENTIAL)}
    assert all(build.status == PackBuild.Status.READY for build in rebuilt.values())
    assert rebuilt[K.AGENDA].pk != first_agenda.pk
    new, old = timezone.localtime(published.starts_at), timezone.localtime(published.starts_at - timedelta(days=14))
    text = pdf_text(pdf_of(rebuilt[K.AGENDA]))
    assert f"{new:%A %-d %B %Y}" in text and f"{old:%A %-d %B %Y}" not in text
    assert f"Moved from {old:%-d %B %Y}" in text
    assert f"{old:%A %-d %B %Y}" in pdf_text(pdf_of(first_agenda))  # the earlier build is kept


def test_moving_a_meeting_without_a_published_agenda_builds_nothing(meeting, secretary, run_on_commit):
    move(meeting, secretary, run_on_commit)
    assert not meeting.pack_builds.exists()


def with_emails(*users):
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save()


def test_current_members_are_emailed_the_move_with_a_link(meeting, secretary, member, chair, board, run_on_commit):
    with_emails(member, chair)
    former = UserFactory(username="former", email="former@example.org")
    MembershipFactory(
        person=PersonFactory(user=former),
        board=board,
        starts_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() - timedelta(days=30),
    )
    move(meeting, secretary, run_on_commit)
    emails = [m for m in mail.outbox if m.subject.startswith("Meeting moved")]
    assert sorted(address for m in emails for address in m.to) == ["chair@example.org", "member@example.org"]
    email = emails[0]
    assert meeting.get_absolute_url() in email.body
    assert "The chair is at the national conference." in email.body
    assert f"{meeting.starts_at:%-d %B %Y}" in email.subject


def test_the_calendar_feed_updates_a_moved_meeting_in_place(client, meeting, secretary, run_on_commit):
    def feed():
        calendar = Calendar.from_ical(client.get(reverse("boards:calendar_all")).content)
        return {str(event["uid"]): event for event in calendar.walk("VEVENT")}

    [(uid, before)] = feed().items()
    move(meeting, secretary, run_on_commit, days=2)
    after = feed()[uid]  # the same event, so calendar clients replace it
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart") == at_two_pm(42)
    assert str(after["url"]).endswith(meeting.get_absolute_url())
    assert "The chair is at the national conference." in str(after["description"])
