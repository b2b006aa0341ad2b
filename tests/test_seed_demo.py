"""`seed_demo` is safe to run again after people have used the portal, and undoes none of their work."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from boards import services
from boards.models import AgendaItem, Board, Meeting, Membership, Paper
from minutes import services as minutes_services
from minutes.models import Minutes

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_running_the_demo_seed_twice_changes_nothing():
    seed()
    counts = (Meeting.objects.count(), AgendaItem.objects.count(), Paper.objects.count(), Membership.objects.count())
    seed()
    assert (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Paper.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_the_demo_seed_runs_again_after_people_used_the_portal_and_keeps_their_work(django_capture_on_commit_callbacks):
    seed()
    secretary = user("secretary")
    bcb = Board.objects.get(slug="bcb")
    upcoming = Meeting.objects.filter(board=bcb).upcoming().get()

    # The secretary removes an item, publishes a cleared paper and moves the meeting.
    services.remove_agenda_item(item=upcoming.agenda_items.get(title="Commissioning Intentions"), user=secretary)
    services.remove_agenda_item(item=upcoming.agenda_items.get(title="Medium-Term Financial Plan"), user=secretary)
    seed()  # an item it made is gone: found, not made again
    assert not upcoming.agenda_items.filter(title="Commissioning Intentions").exists()
    mtfp = Paper.objects.get(title__startswith="Medium-Term Financial Plan")
    services.publish_paper(paper=mtfp, user=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(
            meeting=upcoming, user=secretary, starts_at=upcoming.starts_at + timedelta(days=8), reason="Budget timing."
        )
    # A reviewer returns the submitted paper; a membership ends; the circulated minutes are approved and signed.
    offenders = Paper.objects.get(title__startswith="Police and Crime Plan – Offenders")
    services.return_paper(paper=offenders, user=user("reviewer"), comment="Add the reoffending figures.")
    membership = Membership.objects.get(board=bcb, person__user__username="member")
    membership.ends_on = timezone.localdate() - timedelta(days=1)
    membership.save()
    circulated = Minutes.objects.get(status=Minutes.Status.CIRCULATED)
    later = services.schedule_meeting(
        board=bcb, starts_at=circulated.meeting.starts_at + timedelta(days=1), user=secretary
    )
    assert later.has_started
    Meeting.objects.filter(pk=later.pk).update(status=Meeting.Status.HELD)
    later.refresh_from_db()
    minutes_services.approve_minutes(minutes=circulated, user=secretary, at_meeting=later)
    minutes_services.sign_minutes(minutes=circulated, user=user("chair"))
    meetings, papers = Meeting.objects.count(), Paper.objects.count()

    seed()
    seed()

    upcoming.refresh_from_db()
    assert upcoming.notice.startswith("Moved")
    assert not upcoming.agenda_items.filter(
        title__in=["Commissioning Intentions", "Medium-Term Financial Plan"]
    ).exists()
    assert (Meeting.objects.count(), Paper.objects.count()) == (meetings, papers)
    offenders.refresh_from_db()
    assert offenders.status == Paper.Status.DRAFT  # not submitted again
    mtfp.refresh_from_db()
    assert mtfp.status == Paper.Status.PUBLISHED and mtfp.agenda_item is None
    membership.refresh_from_db()
    assert membership.ends_on is not None
    assert Membership.objects.filter(board=bcb, person__user__username="member").count() == 1
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.SIGNED


def test_the_demo_has_imported_archive_records_with_their_original_files():
    from archive.models import ImportedDocument
    from boards.document import build_document
    from boards.models import Decision
    from minutes.models import Attendance

    seed()
    documents = {d.original_name: d for d in ImportedDocument.objects.select_related("paper", "minutes")}
    assert {d.status for d in documents.values()} == {ImportedDocument.Status.CONFIRMED}

    older = documents["seb-2013-06-11-item-4-neighbourhood-consultation.txt"].paper
    assert older.marking == "" and older.date.year == 2013
    assert older.board.is_dissolved
    assert Paper.objects.public().filter(pk=older.pk).exists()

    word = documents["bcb-2018-12-13-item-5-victims-commissioning.docx"]
    assert word.original.read()[:2] == b"PK"  # a real Word file, made with python-docx
    numbers = [p.number for s in build_document(word.paper).sections for p in s.paragraphs]
    assert "4.6" in numbers and "4.8" in numbers and "4.7" not in numbers
    assert word.paper.imported_at and word.paper.published_at.year == 2018

    minutes = documents["bcb-2018-12-13-minutes.txt"].minutes
    assert Minutes.objects.public().filter(pk=minutes.pk).exists()
    assert minutes.signed_by.name == "Harriet Boscawen"
    assert minutes.meeting == word.paper.meeting
    # A person of today's demo, matched by name, with the post she held then.
    pennington = minutes.attendance.get(person__name="Jo Pennington")
    assert pennington.post.startswith("Deputy Chief Executive")
    assert pennington.person.post_title == "Chief Executive"
    assert pennington.state == Attendance.State.MEMBER
    assert Decision.objects.get(meeting=minutes.meeting).recommendation.paper == word.paper

    seed()  # found, not imported again
    assert ImportedDocument.objects.count() == 3


def test_the_demo_agendas_were_published_in_time():
    """The seed publishes past meetings' agendas as it runs; they are dated as an office would have published them."""
    seed()
    published = Meeting.objects.filter(agenda_published_at__isnull=False, imported_at__isnull=True)
    assert published.exists()
    assert [m for m in published if m.agenda_published_late] == []


def test_the_demo_interests_were_last_updated_when_last_reviewed():
    """The public reads an entry's last update; the reminder reads its last review. In the demo they agree,
    so an entry due for review does not look freshly updated to the public."""
    from transparency.models import Interest

    seed()
    interests = list(Interest.objects.all())
    assert interests and any(i.reviewed_at < timezone.now() - timedelta(days=365) for i in interests)
    for interest in interests:
        assert abs(interest.updated_at - interest.reviewed_at) < timedelta(seconds=1), interest
        assert interest.history.get().history_date == interest.reviewed_at
