# ruff: noqa: F811  (the minutes fixtures, imported, are parameters of the tests below)
"""What needs me: each role lands on its own waiting work, with counts, and nobody else's."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.models import PackBuild, Paper
from minutes import services as minutes_services
from minutes.models import Action, Minutes

from .conftest import at_two_pm
from .test_minutes import cycle, held, held_meeting, minutes, next_meeting  # noqa: F401  (fixtures)

P = Paper.Status


def queues(client, user) -> dict[str, int]:
    client.force_login(user)
    response = client.get(reverse("boards:staff_home"))
    assert response.status_code == 200
    html = response.content.decode()
    found = re.findall(r'<h2 class="h5 card-title" id="queue-[a-z]+-\d+">(.*?) <span[^>]*data-count>(\d+)</span>', html)
    return {title: int(count) for title, count in found}, html


def test_the_author_sees_their_drafts_and_the_reviewers_comment_on_a_returned_one(
    client, make_paper, author, other_author, reviewer
):
    returned = make_paper(P.SUBMITTED, title="Estates strategy")
    board_services.return_paper(paper=returned, user=reviewer, comment="Cost the <b>second</b> option.")
    make_paper(P.DRAFT, title="Victims commissioning")
    counts, html = queues(client, author)
    assert counts["Your drafts"] == 2
    assert "Returned: Cost the &lt;b&gt;second&lt;/b&gt; option." in html
    assert "Papers awaiting review" not in counts and "Decisions to record" not in counts
    counts, html = queues(client, other_author)
    assert counts["Your drafts"] == 0 and "Estates strategy" not in html


def test_the_editor_of_a_returned_paper_opens_with_the_reviewers_comment(client, make_paper, author, reviewer):
    paper = make_paper(P.SUBMITTED)
    board_services.return_paper(paper=paper, user=reviewer, comment="Add the equality implications.")
    client.force_login(author)
    html = client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).content.decode()
    assert "Returned to you for changes" in html and "Add the equality implications." in html
    board_services.submit_paper(paper=paper, user=author)
    board_services.return_paper(paper=paper, user=reviewer, comment="Now the risk section.")
    html = client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).content.decode()
    assert "Now the risk section." in html and "Add the equality implications." not in html


def test_a_draft_never_returned_has_no_returned_note(client, make_paper, author):
    paper = make_paper(P.DRAFT)
    client.force_login(author)
    assert "Returned to you" not in client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).content.decode()


def test_the_reviewer_sees_submitted_papers_and_minutes_awaiting_clearance(
    client,
    make_paper,
    reviewer,
    secretary,
    minutes,
):
    make_paper(P.SUBMITTED, title="Submitted one")
    make_paper(P.DRAFT, title="Still a draft")
    counts, html = queues(client, reviewer)
    assert counts["Papers awaiting review"] == 1 and counts["Minutes awaiting clearance"] == 0
    assert "Still a draft" not in html
    minutes_services.submit_minutes(minutes=minutes, user=secretary)
    counts, html = queues(client, reviewer)
    assert counts["Minutes awaiting clearance"] == 1
    assert "Your drafts" not in counts and "Minutes to draft" not in counts


def test_the_secretary_sees_deadlines_packs_decisions_and_minutes_to_draft(
    client, make_paper, secretary, board, meeting
):
    paper = make_paper(P.PUBLISHED, title="Outturn")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    counts, html = queues(client, secretary)
    assert counts["Meetings and their next deadline"] == 1
    assert f"due by {meeting.publication_deadline:%-d %B %Y}" in html
    assert counts["Agendas and packs to publish"] == 1
    assert counts["Decisions to record"] == 0 and counts["Minutes to draft"] == 0
    held(meeting)
    counts, html = queues(client, secretary)
    assert counts["Decisions to record"] == 1 and counts["Minutes to draft"] == 1
    assert counts["Meetings and their next deadline"] == 0
    assert "Decisions awaiting your confirmation" not in counts


def test_the_secretary_sees_minutes_to_circulate_and_to_publish(client, users, secretary, minutes, next_meeting):
    counts, _ = queues(client, secretary)
    assert counts["Cleared minutes to circulate"] == 0 and counts["Signed minutes to publish"] == 0
    cycle(minutes, users, next_meeting, to=Minutes.Status.CLEARED)
    counts, html = queues(client, secretary)
    assert counts["Cleared minutes to circulate"] == 1 and counts["Signed minutes to publish"] == 0
    assert minutes.get_staff_url() in html
    minutes_services.circulate_minutes(minutes=minutes, user=secretary)
    minutes_services.approve_minutes(minutes=minutes, user=secretary, at_meeting=next_meeting)
    minutes_services.sign_minutes(minutes=minutes, user=users["chair"])
    counts, _ = queues(client, secretary)
    assert counts["Cleared minutes to circulate"] == 0 and counts["Signed minutes to publish"] == 1
    minutes_services.publish_minutes(minutes=minutes, user=secretary)
    counts, _ = queues(client, secretary)
    assert counts["Signed minutes to publish"] == 0


def test_the_chair_sees_decisions_to_confirm_and_minutes_to_sign(
    client,
    users,
    chair,
    member,
    minutes,
    next_meeting,
):
    counts, _ = queues(client, chair)
    assert counts["Decisions awaiting your confirmation"] == 0
    assert counts["Minutes awaiting your signature"] == 0
    cycle(minutes, users, next_meeting, to=Minutes.Status.APPROVED)
    counts, html = queues(client, chair)
    assert counts["Minutes awaiting your signature"] == 1
    # A member who did not chair is not asked to sign, nor shown a chair's boxes at all.
    counts, _ = queues(client, member)
    assert "Minutes awaiting your signature" not in counts
    assert "Decisions awaiting your confirmation" not in counts


def test_the_chair_counts_each_unconfirmed_decision(client, make_paper, secretary, chair, meeting):
    paper = make_paper(P.PUBLISHED, title="Estates")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    held(meeting)
    for rec in paper.recommendations.all():
        board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    counts, html = queues(client, chair)
    assert counts["Decisions awaiting your confirmation"] == 2 and "Estates" in html


def test_the_member_sees_the_next_meeting_and_recommendations_without_their_position(
    client, make_paper, secretary, member, outside_member, meeting, board
):
    later = board_services.schedule_meeting(board=board, starts_at=at_two_pm(80), user=secretary)
    paper = make_paper(P.CLEARED, title="Estates")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    counts, html = queues(client, member)
    title = "Your next meetings: recommendations without your position"
    assert counts[title] == 2
    assert meeting.get_staff_url() in html and later.get_staff_url() not in html
    first = paper.recommendations.first()
    board_services.record_position(recommendation=first, user=member, stance="support")
    counts, _ = queues(client, member)
    assert counts[title] == 1
    counts, html = queues(client, outside_member)
    assert counts[title] == 0 and meeting.get_staff_url() not in html


def test_the_members_next_meeting_links_its_published_packs(
    client, make_paper, secretary, member, meeting, django_capture_on_commit_callbacks
):
    paper = make_paper(P.PUBLISHED, title="Estates")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    _, html = queues(client, member)
    assert "No pack published yet" in html
    with django_capture_on_commit_callbacks(execute=True):
        builds = board_services.publish_agenda(meeting=meeting, user=secretary)
    ready = [build for build in builds if PackBuild.objects.get(pk=build.pk).status == PackBuild.Status.READY]
    assert ready
    _, html = queues(client, member)
    assert "No pack published yet" not in html
    for build in ready:
        assert f'href="{build.get_absolute_url()}"' in html


def test_the_member_sees_the_actions_they_own(client, users, minutes):
    member = users["member"]
    Action.objects.create(
        board=minutes.meeting.board,
        reference="2026/07",
        raised_at=minutes,
        text="Brief the panel",
        owner=member.person,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    counts, html = queues(client, member)
    assert counts["Actions you own"] == 1 and "Brief the panel" in html and "(overdue)" in html
    counts, html = queues(client, users["chair"])
    assert counts["Actions you own"] == 0 and "Brief the panel" not in html


@pytest.mark.parametrize("role", ["author", "reviewer", "secretary", "member", "chair"])
def test_the_page_runs_a_constant_number_of_queries_whatever_the_archive_size(
    client, users, make_paper, secretary, meeting, board, role
):
    def measure():
        client.force_login(users[role])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("boards:staff_home")).status_code == 200
        return len(queries)

    def grow(start, n):
        for index in range(start, start + n):
            paper = make_paper(P.SUBMITTED if index % 2 else P.DRAFT, title=f"Paper {index}")
            if index % 2:
                board_services.clear_paper(paper=paper, user=users["reviewer"])
                board_services.add_agenda_item(meeting=meeting, user=secretary, title=f"Item {index}", paper=paper)
            board_services.schedule_meeting(board=board, starts_at=at_two_pm(50 + index), user=secretary)

    grow(0, 2)
    small = measure()
    grow(2, 12)
    assert measure() == small


def test_the_page_is_for_signed_in_people_with_a_role(client, no_role_user):
    response = client.get(reverse("boards:staff_home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(no_role_user)
    assert client.get(reverse("boards:staff_home")).status_code == 403


def test_only_the_secretary_submits_minutes_and_anonymous_visitors_sign_in(
    client,
    users,
    minutes,
):
    url = reverse("minutes:staff_minutes_submit", args=[minutes.pk])
    response = client.post(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for role in ("author", "reviewer", "member", "chair"):
        client.force_login(users[role])
        assert client.post(url).status_code in (403, 404), role
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.DRAFT
    client.force_login(users["secretary"])
    html = client.get(minutes.get_staff_url()).content.decode()
    assert "Submit for clearance" in html
    assert client.post(url).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED
    assert minutes.events.filter(action="submitted").exists()
    # Submitted minutes are not edited; a reviewer clears or returns them.
    assert "Submit for clearance" not in client.get(minutes.get_staff_url()).content.decode()
    assert client.get(reverse("minutes:staff_minutes_edit", args=[minutes.pk])).status_code in (403, 404)
    minutes_services.return_minutes(minutes=minutes, user=users["reviewer"], comment="Fix 6.2")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
