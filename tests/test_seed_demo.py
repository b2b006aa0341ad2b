"""The demo (`seed_demo`): one of everything, in every state, and safe to run again after people have used the
portal, undoing none of their work. The module seeds it once; each test reads it, or works in it, and is rolled
back."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from boards import services
from boards.models import AgendaItem, Board, Meeting, Membership, Paper
from minutes import services as minutes_services
from minutes.models import Minutes

from .conftest import built_once_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the module; each test runs inside it and its changes are rolled back."""
    with built_once_for_module(django_db_blocker, tmp_path_factory, "seed-demo"):
        seed()
        yield


@pytest.fixture(autouse=True)
def test_settings(demo, db):
    """Instead of the suite's per-test settings: the seeded demo's media and cache serve the whole module."""


def user(username):
    return get_user_model().objects.get(username=username)


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_running_the_demo_seed_twice_changes_nothing():
    from plans.models import PriorityAction

    models = (Meeting, AgendaItem, Paper, Membership, Board, PriorityAction)
    counts = [model.objects.count() for model in models]
    seed()
    assert [model.objects.count() for model in models] == counts


def test_the_demo_seed_runs_again_after_people_used_the_portal_and_keeps_their_work(django_capture_on_commit_callbacks):
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
    published = Meeting.objects.filter(agenda_published_at__isnull=False, imported_at__isnull=True)
    assert published.exists()
    assert [m for m in published if m.agenda_published_late] == []


def test_the_demo_interests_were_last_updated_when_last_reviewed():
    """The public reads an entry's last update; the reminder reads its last review. In the demo they agree,
    so an entry due for review does not look freshly updated to the public."""
    from transparency.models import Interest

    interests = list(Interest.objects.all())
    assert interests and any(i.reviewed_at < timezone.now() - timedelta(days=365) for i in interests)
    for interest in interests:
        assert abs(interest.updated_at - interest.reviewed_at) < timedelta(seconds=1), interest
        assert interest.history.get().history_date == interest.reviewed_at


def test_the_demo_has_every_state_of_a_paper_and_meeting():
    from plans.models import PriorityAction

    states = set(Paper.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "cleared", "published", "superseded", "withdrawn"} <= states
    assert Paper.objects.filter(marking="OFFICIAL-SENSITIVE", status="published").exists()
    assert Board.objects.filter(dissolved_on__isnull=False).exists()
    assert 20 <= PriorityAction.objects.count() <= 30
    assert Meeting.objects.filter(status="held", decisions__confirmed_at__isnull=False).exists()
    assert Meeting.objects.filter(status="scheduled").exists()


def test_demo_meetings_record_who_chaired_and_a_vice_chair_signed_one_set_of_minutes():
    from minutes.models import Attendance

    assert not Meeting.objects.filter(chaired_by__isnull=True).exists()
    # The demo's own signed minutes; the archive's imported ones are signed by whoever signed them then.
    signed = (
        Minutes.objects.filter(status=Minutes.Status.PUBLISHED, imported_at=None)
        .select_related("meeting__chaired_by")
        .get()
    )
    assert signed.signed_by == signed.meeting.chaired_by
    assert signed.attendance.get(person=signed.signed_by).state == Attendance.State.MEMBER


def test_the_demo_meetings_left_to_minute_can_be_signed_or_say_before_approval_why_not(client):
    """Someone trying the demo may minute any of its own held meetings. The Business Coordination Board's can be
    taken to signing; the Performance Working Group was dissolved in 2023 and its chair had the Reviewer's login
    only, so its minutes' page says, from the start, why they cannot be approved and signed."""
    from minutes.permissions import signing_problem

    secretary = user("secretary")
    # The archive's imported meetings are chaired by people long gone, with no login: their pages say so too.
    unminuted = Meeting.objects.filter(status=Meeting.Status.HELD, minutes__isnull=True, imported_at=None)
    problems = {}
    for meeting in unminuted.select_related("board"):
        minutes = minutes_services.start_minutes(meeting=meeting, user=secretary)
        problems[meeting.board.slug] = signing_problem(minutes)
    assert problems["pwg"].startswith("Jo Pennington chaired the meeting and signs its minutes with their own login")
    assert all(not problem for slug, problem in problems.items() if slug != "pwg")
    client.force_login(secretary)
    pwg = Minutes.objects.get(meeting__board__slug="pwg")
    assert escape(problems["pwg"]) in client.get(pwg.get_staff_url()).content.decode()


def test_every_entry_of_the_demo_has_an_id_of_its_own_and_an_author(client):
    from django.urls import reverse

    from .test_feed_entries import entries, feed

    found = entries(feed(client, reverse("feed")))
    kinds = {e["title"].split(":")[0] for e in found}
    assert {"Paper", "Decision", "Minutes"} <= kinds, kinds
    ids = [e["id"] for e in found]
    assert len(set(ids)) == len(ids)
    assert all(e["author"] for e in found), [e for e in found if not e["author"]]


def test_the_demo_plan_has_an_entry_in_time_a_late_one_a_private_one_and_a_draft(client):
    from django.urls import reverse

    from transparency.models import DecisionNotice, ForwardPlanEntry

    seed()  # safe to run again: nothing twice
    # The first published notice of the demo's Commissioner or deputy has left the plan for its decision.
    decided = list(ForwardPlanEntry.objects.decided().select_related("notice"))
    assert len(decided) == 1
    assert decided[0].subject == decided[0].notice.title
    assert DecisionNotice.objects.public().filter(pk=decided[0].notice_id).exists()
    entries = list(ForwardPlanEntry.objects.all())
    assert len(entries) == len({e.subject for e in entries}) >= 4
    public = list(ForwardPlanEntry.objects.on_plan())
    assert any(e.is_late and e.late_reason for e in public)
    assert any(not e.is_late for e in public)
    assert any(e.private and e.private_reason for e in public)
    assert ForwardPlanEntry.objects.filter(published_at__isnull=True).exists()
    page = client.get(reverse("transparency:forward_plan")).content.decode()
    assert "Late" in page and "Ministry of Justice" in page


def test_the_demo_has_notices_in_each_state_and_running_it_again_adds_none():
    from transparency import permissions
    from transparency.models import DecisionNotice

    S = DecisionNotice.Status
    notices = DecisionNotice.objects.all()
    by_status = {status: notices.filter(status=status).count() for status in S.values}
    assert by_status[S.PUBLISHED] >= 3 and by_status[S.HELD] == 1
    assert by_status[S.DRAFT] >= 1 and by_status[S.ADVISED] >= 1
    public = DecisionNotice.objects.public()
    assert public.count() == by_status[S.PUBLISHED]
    assert any(n.has_confidential_part for n in public)
    following = public.get(paper__isnull=False)
    assert following.board_decision is not None and following.themes.exists() and following.priority_actions.exists()
    held = notices.get(status=S.HELD)
    assert held.hold_reason and timedelta(days=19) < held.hold_until - timezone.now() < timedelta(days=22)
    advised = notices.get(status=S.ADVISED)
    assert advised.decision_maker.user.username == "chair"
    assert permissions.can_sign_notice(advised.decision_maker.user, advised)
    for notice in public:
        assert len(notice.pdf_sha256) == 64
    count = notices.count()
    seed()
    assert DecisionNotice.objects.count() == count
