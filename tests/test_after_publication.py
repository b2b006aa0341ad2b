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


# Changing a published agenda


def remove_url(meeting, title):
    item = meeting.agenda_items.get(title=title)
    return reverse("boards:staff_item_remove", args=[meeting.pk, item.pk])


def test_a_published_agenda_is_not_changed_without_confirmation(published, secretary):
    item = published.agenda_items.get(title="Estates Strategy")
    with pytest.raises(services.ConfirmationNeeded, match="The agenda was published on"):
        services.remove_agenda_item(item=item, user=secretary)
    with pytest.raises(services.ConfirmationNeeded):
        services.move_agenda_item(item=item, user=secretary, direction="up")
    with pytest.raises(services.ConfirmationNeeded):
        services.add_agenda_item(meeting=published, user=secretary, title="Custody")
    assert published.agenda_items.filter(title="Estates Strategy", position=5).exists()
    assert published.pack_builds.count() == 3


def test_removing_an_item_asks_for_confirmation_then_renumbers_the_published_agenda_pdf(
    client, published, secretary, django_capture_on_commit_callbacks
):
    first_agenda = latest(published, K.AGENDA)
    assert "5.0 Estates Strategy" in pdf_text(pdf_of(first_agenda))
    client.force_login(secretary)
    url = remove_url(published, "Outturn")

    asked = client.post(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert f"The agenda was published on {timezone.localtime(published.agenda_published_at):%-d %B %Y}" in page
    assert "5.0 Estates Strategy becomes 4.0" in page
    assert "keeps “Agenda Item: 4.0” printed in its published PDF" not in page  # its item goes; nothing renumbers it
    assert published.agenda_items.filter(title="Outturn").exists()  # nothing changed yet

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirmed": "1"})
    assert done.status_code == 302
    assert not published.agenda_items.filter(title="Outturn").exists()
    newest = published.pack_builds.public().filter(kind=K.AGENDA).order_by("-finished_at", "-pk").first()
    assert newest.pk != first_agenda.pk
    text = pdf_text(pdf_of(newest))
    assert "4.0 Estates Strategy" in text and "5.0 Estates Strategy" not in text and "Outturn" not in text

    # The public page and the newest PDF agree; the earlier build stays listed for staff.
    public_page = client.get(published.get_absolute_url()).content.decode()
    assert "4.0" in public_page and newest.get_absolute_url() in public_page
    staff_page = client.get(published.get_staff_url()).content.decode()
    assert reverse("boards:staff_pack", args=[published.pk, first_agenda.pk]) in staff_page
    client.logout()
    assert client.get(first_agenda.get_absolute_url()).status_code == 200


def test_members_are_emailed_the_revised_pack(client, published, secretary, member, chair, run_on_commit):
    with_emails(member, chair)
    mail.outbox.clear()
    item = published.agenda_items.get(title="Estates Strategy")
    run_on_commit(services.move_agenda_item, item=item, user=secretary, direction="up", confirmed=True)
    subjects = {m.subject for m in mail.outbox}
    assert any(s.startswith("Revised agenda pack published") for s in subjects)
    assert sorted(a for m in mail.outbox for a in m.to) == ["chair@example.org", "member@example.org"]


def test_moving_an_item_asks_for_confirmation_and_warns_that_a_published_paper_keeps_its_printed_number(
    client, published, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    item = published.agenda_items.get(title="Outturn")
    url = reverse("boards:staff_item_move", args=[published.pk, item.pk])
    page = client.post(url, {"direction": "down"}).content.decode()
    assert "4.0 Outturn becomes 5.0" in page and "5.0 Estates Strategy becomes 4.0" in page
    assert "“Provisional Outturn Report” keeps “Agenda Item: 4.0” printed in its published PDF" in page
    assert 'name="direction" value="down"' in page  # carried on to the confirmation, a plain form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"direction": "down", "confirmed": "1"})
    item.refresh_from_db()
    assert item.number == "5.0"
    assert "5.0 Outturn" in pdf_text(pdf_of(latest(published, K.AGENDA)))


def test_adding_an_item_with_a_cleared_paper_confirms_then_publishes_it_in_a_supplement(
    client, published, secretary, make_paper, django_capture_on_commit_callbacks
):
    late = make_paper(Paper.Status.CLEARED, title="Road Safety Funding")
    client.force_login(secretary)
    url = reverse("boards:staff_item_add", args=[published.pk])
    data = {"title": "Road safety", "paper": late.pk, "part": "public"}
    page = client.post(url, data).content.decode()
    assert "“Road safety” will be added to the agenda as item 6.0" in page
    assert "Cleared papers will be published: “Road Safety Funding”" in page and "supplementary pack 1" in page

    back = client.post(url, {**data, "revise": "1"})
    assert back.status_code == 200 and back.context["form"]["title"].value() == "Road safety"
    assert not published.agenda_items.filter(title="Road safety").exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    late.refresh_from_db()
    assert late.status == Paper.Status.PUBLISHED
    supplement = latest(published, K.SUPPLEMENT)
    assert supplement.status == PackBuild.Status.READY and supplement.paper_ids == [late.pk]
    assert "6.0 Road safety" in pdf_text(pdf_of(latest(published, K.AGENDA)))


def test_editing_an_item_of_a_published_agenda_asks_first(client, published, secretary, run_on_commit):
    client.force_login(secretary)
    item = published.agenda_items.get(title="Estates Strategy")
    url = reverse("boards:staff_item_edit", args=[published.pk, item.pk])
    data = {"title": "Estates Strategy: Headquarters", "part": "public"}
    page = client.post(url, data).content.decode()
    assert "Item 5.0 “Estates Strategy” will be changed" in page
    item.refresh_from_db()
    assert item.title == "Estates Strategy"
    client.post(url, {**data, "confirmed": "1"})
    item.refresh_from_db()
    assert item.title == "Estates Strategy: Headquarters"
    assert latest(published, K.AGENDA).pk != published.pack_builds.filter(kind=K.AGENDA).order_by("pk").first().pk


def test_an_agenda_not_yet_published_rebuilds_nothing_when_an_item_is_removed(client, meeting, secretary):
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn")
    client.force_login(secretary)
    # Removing an item is irreversible, so it asks first (test_confirmations), but nothing is rebuilt.
    assert "The agenda was published" not in client.post(remove_url(meeting, "Outturn")).content.decode()
    assert meeting.agenda_items.filter(title="Outturn").exists()
    assert client.post(remove_url(meeting, "Outturn"), {"confirmed": "1"}).status_code == 302
    assert not meeting.agenda_items.filter(title="Outturn").exists()
    assert not meeting.pack_builds.exists()


def test_only_the_secretary_reaches_the_confirmation(client, published, member):
    client.force_login(member)
    assert client.post(remove_url(published, "Outturn")).status_code in (403, 404)
    assert published.agenda_items.filter(title="Outturn").exists()


def test_making_an_item_exempt_says_its_published_paper_leaves_the_public_site(client, published, secretary):
    client.force_login(secretary)
    item = published.agenda_items.get(title="Outturn")
    paper = item.papers.get()
    url = reverse("boards:staff_item_edit", args=[published.pk, item.pk])
    data = {"title": "Outturn", "part": "exempt", "exemption_category": "3", "paper": paper.pk}
    page = client.post(url, data).content.decode()
    assert "The item becomes exempt: “Provisional Outturn Report” will be taken off the public site" in page
    item.refresh_from_db()
    assert item.part == "public"


def test_a_held_meeting_cannot_be_moved(client, meeting, secretary):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, starts_at=at_two_pm(-1))
    client.force_login(secretary)
    response = client.get(reverse("boards:staff_meeting_move", args=[meeting.pk]), follow=True)
    assert "The meeting is held: it cannot be moved." in response.content.decode()
    with pytest.raises(services.TransitionError, match="cannot be moved"):
        services.move_meeting(meeting=meeting, user=secretary, starts_at=at_two_pm(5), reason="Room unavailable.")


def test_an_item_holding_a_paper_is_never_deleted_around_the_agenda_services(
    admin_client, meeting, secretary, make_paper
):
    """Only `remove_agenda_item` takes an item off an agenda, and it refuses to free a paper an exempt item kept
    from the public. Deleting the item, or its meeting, in the admin would have freed it: both are refused."""
    from django.db.models import ProtectedError

    from boards.models import AgendaItem

    paper = make_paper(Paper.Status.CLEARED)
    item = services.add_agenda_item(
        meeting=meeting, user=secretary, title="Estates", paper=paper, part=AgendaItem.Part.EXEMPT,
        exemption_category="3", public_interest_reason="Negotiations.",
    )  # fmt: skip
    with pytest.raises(ProtectedError):
        AgendaItem.objects.get(pk=item.pk).delete()
    page = admin_client.get(reverse("admin:boards_meeting_delete", args=[meeting.pk])).content.decode()
    assert "would require deleting the following protected related objects" in page
    admin_client.post(reverse("admin:boards_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    assert Paper.objects.get(pk=paper.pk).agenda_item_id == item.pk


def test_a_boards_address_is_set_when_it_is_made_and_then_kept(admin_client, board):
    """Every public link to the board, its meetings and minutes, and readers' subscriptions carry it."""
    change = admin_client.get(reverse("admin:boards_board_change", args=[board.pk])).content.decode()
    assert 'name="slug"' not in change and board.slug in change
    assert 'name="slug"' in admin_client.get(reverse("admin:boards_board_add")).content.decode()
